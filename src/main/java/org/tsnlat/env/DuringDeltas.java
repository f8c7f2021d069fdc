package org.tsnlat.env;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tsnlat.linux.Cpus;

/** The differences of two {@link HostSample}s: an {@link EnvDuring}. */
final class DuringDeltas {
    /** Lines of /proc/interrupts kept, the most interrupts first. */
    static final int TOP_INTERRUPTS = 10;
    /** Threads kept per CPU, the most CPU time first. */
    static final int TOP_THREADS = 10;

    private DuringDeltas() {
    }

    static EnvDuring between(HostSample a, HostSample b, Map<String, Integer> measuringThreads, long startBeforeFiguresNs) {
        long spanNs = b.monotonicNs() - a.monotonicNs();
        List<String> notes = new ArrayList<>();
        a.unreadable().forEach((file, why) -> notes.add(file + " unreadable at the first reading: " + why));
        b.unreadable().forEach((file, why) -> notes.add(file + " unreadable at the second reading: " + why));
        BitSet interest = new BitSet();
        (a.tsnlatCpus().isEmpty() ? b.tsnlatCpus() : a.tsnlatCpus()).values().forEach(interest::or);
        if (interest.isEmpty()) b.cpus().ticks().keySet().forEach(interest::set);
        List<EnvDuring.IrqCount> changed = interrupts(a.interrupts(), b.interrupts(), notes);
        return new EnvDuring(EnvDuring.FORMAT, EnvDuring.VERSION, a.wallTime(), b.wallTime(), spanNs,
                startBeforeFiguresNs, null, new TreeMap<>(measuringThreads), Cpus.formatList(interest), cpuTimes(a, b, spanNs),
                softirqs(a.softirqs(), b.softirqs(), notes), changed.subList(0, Math.min(TOP_INTERRUPTS, changed.size())),
                changed.size(), b.threads().schedstat() ? "schedstat" : "ticks", threads(a, b, interest, notes),
                List.copyOf(notes));
    }

    private static SortedMap<String, EnvDuring.CpuTime> cpuTimes(HostSample a, HostSample b, long spanNs) {
        SortedMap<String, EnvDuring.CpuTime> out = new TreeMap<>(EnvDuring.BY_CPU);
        double msPerTick = 1000.0 / b.ticksPerSecond();
        for (int cpu : b.cpus().ticks().keySet()) {
            if (!a.cpus().ticks().containsKey(cpu)) continue; // came online during the span
            double[] ms = new double[CpuStat.STATES.size()];
            for (int i = 0; i < ms.length; i++) {
                String state = CpuStat.STATES.get(i);
                ms[i] = Math.max(0, b.cpus().of(cpu, state) - a.cpus().of(cpu, state)) * msPerTick;
            }
            double steal = ms[CpuStat.STATES.indexOf("steal")];
            out.put("cpu" + cpu, new EnvDuring.CpuTime(ms[0], ms[1], ms[2], ms[3], ms[4], ms[5], ms[6], steal,
                    spanNs > 0 ? round(100 * steal * 1e6 / spanNs) : 0));
        }
        return out;
    }

    /** Softirqs by kind and CPU, the kinds that changed. */
    private static SortedMap<String, SortedMap<String, Long>> softirqs(CounterTable a, CounterTable b, List<String> notes) {
        SortedMap<String, SortedMap<String, Long>> out = new TreeMap<>();
        deltas(a, b, notes).forEach((row, byCpu) -> {
            if (total(byCpu) > 0) out.put(row.label(), byCpu);
        });
        return out;
    }

    /** The lines of /proc/interrupts that changed, the most interrupts first. */
    private static List<EnvDuring.IrqCount> interrupts(CounterTable a, CounterTable b, List<String> notes) {
        List<EnvDuring.IrqCount> out = new ArrayList<>();
        deltas(a, b, notes).forEach((row, byCpu) -> {
            long total = total(byCpu);
            if (total == 0) return;
            boolean numbered = !row.label().isEmpty() && Character.isDigit(row.label().charAt(0));
            String name = numbered ? (row.words().isEmpty() ? "" : row.words().getLast()) : String.join(" ", row.words());
            out.add(new EnvDuring.IrqCount(row.label(), name, total, byCpu));
        });
        out.sort(Comparator.comparingLong(EnvDuring.IrqCount::total).reversed());
        return out;
    }

    /** Each per-CPU row of {@code b} that {@code a} has, with its differences by CPU column ("cpu0"). */
    private static Map<CounterTable.Row, SortedMap<String, Long>> deltas(CounterTable a, CounterTable b, List<String> notes) {
        Map<String, CounterTable.Row> before = new HashMap<>();
        a.rows().forEach(r -> before.put(r.label(), r));
        Map<CounterTable.Row, SortedMap<String, Long>> out = new java.util.LinkedHashMap<>();
        for (CounterTable.Row r : b.rows()) {
            CounterTable.Row old = before.get(r.label());
            if (old == null || !r.perCpu() || !old.perCpu()) continue;
            SortedMap<String, Long> byCpu = new TreeMap<>(EnvDuring.BY_CPU);
            for (int c = 0; c < b.cpus().size(); c++) {
                int was = a.cpus().indexOf(b.cpus().get(c));
                long d = was < 0 ? r.counts()[c] : r.counts()[c] - old.counts()[was];
                if (d < 0) {
                    notes.add(r.label() + " counted back on " + b.cpus().get(c) + " (" + d + "): taken as 0");
                    d = 0;
                }
                byCpu.put(b.cpus().get(c), d);
            }
            out.put(r, byCpu);
        }
        return out;
    }

    /** Per CPU of interest, the threads last seen on it that used CPU time during the span. */
    private static SortedMap<String, EnvDuring.CpuThreads> threads(HostSample a, HostSample b, BitSet interest,
            List<String> notes) {
        Map<Integer, List<EnvDuring.ThreadTime>> byCpu = new HashMap<>();
        for (ThreadTimes.Thread t : b.threads().byTid().values()) {
            ThreadTimes.Thread was = a.threads().byTid().get(t.tid());
            boolean same = was != null && was.stat().startTime() == t.stat().startTime();
            long ns = same ? t.runNs() - was.runNs() : t.runNs();
            int cpu = t.stat().lastCpu();
            if (ns <= 0 || !interest.get(cpu)) continue;
            TaskStat s = t.stat();
            byCpu.computeIfAbsent(cpu, c -> new ArrayList<>()).add(new EnvDuring.ThreadTime(s.comm(), t.pid(), t.tid(),
                    s.policyName(), s.rtPriority(), s.nice(), round(ns / 1e6),
                    !same ? Integer.valueOf(-1) : was.stat().lastCpu() != cpu ? was.stat().lastCpu() : null));
        }
        long ended = a.threads().byTid().values().stream().filter(t -> {
            ThreadTimes.Thread now = b.threads().byTid().get(t.tid());
            return now == null || now.stat().startTime() != t.stat().startTime();
        }).count();
        if (ended > 0) notes.add(ended + " threads ended during the span: their CPU time in it is not counted");
        SortedMap<String, EnvDuring.CpuThreads> out = new TreeMap<>(EnvDuring.BY_CPU);
        interest.stream().forEach(cpu -> {
            List<EnvDuring.ThreadTime> all = byCpu.getOrDefault(cpu, List.of()).stream()
                    .sorted(Comparator.comparingDouble(EnvDuring.ThreadTime::cpuMs).reversed()).toList();
            List<EnvDuring.ThreadTime> top = all.subList(0, Math.min(TOP_THREADS, all.size()));
            double othersMs = all.subList(top.size(), all.size()).stream().mapToDouble(EnvDuring.ThreadTime::cpuMs).sum();
            out.put("cpu" + cpu, new EnvDuring.CpuThreads(top, all.size() - top.size(), round(othersMs)));
        });
        return out;
    }

    private static long total(Map<String, Long> byCpu) {
        return byCpu.values().stream().mapToLong(Long::longValue).sum();
    }

    /** To the µs of a ms value (the JSON stays short). */
    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
