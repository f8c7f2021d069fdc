package org.tsnlat.tune;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.tsnlat.exit.Reasons;
import org.tsnlat.linux.Cpus;

/**
 * The plan's host-wide settings that tune checks but does not change: PM QoS, RT throttling, the
 * cpufreq governor, idle states and who may run on the isolated CPUs. A violated one comes with
 * the command that changes it.
 */
final class SystemCheck {
    static final String CPU = "/sys/devices/system/cpu/";
    static final String CPU_DMA_LATENCY = "/dev/cpu_dma_latency";

    private SystemCheck() {
    }

    /** The wake-up latency limit in force: 4 bytes of /dev/cpu_dma_latency (root only). */
    static Finding pmqos(HostPlan.PmQos plan) {
        String item = "pmqos cpuDmaLatencyUs";
        int now;
        try {
            byte[] b = Files.readAllBytes(Path.of(CPU_DMA_LATENCY));
            if (b.length < 4) return Finding.unknown(item, CPU_DMA_LATENCY + ": " + b.length + " bytes, not 4");
            now = ByteBuffer.wrap(b, 0, 4).order(ByteOrder.nativeOrder()).getInt();
        } catch (IOException e) {
            return Finding.unknown(item, CPU_DMA_LATENCY + ": " + Reasons.of(e));
        }
        String found = CPU_DMA_LATENCY + " " + now + " us" + (now == 2_000_000_000 ? " (no limit, the default)" : "");
        return now <= plan.cpuDmaLatencyUs() ? Finding.held(item, found)
                : Finding.violated(item, List.of(found + ", plan says at most " + plan.cpuDmaLatencyUs() + " us"), List.of(),
                        "a process must hold the limit open: 'tsnlat run' holds 0 as root for its run; "
                                + "tuned's latency-performance profile holds it for good");
    }

    static List<Finding> rtThrottling(HostPlan.RtThrottling plan) {
        List<Finding> f = new ArrayList<>();
        if (plan.runtimeUs() != null) f.add(sysctl("rtThrottling runtimeUs", "kernel.sched_rt_runtime_us", plan.runtimeUs()));
        if (plan.periodUs() != null) f.add(sysctl("rtThrottling periodUs", "kernel.sched_rt_period_us", plan.periodUs()));
        return f;
    }

    private static Finding sysctl(String item, String name, int want) {
        String path = "/proc/sys/" + name.replace('.', '/');
        SysFiles.Text now = SysFiles.read(null, path);
        if (!now.ok()) return Finding.unknown(item, path + ": " + now.failure());
        return now.value().strip().equals(Integer.toString(want)) ? Finding.held(item, name + " " + want)
                : Finding.violated(item, List.of(name + " " + now.value().strip() + ", plan says " + want), List.of(),
                        "sysctl -w " + name + "=" + want);
    }

    static Finding cpufreq(HostPlan.Cpufreq plan) {
        String item = "cpufreq governor";
        BitSet cpus = plan.cpus() == null ? online() : Cpus.parseList(plan.cpus());
        List<String> evidence = new ArrayList<>();
        for (int c = cpus.nextSetBit(0); c >= 0; c = cpus.nextSetBit(c + 1)) {
            String path = CPU + "cpu" + c + "/cpufreq/scaling_governor";
            SysFiles.Text now = SysFiles.read(null, path);
            if (!now.ok()) {
                return Finding.unknown(item, "cpu" + c + ": " + path + ": " + now.failure()
                        + " (no cpufreq: a VM, or a fixed clock)");
            }
            if (!now.value().strip().equals(plan.governor())) evidence.add("cpu" + c + " " + now.value().strip());
        }
        return evidence.isEmpty() ? Finding.held(item, "CPUs " + Cpus.formatList(cpus) + " " + plan.governor())
                : Finding.violated(item, List.of(String.join(", ", evidence) + ", plan says " + plan.governor()), List.of(),
                        "cpupower -c " + Cpus.formatList(cpus) + " frequency-set -g " + plan.governor());
    }

    static Finding cpuidle(HostPlan.Cpuidle plan) {
        String item = "cpuidle maxExitLatencyUs";
        BitSet cpus = Cpus.parseList(plan.cpus());
        List<String> evidence = new ArrayList<>();
        for (int c = cpus.nextSetBit(0); c >= 0; c = cpus.nextSetBit(c + 1)) {
            String dir = CPU + "cpu" + c + "/cpuidle";
            List<String> why = new ArrayList<>();
            List<String> states = SysFiles.list(null, dir, why);
            if (states == null) return Finding.unknown(item, "cpu" + c + ": " + dir + ": " + why.getFirst() + " (no cpuidle)");
            for (String s : states) {
                SysFiles.Text latency = SysFiles.read(null, dir + "/" + s + "/latency");
                SysFiles.Text disable = SysFiles.read(null, dir + "/" + s + "/disable");
                SysFiles.Text name = SysFiles.read(null, dir + "/" + s + "/name");
                if (!latency.ok() || !disable.ok()) {
                    return Finding.unknown(item, "cpu" + c + " " + s + ": " + (latency.ok() ? disable : latency).failure());
                }
                long us = Long.parseLong(latency.value().strip());
                if (us > plan.maxExitLatencyUs() && disable.value().strip().equals("0")) {
                    evidence.add("cpu" + c + " " + s + (name.ok() ? " " + name.value().strip() : "") + " (exit latency "
                            + us + " us) enabled");
                }
            }
        }
        return evidence.isEmpty() ? Finding.held(item, "CPUs " + plan.cpus() + ": no enabled idle state exits in more than "
                + plan.maxExitLatencyUs() + " us")
                : Finding.violated(item, List.of(String.join(", ", evidence) + ", plan allows up to "
                        + plan.maxExitLatencyUs() + " us"), List.of(),
                        "cpupower -c " + plan.cpus() + " idle-set -D " + plan.maxExitLatencyUs());
    }

    /** Threads other than the allowed ones and per-CPU kernel threads that may run on the isolated CPUs. */
    static Finding isolated(HostPlan.Isolated plan, List<Tasks.Task> tasks, String tasksUnreadable) {
        String item = "isolated CPUs " + plan.cpus();
        if (tasksUnreadable != null) return Finding.unknown(item, "/proc: " + tasksUnreadable);
        BitSet isolated = Cpus.parseList(plan.cpus());
        BitSet offline = (BitSet) isolated.clone();
        offline.andNot(online());
        if (!offline.isEmpty()) {
            return Finding.unknown(item, CpuMask.words(offline) + " not online (online: " + Cpus.formatList(online()) + ")");
        }
        List<Glob> allowed = (plan.allowed() == null ? List.<String>of() : plan.allowed()).stream().map(Glob::of).toList();
        List<String> intruders = new ArrayList<>();
        for (Tasks.Task t : tasks) {
            if (!t.affinity().intersects(isolated)) continue;
            if (t.stat().isKernelThread() && t.affinity().cardinality() == 1) continue; // per-CPU kernel thread
            if (allowed.stream().anyMatch(g -> g.matches(t.comm()))) continue;
            intruders.add(t.describe() + " allowed on CPUs " + Cpus.formatList(t.affinity()));
        }
        if (intruders.isEmpty()) {
            return Finding.held(item, "only allowed threads and per-CPU kernel threads may run there");
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(intruders.size() + (intruders.size() == 1 ? " thread" : " threads")
                + " not allowed there may run there");
        evidence.addAll(intruders.subList(0, Math.min(5, intruders.size())));
        if (intruders.size() > 5) evidence.add("and " + (intruders.size() - 5) + " more");
        return Finding.violated(item, evidence, List.of(),
                "boot with isolcpus= (new threads stay off), or move them: taskset -a -p -c CPUS PID");
    }

    static BitSet online() {
        SysFiles.Text t = SysFiles.read(null, CPU + "online");
        return t.ok() ? Cpus.parseList(t.value().strip()) : new BitSet();
    }
}
