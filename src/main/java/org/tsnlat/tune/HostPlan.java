package org.tsnlat.tune;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tsnlat.exit.UsageException;
import org.tsnlat.linux.Cpus;

/**
 * A host plan: how a host is meant to be set up for a measurement, in YAML. This record owns
 * every key; docs/tune.md describes each with its meaning and default. Every part is optional:
 * what the plan leaves out is not checked. CPU lists are the kernel's ("2", "0-1", "2,3").
 *
 * <pre>
 * format: tsnlat-plan           # optional; version 1 is the only one
 * version: 1
 * kernel:     {isolcpus: "nohz,domain,managed_irq,2-3", nohz_full: 2-3, rcu_nocbs: 2-3, irqaffinity: 0-1}
 * threads:    [{name: "vhost-*", process: "qemu*", cpus: 2, policy: fifo, priority: 50}]
 * irqs:       [{name: "eth0-rx-2", cpus: 2}, {name: "eth0-*", cpus: 0-1}]   # first match wins
 * interfaces: [{name: eth0, netns: null, rps: {"*": ""}, xps: {"2": 2}, rpsFlowCnt: {"2": 4096},
 *               ntuple: [{flowType: udp4, dstPort: 7788, queue: 2}]}]
 * rfs:        {sockFlowEntries: 32768}
 * pmqos:      {cpuDmaLatencyUs: 0}
 * rtThrottling: {runtimeUs: -1, periodUs: 1000000}
 * cpufreq:    {cpus: 2-3, governor: performance}
 * cpuidle:    {cpus: 2-3, maxExitLatencyUs: 0}
 * isolated:   {cpus: 2-3, allowed: ["vhost-*", "CPU &#42;/KVM", "ptp4l", "phc2sys"]}
 * </pre>
 *
 * <p>Unknown keys, a duplicate key, a value of the wrong type and a bad CPU list are refused
 * with the file, the line and the key ({@link UsageException}, exit 2).
 */
public record HostPlan(String format, Integer version, Kernel kernel, List<ThreadRule> threads, List<IrqRule> irqs,
        List<InterfaceRule> interfaces, Rfs rfs, PmQos pmqos, RtThrottling rtThrottling, Cpufreq cpufreq,
        Cpuidle cpuidle, Isolated isolated) {
    public static final String FORMAT = "tsnlat-plan";
    public static final int VERSION = 1;

    /** Kernel parameters expected on /proc/cmdline, as written after "name=". */
    public record Kernel(String isolcpus, @JsonProperty("nohz_full") String nohzFull,
            @JsonProperty("rcu_nocbs") String rcuNocbs, String irqaffinity) {
        /** Parameter name to planned value, in boot-line order, only those planned. */
        public Map<String, String> planned() {
            Map<String, String> m = new LinkedHashMap<>();
            if (isolcpus != null) m.put("isolcpus", isolcpus);
            if (nohzFull != null) m.put("nohz_full", nohzFull);
            if (rcuNocbs != null) m.put("rcu_nocbs", rcuNocbs);
            if (irqaffinity != null) m.put("irqaffinity", irqaffinity);
            return m;
        }
    }

    /** Threads named like {@code name} (a glob on the thread's comm) in processes named like {@code process}. */
    public record ThreadRule(String name, String process, String cpus, String policy, Integer priority) {}

    /** IRQs whose action name (last word of /proc/interrupts) is like {@code name}: on {@code cpus}. */
    public record IrqRule(String name, String cpus) {}

    /** One interface's receive steering; queue keys are numbers or "*" (every queue). */
    public record InterfaceRule(String name, String netns, Map<String, String> rps, Map<String, String> xps,
            Map<String, Integer> rpsFlowCnt, List<Ntuple> ntuple) {}

    /** An ethtool ntuple rule that must exist: {@code flowType} udp4, udp6, tcp4 or tcp6. */
    public record Ntuple(String flowType, Integer dstPort, Integer queue) {}

    /** RFS's global flow table, /proc/sys/net/core/rps_sock_flow_entries. */
    public record Rfs(Integer sockFlowEntries) {}

    /** The CPU wake-up latency limit in force (/dev/cpu_dma_latency): at most this. */
    public record PmQos(Integer cpuDmaLatencyUs) {}

    /** /proc/sys/kernel/sched_rt_runtime_us (-1: no throttling) and sched_rt_period_us. */
    public record RtThrottling(Integer runtimeUs, Integer periodUs) {}

    /** The cpufreq governor of {@code cpus} (default: every online CPU). */
    public record Cpufreq(String cpus, String governor) {}

    /** Idle states of {@code cpus} with an exit latency above {@code maxExitLatencyUs} must be disabled. */
    public record Cpuidle(String cpus, Integer maxExitLatencyUs) {}

    /** Only threads named like {@code allowed} (and per-CPU kernel threads) may run on {@code cpus}. */
    public record Isolated(String cpus, List<String> allowed) {}

    public HostPlan {
        threads = threads == null ? List.of() : List.copyOf(threads);
        irqs = irqs == null ? List.of() : List.copyOf(irqs);
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }

    /** Reads and checks the plan of {@code file}; every failure is one line naming the file. */
    public static HostPlan read(Path file) {
        return RunPlan.read(file).plan();
    }

    /** Parses plan text; {@code name} names it in messages. */
    public static HostPlan parse(String name, String text) {
        HostPlan plan = org.tsnlat.text.StrictYaml.parse(name, text, HostPlan.class, "empty plan (see docs/tune.md)");
        plan.validate(name);
        return plan;
    }

    private void validate(String name) {
        if (format != null && !format.equals(FORMAT)) {
            throw new UsageException(name + ": format '" + format + "' is not " + FORMAT);
        }
        if (version != null && (version < 1 || version > VERSION)) {
            throw new UsageException(name + ": plan version " + version + "; this tsnlat reads version " + VERSION);
        }
        if (kernel != null) {
            kernel.planned().forEach((param, value) -> {
                if (value.isBlank()) throw new UsageException(name + ": kernel." + param + " is empty");
                cpus(name, "kernel." + param, KernelCheck.cpuPart(value));
            });
        }
        for (int i = 0; i < threads.size(); i++) {
            ThreadRule t = threads.get(i);
            String at = "threads[" + i + "]";
            require(name, at + ".name", t.name());
            if (t.cpus() != null) cpus(name, at + ".cpus", t.cpus());
            if (t.policy() == null && t.priority() != null) {
                throw new UsageException(name + ": " + at + ": a priority needs a policy (fifo or rr)");
            }
            if (t.policy() != null) {
                Policy p = Policy.named(t.policy());
                if (p == null) {
                    throw new UsageException(name + ": " + at + ".policy '" + t.policy()
                            + "': expected other, batch, idle, fifo or rr");
                }
                int priority = t.priority() == null ? 0 : t.priority();
                if (p.realtime() != (priority >= 1 && priority <= 99) || (!p.realtime() && priority != 0)) {
                    throw new UsageException(name + ": " + at + ": policy " + t.policy() + " takes "
                            + (p.realtime() ? "a priority of 1 to 99" : "no priority"));
                }
            }
        }
        for (int i = 0; i < irqs.size(); i++) {
            require(name, "irqs[" + i + "].name", irqs.get(i).name());
            require(name, "irqs[" + i + "].cpus", irqs.get(i).cpus());
            cpus(name, "irqs[" + i + "].cpus", irqs.get(i).cpus());
        }
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceRule f = interfaces.get(i);
            String at = "interfaces[" + i + "]";
            require(name, at + ".name", f.name());
            if (!f.name().matches("[A-Za-z0-9_.:@-]{1,15}")) {
                throw new UsageException(name + ": " + at + ".name '" + f.name() + "' is not an interface name");
            }
            if (f.netns() != null && !f.netns().matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new UsageException(name + ": " + at + ".netns '" + f.netns() + "' is not a namespace name");
            }
            for (var masks : List.of(Map.entry("rps", orEmpty(f.rps())), Map.entry("xps", orEmpty(f.xps())))) {
                masks.getValue().forEach((queue, list) -> {
                    queue(name, at + "." + masks.getKey(), queue);
                    cpus(name, at + "." + masks.getKey() + "." + queue, list == null ? "" : list);
                });
            }
            if (f.rpsFlowCnt() != null) {
                f.rpsFlowCnt().forEach((queue, n) -> {
                    queue(name, at + ".rpsFlowCnt", queue);
                    if (n == null || n < 0) throw new UsageException(name + ": " + at + ".rpsFlowCnt." + queue + " must be 0 or more");
                });
            }
            if (f.ntuple() != null) {
                for (int r = 0; r < f.ntuple().size(); r++) {
                    Ntuple n = f.ntuple().get(r);
                    String nt = at + ".ntuple[" + r + "]";
                    if (n.flowType() == null || !n.flowType().matches("(udp|tcp)[46]")) {
                        throw new UsageException(name + ": " + nt + ".flowType: expected udp4, udp6, tcp4 or tcp6");
                    }
                    if (n.dstPort() == null || n.dstPort() < 1 || n.dstPort() > 65535) {
                        throw new UsageException(name + ": " + nt + ".dstPort: expected a port 1-65535");
                    }
                    if (n.queue() == null || n.queue() < 0) {
                        throw new UsageException(name + ": " + nt + ".queue: expected an RX queue number");
                    }
                }
            }
        }
        if (cpufreq != null) {
            require(name, "cpufreq.governor", cpufreq.governor());
            if (cpufreq.cpus() != null) cpus(name, "cpufreq.cpus", cpufreq.cpus());
        }
        if (cpuidle != null) {
            require(name, "cpuidle.cpus", cpuidle.cpus());
            cpus(name, "cpuidle.cpus", cpuidle.cpus());
            if (cpuidle.maxExitLatencyUs() == null || cpuidle.maxExitLatencyUs() < 0) {
                throw new UsageException(name + ": cpuidle.maxExitLatencyUs must be 0 or more");
            }
        }
        if (isolated != null) {
            require(name, "isolated.cpus", isolated.cpus());
            cpus(name, "isolated.cpus", isolated.cpus());
        }
        if (pmqos != null && (pmqos.cpuDmaLatencyUs() == null || pmqos.cpuDmaLatencyUs() < 0)) {
            throw new UsageException(name + ": pmqos.cpuDmaLatencyUs must be 0 or more");
        }
        if (rfs != null && (rfs.sockFlowEntries() == null || rfs.sockFlowEntries() < 0)) {
            throw new UsageException(name + ": rfs.sockFlowEntries must be 0 or more");
        }
    }

    private static <V> Map<String, V> orEmpty(Map<String, V> m) {
        return m == null ? Map.of() : m;
    }

    private static void require(String name, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException(name + ": " + key + " is missing");
        }
    }

    private static void queue(String name, String key, String queue) {
        if (!queue.equals("*") && !queue.matches("\\d{1,4}")) {
            throw new UsageException(name + ": " + key + ": queue '" + queue + "': expected a number or \"*\"");
        }
    }

    /** The CPUs of a planned list, refused with the key when it is not one. */
    static BitSet cpus(String name, String key, String list) {
        try {
            return Cpus.parseList(list);
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + ": " + key + ": " + e.getMessage());
        }
    }

    /** The SCHED_* policies a plan names, by their lower-case name. */
    enum Policy {
        OTHER(0), FIFO(1), RR(2), BATCH(3), IDLE(5);

        final int id;

        Policy(int id) {
            this.id = id;
        }

        boolean realtime() {
            return this == FIFO || this == RR;
        }

        static Policy named(String name) {
            for (Policy p : values()) {
                if (p.name().equalsIgnoreCase(name)) return p;
            }
            return null;
        }

        static String nameOf(int id) {
            for (Policy p : values()) {
                if (p.id == id) return p.name().toLowerCase(Locale.ROOT);
            }
            return "SCHED " + id;
        }
    }
}
