package org.tsnlat.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.tsnlat.time.DurationNs;

/**
 * The time-aware qdiscs of {@code env show}: one line per qdisc, one per gate schedule, in tc's
 * words (base-time, cycle-time, gatemask) with durations in units; and the kernel's line saying
 * which of sch_etf, sch_mqprio, sch_taprio it has.
 */
final class ScheduleText {
    private ScheduleText() {
    }

    /** "etf absent (CONFIG_NET_SCH_ETF not set), mqprio present (/sys/module/sch_mqprio), ...". */
    static String kernel(Map<String, String> timeAwareQdiscs) {
        List<String> each = new ArrayList<>();
        timeAwareQdiscs.forEach((qdisc, said) -> {
            int colon = said.indexOf(": ");
            each.add(colon < 0 ? qdisc + " " + said : qdisc + " " + said.substring(0, colon) + " (" + said.substring(colon + 2) + ")");
        });
        return String.join(", ", each);
    }

    /**
     * The lines of one interface, each indented by four spaces; for none, a line saying so and,
     * when this kernel lacks them, which it lacks.
     */
    static String of(SortedMap<String, EnvSnapshot.QdiscSchedule> schedules, Map<String, String> timeAwareQdiscs) {
        StringBuilder b = new StringBuilder();
        if (schedules.isEmpty()) {
            List<String> absent = new ArrayList<>();
            if (timeAwareQdiscs != null) {
                timeAwareQdiscs.forEach((q, said) -> {
                    if (said.startsWith("absent")) absent.add("sch_" + q);
                });
            }
            b.append("    time-aware qdisc: none (no taprio, etf or mqprio here")
                    .append(absent.isEmpty() ? "" : "; this kernel has no " + String.join(", ", absent))
                    .append(")\n");
            return b.toString();
        }
        schedules.forEach((where, s) -> {
            b.append("    ").append(s.kind()).append(" (").append(where).append("): ").append(head(s)).append('\n');
            if (s.schedule() != null) b.append("      schedule: ").append(gates(s.schedule())).append('\n');
            if (s.adminSchedule() != null) {
                b.append("      pending (admin) schedule: ").append(gates(s.adminSchedule())).append('\n');
            }
        });
        return b.toString();
    }

    /** What a qdisc says besides its gate schedules. */
    static String head(EnvSnapshot.QdiscSchedule s) {
        List<String> parts = new ArrayList<>();
        if (s.clockid() != null) parts.add("clockid " + s.clockid());
        if (s.flags() != null) parts.add("flags " + s.flags() + flagWords(s.flags()));
        if (s.txtimeDelayNs() != null) parts.add("txtime-delay " + DurationNs.format(s.txtimeDelayNs()));
        if (s.deltaNs() != null) parts.add("delta " + DurationNs.format(s.deltaNs()));
        if (s.offload() != null) parts.add("offload " + onOff(s.offload()));
        if (s.deadlineMode() != null) parts.add("deadline_mode " + onOff(s.deadlineMode()));
        if (s.skipSockCheck() != null) parts.add("skip_sock_check " + onOff(s.skipSockCheck()));
        if (s.numTc() != null) parts.add(s.numTc() + " traffic classes");
        if (s.map() != null) parts.add("map " + join(s.map()));
        if (s.queues() != null) parts.add("queues " + join(s.queues()));
        if (s.mode() != null) parts.add("mode " + s.mode());
        if (s.shaper() != null) parts.add("shaper " + s.shaper());
        if (s.minRate() != null) parts.add("min_rate " + join(s.minRate()));
        if (s.maxRate() != null) parts.add("max_rate " + join(s.maxRate()));
        return parts.isEmpty() ? "no options" : String.join(", ", parts);
    }

    /** "base-time 1000000000, cycle-time 1ms, cycle-time-extension 0ns; S 0x1 300us, S 0x2 700us". */
    static String gates(EnvSnapshot.GateSchedule g) {
        List<String> entries = new ArrayList<>();
        if (g.entries() != null) {
            g.entries().values().forEach(e -> entries.add(e.command() + " " + e.gateMask() + " "
                    + (e.intervalNs() == null ? "?" : DurationNs.format(e.intervalNs()))));
        }
        return "base-time " + (g.baseTimeNs() == null ? "?" : g.baseTimeNs() + " ns")
                + ", cycle-time " + (g.cycleTimeNs() == null ? "?" : DurationNs.format(g.cycleTimeNs()))
                + ", cycle-time-extension " + (g.cycleTimeExtensionNs() == null ? "?" : DurationNs.format(g.cycleTimeExtensionNs()))
                + "; " + (entries.isEmpty() ? "no entries" : String.join(", ", entries));
    }

    private static String flagWords(String flags) {
        return switch (flags) {
            case "0x0" -> " (software)";
            case "0x1" -> " (txtime-assist)";
            case "0x2" -> " (full offload)";
            default -> "";
        };
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    private static String join(List<?> values) {
        List<String> each = new ArrayList<>();
        values.forEach(v -> each.add(String.valueOf(v)));
        return String.join(" ", each);
    }
}
