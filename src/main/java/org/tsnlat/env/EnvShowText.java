package org.tsnlat.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tsnlat.text.Untrusted;

/**
 * {@code tsnlat env show} as people read it: grouped by concern (CPUs and scheduling, power and
 * PM QoS, kernel, interfaces, PTP and time), with units, the kernel's defaults said in words
 * ("cpu_dma_latency: no limit"), empty values as "none", offloads folded to what is on, and
 * what could not be read at the end. {@code --json} (the snapshot itself) is the form for scripts.
 */
final class EnvShowText {
    /** The kernel's PM QoS CPU latency default, PM_QOS_CPU_LATENCY_DEFAULT_VALUE (2000 s): no limit. */
    static final long CPU_DMA_LATENCY_NO_LIMIT_US = 2_000_000_000L;

    private EnvShowText() {}

    static String of(EnvSnapshot snapshot) {
        EnvSnapshot s = escaped(snapshot);
        StringBuilder b = new StringBuilder();
        b.append("environment snapshot (").append(s.format()).append(" v").append(s.version()).append(", ")
                .append(s.takenAt()).append(")\n");
        host(b, s.host());
        EnvSnapshot.Kernel k = s.kernel();
        b.append("CPUs and scheduling\n");
        if (k != null) {
            line(b, "online CPUs", orNone(k.onlineCpus()));
            line(b, "isolated CPUs", orNone(k.isolatedCpus()) + "; nohz_full CPUs " + orNone(k.nohzFullCpus()));
            line(b, "boot", "isolcpus " + orNone(k.isolcpus()) + ", nohz_full " + orNone(k.nohzFull()) + ", rcu_nocbs "
                    + orNone(k.rcuNocbs()) + ", irqaffinity " + orNone(k.irqaffinity()));
            line(b, "preemption", orUnknown(k.preemptBuild()) + (k.preemptMode() != null ? " (mode " + k.preemptMode() + ")" : "")
                    + (Boolean.TRUE.equals(k.realtime()) ? ", realtime kernel" : k.realtime() != null ? ", not a realtime kernel" : ""));
            if (k.rtThrottling() != null) line(b, "RT throttling", k.rtThrottling());
        }
        threads(b, s.threads());
        b.append("power and PM QoS\n");
        if (s.pmqos() != null) {
            Integer us = s.pmqos().cpuDmaLatencyUs();
            if (us != null) {
                line(b, "cpu_dma_latency", us == CPU_DMA_LATENCY_NO_LIMIT_US ? "no limit (the default)" : us + " us");
            }
            if (s.pmqos().heldByThisProcess() != null) {
                line(b, "held by this process", s.pmqos().heldByThisProcess() ? "yes" : "no");
            }
        }
        if (k != null) {
            line(b, "cpuidle", "driver " + orUnknown(k.cpuidleDriver()) + ", governor " + orUnknown(k.cpuidleGovernor()));
            if (k.cpuidleStates() != null) {
                k.cpuidleStates().forEach((cpus, states) -> line(b, "cpuidle states (" + (IdleStates.ALL.equals(cpus)
                        ? "every CPU" : cpus) + ")", idleStates(states)));
            }
            if (k.cpufreqGovernors() != null) line(b, "cpufreq governors", byValue(k.cpufreqGovernors()));
            b.append("kernel\n");
            line(b, "release", orUnknown(k.release()) + " (" + orUnknown(k.version()) + ")");
            line(b, "clock source", orUnknown(k.clocksource()) + " (available: " + orNone(k.availableClocksources()) + ")");
            if (k.taiOffsetS() != null) {
                line(b, "TAI offset", k.taiOffsetS() + " s" + (k.taiOffsetS() == 0 ? " (not set: CLOCK_TAI reads as CLOCK_REALTIME)" : ""));
            }
            if (k.bootParams() != null) {
                List<String> params = new ArrayList<>();
                k.bootParams().forEach((p, v) -> params.add("(set)".equals(v) ? p : p + "=" + v));
                line(b, "other boot parameters (" + params.size() + ")", params.isEmpty() ? "none" : String.join(" ", params));
            }
            if (k.timeAwareQdiscs() != null) line(b, "time-aware qdiscs", ScheduleText.kernel(k.timeAwareQdiscs()));
        }
        interfaces(b, s.net(), s.irqs(), k == null ? null : k.timeAwareQdiscs());
        ptp(b, s.ptp());
        Map<String, String> unreadable = s.unreadable() == null ? Map.of() : s.unreadable();
        if (!unreadable.isEmpty()) {
            b.append("unreadable (").append(unreadable.size()).append(")\n");
            unreadable.forEach((key, why) -> line(b, key, why));
        }
        return Untrusted.lines(b.toString()); // values read from /proc, /sys, commands and files
    }

    /** The snapshot with every text and key from outside escaped ({@link Untrusted#text}), line breaks included. */
    private static EnvSnapshot escaped(EnvSnapshot s) {
        try {
            var mapper = EnvJson.mapper();
            return mapper.treeToValue(escaped(mapper.valueToTree(s)), EnvSnapshot.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e); // a tree made from the record itself reads back
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode escaped(com.fasterxml.jackson.databind.JsonNode n) {
        if (n.isTextual()) return com.fasterxml.jackson.databind.node.TextNode.valueOf(Untrusted.text(n.asText()));
        if (n.isArray()) {
            var a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            n.forEach(x -> a.add(escaped(x)));
            return a;
        }
        if (n.isObject()) {
            var o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            n.properties().forEach(e -> o.set(Untrusted.text(e.getKey()), escaped(e.getValue())));
            return o;
        }
        return n;
    }

    /** "POLL 0 us, C1 1 us, C1E 2 us (disabled)": each state with its exit latency. */
    private static String idleStates(SortedMap<String, EnvSnapshot.IdleState> states) {
        List<String> each = new ArrayList<>();
        states.forEach((dir, st) -> each.add(orUnknown(st.name()) + " " + (st.latencyUs() != null ? st.latencyUs() + " us" : "?")
                + (Boolean.TRUE.equals(st.disabled()) ? " (disabled)" : "")));
        return each.isEmpty() ? "none" : String.join(", ", each) + " (exit latency)";
    }

    private static void host(StringBuilder b, EnvSnapshot.Host h) {
        if (h == null) return;
        List<String> parts = new ArrayList<>();
        parts.add(orUnknown(h.hostname()));
        if (h.cpuModel() != null) parts.add(h.cpuModel());
        if (h.cpuCount() != null) parts.add(h.cpuCount() + " CPUs");
        if (h.memTotalKb() != null) {
            parts.add(gib(h.memTotalKb()) + " memory" + (h.memAvailableKb() != null ? " (" + gib(h.memAvailableKb()) + " available)" : ""));
        }
        if (h.systemVendor() != null) parts.add(h.systemVendor());
        if (Boolean.TRUE.equals(h.hypervisor())) parts.add("a virtual machine (hypervisor CPU flag)");
        b.append("host: ").append(String.join(", ", parts)).append('\n');
    }

    private static void threads(StringBuilder b, SortedMap<String, EnvSnapshot.ThreadInfo> threads) {
        if (threads == null || threads.isEmpty()) return;
        b.append("  threads (").append(threads.size()).append("):\n");
        int width = threads.keySet().stream().mapToInt(String::length).max().orElse(0);
        threads.forEach((name, t) -> {
            String policy = orUnknown(t.policy()) + (t.rtPriority() != null && t.rtPriority() > 0 ? " " + t.rtPriority() : "")
                    + (t.nice() != null && t.nice() != 0 ? " nice " + t.nice() : "");
            b.append("    ").append(String.format("%-" + width + "s", name)).append("  ").append(policy).append(", CPUs ")
                    .append(orUnknown(t.affinity())).append(t.lastCpu() != null ? " (last on " + t.lastCpu() + ")" : "")
                    .append(t.tid() != null ? ", tid " + t.tid() : "")
                    .append(t.comm() != null && !name.startsWith(t.comm()) ? ", comm " + t.comm() : "").append('\n');
        });
    }

    private static void interfaces(StringBuilder b, SortedMap<String, EnvSnapshot.NetInterface> net,
                                   SortedMap<String, EnvSnapshot.Irq> irqs, Map<String, String> timeAwareQdiscs) {
        b.append("interfaces\n");
        if (net == null || net.isEmpty()) {
            line(b, "none recorded", "");
            return;
        }
        net.forEach((name, n) -> {
            List<String> head = new ArrayList<>();
            head.add(n.driver() != null ? "driver " + n.driver() + (blank(n.driverVersion()) ? "" : " " + n.driverVersion()) : "no driver info");
            if (!blank(n.firmwareVersion())) head.add("firmware " + n.firmwareVersion());
            if (!blank(n.busInfo())) head.add("bus " + n.busInfo());
            if (n.operstate() != null) head.add(n.operstate());
            if (n.mtu() != null) head.add("MTU " + n.mtu() + " bytes");
            b.append("  ").append(name).append(": ").append(String.join(", ", head)).append('\n');
            b.append("    queues: ").append(n.txQueues() != null ? n.txQueues() : "?").append(" tx, ")
                    .append(n.rxQueues() != null ? n.rxQueues() : "?").append(" rx")
                    .append(n.txQueueLen() != null ? ", tx_queue_len " + n.txQueueLen() + " packets" : "")
                    .append("; XPS ").append(masks(n.xpsCpus())).append("; RPS ").append(masks(n.rpsCpus())).append('\n');
            if (n.qdisc() != null) {
                List<String> q = new ArrayList<>();
                n.qdisc().forEach((where, what) -> q.add(where + " " + what));
                b.append("    qdisc: ").append(q.isEmpty() ? "none" : String.join("; ", q)).append('\n');
            }
            if (n.schedules() != null) b.append(ScheduleText.of(n.schedules(), timeAwareQdiscs));
            if (n.offloads() != null) b.append("    offloads: ").append(offloads(n.offloads())).append('\n');
            if (n.timestamping() != null) b.append("    timestamping: ").append(timestamping(n.timestamping())).append('\n');
            if (irqs != null) {
                irqs.forEach((action, irq) -> {
                    if (name.equals(irq.interfaceName())) {
                        b.append("    irq ").append(action).append(irq.number() != null ? " (" + irq.number() + ")" : "")
                                .append(": CPUs ").append(orUnknown(irq.affinity())).append(", effective ")
                                .append(orUnknown(irq.effectiveAffinity())).append(", ").append(counts(irq.counts())).append('\n');
                    }
                });
            }
        });
        if (irqs != null) {
            irqs.forEach((action, irq) -> {
                if (irq.interfaceName() == null || !net.containsKey(irq.interfaceName())) {
                    line(b, "irq " + action, "CPUs " + orUnknown(irq.affinity()) + ", " + counts(irq.counts()));
                }
            });
        }
    }

    /** "12 on, 48 off (on: rx-gro, tx-checksum-ip-generic, ...; asked but not in force: rx-gro on)". */
    static String offloads(SortedMap<String, String> offloads) {
        List<String> on = new ArrayList<>();
        List<String> notInForce = new ArrayList<>();
        int off = 0;
        for (var e : offloads.entrySet()) {
            String v = e.getValue();
            if (v.startsWith("on")) on.add(e.getKey());
            else off++;
            int requested = v.indexOf("[requested ");
            if (requested >= 0) notInForce.add(e.getKey() + " " + v.substring(requested + 11, v.indexOf(']', requested)));
        }
        return on.size() + " on, " + off + " off" + (on.isEmpty() ? "" : " (on: " + String.join(", ", on) + ")")
                + (notInForce.isEmpty() ? "" : "; asked for but not in force: " + String.join(", ", notInForce));
    }

    private static String timestamping(EnvSnapshot.Timestamping t) {
        boolean rx = Boolean.TRUE.equals(t.hardwareRx());
        boolean tx = Boolean.TRUE.equals(t.hardwareTx());
        String hw = rx && tx ? "hardware rx and tx" : rx ? "hardware rx only" : tx ? "hardware tx only" : "no hardware timestamps";
        return hw + (t.phcIndex() != null && t.phcIndex() >= 0 ? ", PHC /dev/ptp" + t.phcIndex() : ", no PHC")
                + " (SOF_TIMESTAMPING " + orUnknown(t.soTimestamping()) + ", tx types " + orUnknown(t.txTypes())
                + ", rx filters " + orUnknown(t.rxFilters()) + ")";
    }

    private static void ptp(StringBuilder b, EnvSnapshot.Ptp p) {
        b.append("PTP and time sync\n");
        if (p == null) return;
        if (p.processes() == null || p.processes().isEmpty()) {
            line(b, "ptp4l, phc2sys", "none running");
        } else {
            p.processes().forEach((name, proc) -> line(b, name, (proc.pid() != null ? "pid " + proc.pid() + ", " : "")
                    + orUnknown(proc.commandLine()) + (proc.configFile() != null ? "; config " + proc.configFile() : "")
                    + (proc.udsAddress() != null ? "; socket " + proc.udsAddress() : "")));
        }
        if (p.devices() != null) {
            List<String> d = new ArrayList<>();
            p.devices().forEach((dev, clock) -> d.add(dev + " (" + clock + ")"));
            line(b, "PTP clocks", d.isEmpty() ? "none" : String.join(", ", d));
        }
    }

    private static String counts(SortedMap<String, Long> counts) {
        if (counts == null) return "interrupts unknown";
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<String> nonZero = new ArrayList<>();
        counts.forEach((cpu, n) -> {
            if (n > 0) nonZero.add(cpu + " " + n);
        });
        return total + " interrupts" + (nonZero.isEmpty() ? "" : " (" + String.join(", ", nonZero) + ")");
    }

    /** Hex CPU masks by queue, grouped by mask ("3 (tx-0, tx-1)"); all zero: "off". */
    private static String masks(SortedMap<String, String> masks) {
        if (masks == null) return "unreadable";
        if (masks.values().stream().allMatch(m -> m.replace(",", "").replace("0", "").isEmpty())) return "off";
        return "CPU mask " + byValue(masks);
    }

    /** A map's entries grouped by value: "performance (cpu0, cpu1)". */
    private static String byValue(SortedMap<String, String> m) {
        SortedMap<String, List<String>> keysByValue = new TreeMap<>();
        m.forEach((k, v) -> keysByValue.computeIfAbsent(v, x -> new ArrayList<>()).add(k));
        List<String> parts = new ArrayList<>();
        keysByValue.forEach((v, keys) -> parts.add((blank(v) ? "none" : v) + " (" + String.join(", ", keys) + ")"));
        return String.join("; ", parts);
    }

    private static String gib(long kb) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", kb / (1024.0 * 1024.0));
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append("  ").append(key).append(value.isEmpty() ? "" : ": " + value).append('\n');
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orNone(String s) {
        return blank(s) ? "none" : s;
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}
