package org.tsnlat.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.LinuxException;

/**
 * The kernel: build, boot parameters, preemption, RT throttling, clock source, CPU frequency and
 * idle, whether it has the time-aware qdiscs.
 */
final class KernelProbe {
    private static final Path CPU = Path.of("/sys/devices/system/cpu");
    private static final Pattern CPU_DIR = Pattern.compile("cpu(\\d+)");
    private static final Pattern SELECTED = Pattern.compile("\\(([^)]*)\\)");
    private static final String K = "kernel.";

    private KernelProbe() {
    }

    static EnvSnapshot.Kernel collect(Reads reads) {
        String version = reads.file(K + "version", Path.of("/proc/sys/kernel/version"));
        String cmdline = reads.file(K + "cmdline", Path.of("/proc/cmdline"));
        BootParams boot = BootParams.parse(cmdline);
        String preemptDebug = reads.optionalFile(K + "preemptMode",
                Path.of("/sys/kernel/debug/sched/preempt"));
        String preemptMode = preemptDebug == null ? null : selected(preemptDebug);
        if (preemptDebug == null && version != null && version.contains("PREEMPT_DYNAMIC")) {
            reads.unreadable(K + "preemptMode", Files.isDirectory(Path.of("/sys/kernel/debug/sched"))
                    ? "no /sys/kernel/debug/sched/preempt" : "debugfs not mounted or not readable");
        }
        String realtime = reads.optionalFile(K + "realtime", Path.of("/sys/kernel/realtime"));
        Path cs = Path.of("/sys/devices/system/clocksource/clocksource0");
        String idleGovernor = reads.optionalFile(K + "cpuidleGovernor", CPU.resolve("cpuidle/current_governor"));
        if (idleGovernor == null) {
            idleGovernor = reads.file(K + "cpuidleGovernor", CPU.resolve("cpuidle/current_governor_ro"));
        }
        return new EnvSnapshot.Kernel(
                reads.file(K + "release", Path.of("/proc/sys/kernel/osrelease")), version, cmdline,
                boot.get("isolcpus"), boot.get("nohz_full"), boot.get("rcu_nocbs"), boot.get("irqaffinity"),
                boot.without("isolcpus", "nohz_full", "rcu_nocbs", "irqaffinity"),
                preemptBuild(version), preemptMode, "1".equals(realtime == null ? null : realtime.trim()),
                reads.file(K + "clocksource", cs.resolve("current_clocksource")),
                trim(reads.file(K + "availableClocksources", cs.resolve("available_clocksource"))),
                governors(reads),
                reads.file(K + "cpuidleDriver", CPU.resolve("cpuidle/current_driver")), idleGovernor,
                reads.file(K + "onlineCpus", CPU.resolve("online")),
                reads.file(K + "isolatedCpus", CPU.resolve("isolated")),
                reads.optionalFile(K + "nohzFullCpus", CPU.resolve("nohz_full")),
                taiOffsetS(reads),
                reads.procSysLong(K + "rtRuntimeUs", Path.of("/proc/sys/kernel/sched_rt_runtime_us")),
                reads.procSysLong(K + "rtPeriodUs", Path.of("/proc/sys/kernel/sched_rt_period_us")),
                IdleStates.collect(CPU, reads), timeAwareQdiscs(LaunchTimeQdisc.KernelModules.read()));
    }

    /** Whether {@code kernel} has sch_etf, sch_mqprio and sch_taprio, each in words with its evidence. */
    static SortedMap<String, String> timeAwareQdiscs(java.util.function.Function<String, LaunchTimeQdisc.Availability> kernel) {
        SortedMap<String, String> byName = new TreeMap<>();
        for (String qdisc : QdiscSchedules.KINDS) {
            byName.put(qdisc, kernel.apply(qdisc).said());
        }
        return byName;
    }

    /** PREEMPT_RT, PREEMPT_DYNAMIC or PREEMPT as the version string names it, else "none/voluntary". */
    static String preemptBuild(String version) {
        if (version == null) {
            return null;
        }
        List<String> words = List.of(version.split("\\s+"));
        for (String model : List.of("PREEMPT_RT", "PREEMPT_DYNAMIC", "PREEMPT_LAZY", "PREEMPT")) {
            if (words.contains(model)) {
                return model;
            }
        }
        return "none/voluntary";
    }

    /** The choice in parentheses of a sysfs/debugfs selector: "none voluntary (full)" -> "full". */
    static String selected(String choices) {
        Matcher m = SELECTED.matcher(choices);
        return m.find() ? m.group(1) : choices.trim();
    }

    private static SortedMap<String, String> governors(Reads reads) {
        SortedMap<String, String> byCpu = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(CPU)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                Path governor = dir.resolve("cpufreq/scaling_governor");
                if (CPU_DIR.matcher(name).matches() && Files.exists(governor)) {
                    String value = reads.file(K + "cpufreqGovernors." + name, governor);
                    if (value != null) {
                        byCpu.put(name, value);
                    }
                }
            }
        } catch (IOException e) {
            reads.unreadable(K + "cpufreqGovernors", Reads.reason(e));
            return null;
        }
        if (byCpu.isEmpty()) {
            reads.unreadable(K + "cpufreqGovernors", "no cpufreq");
            return null;
        }
        return byCpu;
    }

    private static Long taiOffsetS(Reads reads) {
        try {
            return Clock.taiOffsetNs() / 1_000_000_000L;
        } catch (LinuxException e) {
            reads.unreadable(K + "taiOffsetS", Reads.reason(e));
            return null;
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
