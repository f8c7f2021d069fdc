package org.tsnlat.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Whether a probe's SO_TXTIME launch time is enforced on its egress interface: only the etf
 * qdisc and taprio (txtime-assist or full offload) hold a packet to its launch time; any other
 * qdisc sends it at once. Reads {@code tc -j qdisc show dev IF} and whether this kernel has
 * sch_etf and sch_taprio at all (docs/tsn.md). Reads only: never loads a module or changes a qdisc.
 */
public final class LaunchTimeQdisc {
    /** The qdiscs that enforce a launch time. */
    static final List<String> ENFORCING = List.of("etf", "taprio");

    private LaunchTimeQdisc() {
    }

    /**
     * Null when {@code ifname} (in {@code netns}, null: here) has an etf or taprio qdisc; else the
     * line to say before the first probe, e.g. "launch time: SO_TXTIME accepted by the kernel but
     * not enforced: the egress qdisc of lo is noqueue, not etf or taprio (this kernel has no
     * sch_etf / sch_taprio: CONFIG_NET_SCH_ETF, CONFIG_NET_SCH_TAPRIO not set; docs/tsn.md)".
     */
    public static String notEnforced(String ifname, String netns) {
        String kinds;
        try {
            kinds = describe(QdiscSchedules.show(ifname, netns), ENFORCING);
            if (kinds == null) return null;
        } catch (IOException e) {
            kinds = null;
        }
        return line(ifname, kinds, moduleNote(KernelModules.read()));
    }

    /** The qdiscs of {@code tcJson} as "noqueue" or "mqprio (root), pfifo (parent 100:1)"; null when one enforces. */
    static String describe(JsonNode tcJson) {
        return describe(tcJson, ENFORCING);
    }

    /** The qdiscs of {@code tcJson} in words, as {@link #describe(JsonNode)}; null when one is of a kind {@code sought}. */
    static String describe(JsonNode tcJson, List<String> sought) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode q : tcJson) {
            String kind = q.path("kind").asText("?");
            if (sought.contains(kind)) return null;
            kinds.add(kind);
        }
        if (kinds.isEmpty()) return "none";
        if (kinds.size() == 1) return kinds.getFirst();
        List<String> placed = new ArrayList<>();
        for (JsonNode q : tcJson) {
            placed.add(q.path("kind").asText("?") + " (" + Qdiscs.place(q) + ")");
        }
        return String.join(", ", placed);
    }

    /** The line said; {@code kinds} null when tc could not tell. */
    static String line(String ifname, String kinds, String modules) {
        String what = kinds == null
                ? "the egress qdisc of " + ifname + " could not be read (tc), so neither etf nor taprio was seen there"
                : "the egress qdisc of " + ifname + " is " + kinds + ", not etf or taprio";
        return "launch time: SO_TXTIME accepted by the kernel but not enforced: " + what + " (" + modules + "docs/tsn.md)";
    }

    /** What the kernel has of sch_etf and sch_taprio, ending in "; " (empty when both are there). */
    static String moduleNote(Function<String, Availability> kernel) {
        Availability etf = kernel.apply("etf");
        Availability taprio = kernel.apply("taprio");
        if (etf.present() && taprio.present()) return "";
        if (!etf.present() && !taprio.present() && etf.known() && taprio.known()) {
            return "this kernel has no sch_etf / sch_taprio: " + etf.evidence() + ", " + taprio.evidence() + "; ";
        }
        List<String> each = new ArrayList<>();
        for (var a : List.of(etf, taprio)) {
            each.add(a.present() ? "sch_" + a.name() + " is there (" + a.evidence() + ")"
                    : a.known() ? "no sch_" + a.name() + " (" + a.evidence() + ")"
                    : "sch_" + a.name() + " unknown (" + a.evidence() + ")");
        }
        return "this kernel: " + String.join(", ", each) + "; ";
    }

    /**
     * Whether the kernel has qdisc {@code name}: {@code present} and {@code known} (known false:
     * nothing could tell), with the evidence in words.
     */
    record Availability(String name, boolean present, boolean known, String evidence) {
        /** "present: /sys/module/sch_etf", "absent: CONFIG_NET_SCH_ETF not set" or "unknown: ...". */
        String said() {
            return (present ? "present" : known ? "absent" : "unknown") + ": " + evidence;
        }
    }

    /** Where a qdisc module may show: loaded or built in (/sys/module), on disk, in the kernel's config. */
    static final class KernelModules {
        private final String release;
        private final String config;

        private KernelModules(String release, String config) {
            this.release = release;
            this.config = config;
        }

        static Function<String, Availability> read() {
            String release = readOr(Path.of("/proc/sys/kernel/osrelease"), "").strip();
            String config = null;
            try (var in = new GZIPInputStream(Files.newInputStream(Path.of("/proc/config.gz")))) {
                config = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                Path boot = Path.of("/boot/config-" + release);
                config = Files.isReadable(boot) ? readOr(boot, null) : null;
            }
            return new KernelModules(release, config)::of;
        }

        Availability of(String qdisc) {
            String module = "sch_" + qdisc;
            if (Files.isDirectory(Path.of("/sys/module", module))) {
                return new Availability(qdisc, true, true, "/sys/module/" + module);
            }
            Path dir = Path.of("/lib/modules", release, "kernel/net/sched");
            try (var files = Files.list(dir)) {
                if (files.anyMatch(f -> f.getFileName().toString().startsWith(module + ".ko"))) {
                    return new Availability(qdisc, true, true, dir + "/" + module + ".ko");
                }
            } catch (IOException | RuntimeException e) {
                // no module tree for this kernel (as on this machine): the config below may tell
            }
            String builtin = readOr(Path.of("/lib/modules", release, "modules.builtin"), "");
            if (builtin.contains("/" + module + ".ko")) {
                return new Availability(qdisc, true, true, "built in (modules.builtin)");
            }
            String option = "CONFIG_NET_SCH_" + qdisc.toUpperCase(java.util.Locale.ROOT);
            if (config != null) {
                if (config.contains("\n" + option + "=y") || config.contains("\n" + option + "=m")) {
                    return new Availability(qdisc, true, true, option + " in the kernel's config");
                }
                return new Availability(qdisc, false, true, option + " not set");
            }
            return new Availability(qdisc, false, false, "no /sys/module/" + module + ", no module for "
                    + release + ", no kernel config to read");
        }

        private static String readOr(Path p, String otherwise) {
            try {
                return Files.readString(p);
            } catch (IOException | RuntimeException e) {
                return otherwise;
            }
        }
    }
}
