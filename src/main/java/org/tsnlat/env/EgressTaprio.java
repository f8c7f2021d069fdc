package org.tsnlat.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * The taprio schedule of a sender's egress interface, for {@code --taprio-align}: read from
 * {@code tc -j qdisc show dev IF} ({@link QdiscSchedules}), or why there is none to align to, in
 * one line naming the qdisc found and, when this kernel has no sch_taprio, that too. Reads only.
 *
 * @param ifname   the interface
 * @param place    where the taprio hangs ("root"), null with a refusal
 * @param taprio   its options, null with a refusal
 * @param refusal  why there is nothing to align to, null when there is
 */
public record EgressTaprio(String ifname, String place, EnvSnapshot.QdiscSchedule taprio, String refusal) {

    /** {@code ifname}'s taprio in {@code netns} (null: this process's namespace). */
    public static EgressTaprio read(String ifname, String netns) {
        try {
            return of(ifname, QdiscSchedules.show(ifname, netns), LaunchTimeQdisc.KernelModules.read());
        } catch (IOException e) {
            return new EgressTaprio(ifname, null, null, "the egress qdisc of " + ifname + " could not be read ("
                    + e.getMessage() + "), so no taprio schedule was seen to align to");
        }
    }

    /** From tc's JSON for {@code ifname} and what the kernel has. */
    static EgressTaprio of(String ifname, JsonNode tcJson, Function<String, LaunchTimeQdisc.Availability> kernel) {
        var schedules = QdiscSchedules.of(tcJson);
        for (var e : schedules.entrySet()) {
            if (!e.getValue().kind().equals("taprio")) continue;
            var t = e.getValue();
            if (inForce(t) == null) {
                return new EgressTaprio(ifname, null, null, "the taprio qdisc of " + ifname + " (" + e.getKey()
                        + ") reports no schedule with a cycle");
            }
            return new EgressTaprio(ifname, e.getKey(), t, null);
        }
        String found = LaunchTimeQdisc.describe(tcJson, List.of("taprio"));
        LaunchTimeQdisc.Availability taprio = kernel.apply("taprio");
        String lacks = taprio.present() ? "" : taprio.known() ? "; this kernel has no sch_taprio: " + taprio.evidence()
                : "; whether this kernel has sch_taprio is unknown: " + taprio.evidence();
        return new EgressTaprio(ifname, null, null, "the egress qdisc of " + ifname + " is " + found + ", not taprio" + lacks);
    }

    /**
     * The schedule the probes align to: the one in force, else a pending one (it starts at its
     * base time); null when neither has a cycle.
     */
    public static EnvSnapshot.GateSchedule inForce(EnvSnapshot.QdiscSchedule taprio) {
        for (EnvSnapshot.GateSchedule g : java.util.Arrays.asList(taprio.schedule(), taprio.adminSchedule())) {
            if (g != null && g.baseTimeNs() != null && cycleNs(g) > 0) return g;
        }
        return null;
    }

    /** The cycle of {@code g}: its cycle-time, else the sum of its intervals (as the kernel takes it when none is given). */
    public static long cycleNs(EnvSnapshot.GateSchedule g) {
        if (g.cycleTimeNs() != null && g.cycleTimeNs() > 0) return g.cycleTimeNs();
        if (g.entries() == null) return 0;
        return g.entries().values().stream().mapToLong(x -> x.intervalNs() == null ? 0 : x.intervalNs()).sum();
    }

    /**
     * Whether the probes' traffic class is open {@code shiftNs} into the cycle: "entry 1 (S 0x2)
     * is in force there: the probes' traffic class 1 (SO_PRIORITY 5) is open". The class is
     * taprio's map of the socket priority's low 4 bits (the kernel's TC_BITMASK); {@code soPriority}
     * -1 (left as it is) counts as priority 0.
     */
    public String gateNote(int soPriority, long shiftNs) {
        EnvSnapshot.GateSchedule g = inForce(taprio);
        if (g == null || g.entries() == null || g.entries().isEmpty()) return "its schedule lists no gate entries";
        List<EnvSnapshot.GateEntry> entries = List.copyOf(g.entries().values());
        int i = org.tsnlat.time.CycleAlignment.entryAt(entries.stream()
                .map(x -> x.intervalNs() == null ? 0L : x.intervalNs()).toList(), shiftNs);
        if (i < 0) return "no gate entry covers " + org.tsnlat.time.DurationNs.format(shiftNs) + " into the cycle (its entries end sooner)";
        EnvSnapshot.GateEntry entry = entries.get(i);
        String at = "entry " + g.entries().keySet().stream().toList().get(i) + " (" + entry.command() + " " + entry.gateMask()
                + ") is in force there";
        int priority = soPriority < 0 ? 0 : soPriority & 0xf;
        if (taprio.map() == null || taprio.map().size() <= priority) return at;
        int tc = taprio.map().get(priority);
        long mask;
        try {
            mask = Long.parseUnsignedLong(entry.gateMask().substring(2), 16);
        } catch (RuntimeException e) {
            return at;
        }
        boolean open = (mask >>> tc & 1) == 1;
        return at + ": the probes' traffic class " + tc + " (SO_PRIORITY " + (soPriority < 0 ? "0, unchanged" : soPriority)
                + ") is " + (open ? "open" : "closed, so each probe waits for the next entry that opens it");
    }

    /** True when the schedule the probes align to is a pending one: none is in force yet. */
    public boolean pending() {
        return taprio != null && taprio.schedule() == null;
    }
}
