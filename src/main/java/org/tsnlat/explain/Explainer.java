package org.tsnlat.explain;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongPredicate;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.Timestamps;

/**
 * Takes the outliers of a run apart from its records and its kernel trace (docs/explain.md).
 * Lateness (app RX minus schedule) is split into stages that add up to it: wake-up (woken minus
 * scheduled), send (the kernel's TX time minus woken), network (kernel RX minus kernel TX) and
 * pick-up (app RX minus kernel RX); without the sender's records, the first three are one stage,
 * "to the receiver's kernel". Each stage is compared with its median over the run after the
 * warm-up; the stage with the largest excess is explained from the trace on the CPUs it ran on
 * (from the measuring threads' marks): who held them during it, other than the measuring thread.
 */
public final class Explainer {
    static final int MAX_EXPLAINED = 100;
    /** The trace kept around each outlier: from this long before its schedule to this long after its app RX. */
    static final long BEFORE_NS = 5_000_000L;
    static final long AFTER_NS = 1_000_000L;
    private static final int MEDIAN_SAMPLES = 200_000;
    /** Sender's stages are held per sequence number up to this (longer runs: later probes without them). */
    private static final int MAX_TX_SEQ = 1 << 25;
    static final String WAKE = "wake-up";
    static final String SEND = "send";
    static final String NETWORK = "network";
    static final String PICKUP = "pick-up";
    static final String TO_KERNEL = "to the receiver's kernel";

    private Explainer() {
    }

    /** One probe's stage values (ns), in order; null entries for stages it has not. */
    private record Probe(long seq, long scheduledNs, long[] bounds, long[] values, long latenessNs) {}

    /**
     * @param runDirectory    holds rx.records, tx.records (optional) and trace/ (trace.txt, clock.json: the threshold)
     * @param firstScheduledNs the schedule of the run's first probe (the warm-up's zero)
     * @param untrustedAt     whether the interval holding an RX time was untrusted; null without verdicts
     * @return null when the directory has no trace
     */
    public static Outliers explain(Path runDirectory, long warmupNs, long firstScheduledNs, LongPredicate untrustedAt)
            throws IOException {
        Setup u = setup(runDirectory, warmupNs, firstScheduledNs, untrustedAt);
        if (u == null) return null;
        String traceFile = relative(runDirectory, u.trace);
        if (u.medians == null) return new Outliers(0, 0, 0, List.of(), List.of(), traceFile, u.percentileName); // nothing judged

        // pass 2: every outlier counted; outliers a few probes apart are one episode (one cause, seen
        // by each probe it held up), and the worst probe of each of the worst episodes is explained
        long[] count = {0};
        PriorityQueue<Episode> worst = new PriorityQueue<>(Comparator.comparingLong((Episode e) -> e.worst.latenessNs));
        Episode[] current = {null};
        forEachProbe(u.rxFile, u.tx, warmupNs, firstScheduledNs, (p, i) -> {
            if (p.latenessNs - u.medianLate <= u.thresholdNs) return;
            count[0]++;
            Episode e = current[0];
            boolean untrusted = untrustedAt != null && untrustedAt.test(p.bounds[p.bounds.length - 1]);
            if (e != null && p.seq - e.lastSeq >= 0 && p.seq - e.lastSeq <= EPISODE_GAP) {
                e.add(p, untrusted);
                return;
            }
            if (e != null) keep(worst, e);
            current[0] = new Episode(p, untrusted);
        });
        if (current[0] != null) keep(worst, current[0]);
        List<Episode> episodes = new ArrayList<>(worst);
        episodes.sort(Comparator.comparingLong((Episode e) -> e.worst.latenessNs).reversed());
        List<Probe> chosen = episodes.stream().map(e -> e.worst).toList();

        // pass 3: the trace around each
        List<Window> windows = new ArrayList<>();
        for (Probe p : chosen) windows.add(u.window(p));
        cut(u.trace, windows);

        List<Outliers.Outlier> explained = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Episode e = episodes.get(i);
            Outliers.Outlier o = explainOne(chosen.get(i), windows.get(i), u, untrustedAt)
                    .inEpisode(e.firstSeq, e.lastSeq, e.outliers);
            if (o.clock() == null && e.untrusted > 0) {
                // its worst probe came before the intervals were judged untrusted (a clock step within
                // an interval is seen in the next), its episode ran on into them: the clocks come first all the same
                o = o.withClock(e.untrusted + " of its episode's " + e.outliers + " outliers were in intervals whose clocks"
                        + " were untrusted: this lateness may be the clocks', not the path's");
            }
            explained.add(o);
        }
        return new Outliers(u.thresholdNs, u.medianLate, count[0], explained, topCauses(explained), traceFile, u.percentileName);
    }

    /**
     * One probe's whole story, outlier or not ({@code tsnlat explain DIR --seq N}): its stages
     * against their medians, the late stage explained, and the trace's lines of that stage on its CPUs.
     *
     * @return null when the directory has no trace, or no probe {@code seq} was received
     */
    public static Story story(Path runDirectory, long warmupNs, long firstScheduledNs, long seq, LongPredicate untrustedAt)
            throws IOException {
        Setup u = setup(runDirectory, warmupNs, firstScheduledNs, untrustedAt);
        if (u == null || u.medians == null) return null;
        Probe[] found = {null};
        forEachProbe(u.rxFile, u.tx, 0, firstScheduledNs, (p, i) -> {
            if (p.seq == seq && found[0] == null) found[0] = p;
        });
        if (found[0] == null) return null;
        Window w = u.window(found[0]);
        cut(u.trace, List.of(w));
        Outliers.Outlier o = explainOne(found[0], w, u, untrustedAt);
        int late = java.util.Arrays.asList(u.names).indexOf(o.lateStage());
        long from = (late == 0 ? found[0].scheduledNs : found[0].bounds[late - 1]) - u.runMinusTrace - EXCERPT_MARGIN_NS;
        long to = found[0].bounds[late] - u.runMinusTrace + EXCERPT_MARGIN_NS;
        List<String> lines = new ArrayList<>();
        TraceLine l = new TraceLine();
        try (BufferedReader in = Files.newBufferedReader(u.trace, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && lines.size() < MAX_EXCERPT_LINES) {
                if (!l.parseTime(line)) continue;
                if (l.timeNs > to) break;
                if (l.timeNs >= from && o.cpus().contains(l.cpu)) lines.add(line);
            }
        }
        boolean traced = w.markOf("tsnlat-rx", seq) != null || w.markOf("tsnlat-tx", seq) != null;
        return new Story(o, u.medianLate, lines, traced);
    }

    /** Outliers at most this many probes apart are one episode. */
    static final int EPISODE_GAP = 3;

    /** Consecutive outliers: the first and last sequence numbers, how many, and the worst. */
    private static final class Episode {
        final long firstSeq;
        long lastSeq;
        long outliers = 1;
        /** Of its outliers, those received in an interval whose clocks were untrusted. */
        long untrusted;
        Probe worst;

        Episode(Probe p, boolean untrusted) {
            firstSeq = p.seq;
            lastSeq = p.seq;
            worst = p;
            this.untrusted = untrusted ? 1 : 0;
        }

        void add(Probe p, boolean untrusted) {
            lastSeq = p.seq;
            outliers++;
            if (untrusted) this.untrusted++;
            if (p.latenessNs > worst.latenessNs) worst = p;
        }
    }

    private static void keep(PriorityQueue<Episode> worst, Episode e) {
        worst.add(e);
        if (worst.size() > MAX_EXPLAINED) worst.poll();
    }

    /** {@link #story}'s result: the probe taken apart, and the raw trace lines of its late stage. */
    /**
     * @param traced whether the trace around the probe was kept (its mark is in it): --explain keeps
     *               only the trace around probes it found late during the run
     */
    public record Story(Outliers.Outlier probe, long medianLatenessNs, List<String> traceLines, boolean traced) {}

    public static final long EXCERPT_MARGIN_NS = 50_000;
    static final int MAX_EXCERPT_LINES = 2_000;

    /** What every explanation needs: the files, the threshold, and the medians (null when no probe came after the warm-up). */
    private record Setup(Path trace, Path rxFile, long runMinusTrace, long thresholdNs, int[][] tx, String[] names,
                         long medianLate, long[] medians, String percentileName) {
        Window window(Probe p) {
            return new Window(p.scheduledNs - BEFORE_NS - runMinusTrace, p.bounds[p.bounds.length - 1] + AFTER_NS - runMinusTrace);
        }
    }

    /**
     * The files and the medians. The medians are those of the probes after the warm-up in intervals
     * not untrusted: a clock step that shifts most of a run must not move the baseline it is measured against.
     */
    private static Setup setup(Path runDirectory, long warmupNs, long firstScheduledNs, LongPredicate untrustedAt)
            throws IOException {
        Path trace = runDirectory.resolve(TraceSession.DIRECTORY).resolve(TraceSession.FILE);
        Path rxFile = runDirectory.resolve(org.tsnlat.rundir.RunDirectory.RX_RECORDS);
        TraceClock info = TraceClock.read(runDirectory);
        if (info == null || !Files.isRegularFile(trace) || !Files.isRegularFile(rxFile)) return null;
        Path txFile = runDirectory.resolve(org.tsnlat.rundir.RunDirectory.TX_RECORDS);
        int[][] tx = Files.isRegularFile(txFile) ? senderStages(txFile) : null;
        String[] names = tx != null ? new String[] {WAKE, SEND, NETWORK, PICKUP} : new String[] {TO_KERNEL, PICKUP};

        // pass 1: medians of lateness and of each stage, from an even sample of the probes after the warm-up
        long total;
        try (RecordFileReader r = RecordFileReader.open(rxFile)) {
            total = r.wholeRecords();
        }
        int stride = (int) Math.max(1, total / MEDIAN_SAMPLES);
        List<long[]> samples = new ArrayList<>();
        List<Long> lateSamples = new ArrayList<>();
        ExplainThreshold above = info.explainAbove();
        org.tsnlat.stats.SignedHistogram lateness = new org.tsnlat.stats.SignedHistogram(); // every probe, for a percentile
        forEachProbe(rxFile, tx, warmupNs, firstScheduledNs, (p, i) -> {
            if (untrustedAt != null && untrustedAt.test(p.bounds[p.bounds.length - 1])) return;
            if (above.isPercentile()) lateness.record(p.latenessNs);
            if (i % stride != 0) return;
            samples.add(p.values);
            lateSamples.add(p.latenessNs);
        });
        if (lateSamples.isEmpty()) {
            return new Setup(trace, rxFile, info.runMinusTraceNs(), 0, tx, names, 0, null, above.percentileName());
        }
        long[] medians = new long[names.length];
        for (int s = 0; s < names.length; s++) {
            final int k = s;
            medians[s] = median(samples.stream().mapToLong(v -> v[k]).toArray());
        }
        long medianLate = median(lateSamples.stream().mapToLong(Long::longValue).toArray());
        return new Setup(trace, rxFile, info.runMinusTraceNs(), above.spanBeyond(lateness, medianLate), tx, names,
                medianLate, medians, above.percentileName());
    }

    private static Outliers.Outlier explainOne(Probe p, Window w, Setup u, LongPredicate untrustedAt) {
        String[] names = u.names;
        long[] medians = u.medians;
        long medianLate = u.medianLate;
        long runMinusTrace = u.runMinusTrace;
        List<Outliers.Stage> stages = new ArrayList<>();
        int late = 0;
        for (int s = 0; s < names.length; s++) {
            long excess = p.values[s] - medians[s];
            stages.add(new Outliers.Stage(names[s], p.values[s], medians[s], excess));
            if (excess > p.values[late] - medians[late]) late = s;
        }
        String stage = names[late];
        long excess = p.values[late] - medians[late];
        List<Integer> cpus = new ArrayList<>();
        Window.Mark txMark = w.markOf("tsnlat-tx", p.seq);
        Window.Mark rxMark = w.markOf("tsnlat-rx", p.seq);
        if (stage.equals(WAKE) || stage.equals(SEND) || stage.equals(NETWORK)) addCpu(cpus, txMark);
        if (stage.equals(PICKUP) || stage.equals(NETWORK) || stage.equals(TO_KERNEL)) addCpu(cpus, rxMark);
        // this run's measuring threads, by pid (another tsnlat's threads have the same names and are causes like any)
        List<String> own = new ArrayList<>();
        for (Window.Mark m : new Window.Mark[] {txMark, rxMark}) {
            if (m != null) own.addAll(List.of("(pid " + m.pid() + ",", "(pid " + m.pid() + ")"));
        }
        long from = (late == 0 ? p.scheduledNs : p.bounds[late - 1]) - runMinusTrace;
        long to = p.bounds[late] - runMinusTrace;
        List<Outliers.Cause> causes = new ArrayList<>();
        long covered = 0;
        // the measuring thread of the stage: until it is woken, nothing could have run it
        String thread = stage.equals(WAKE) || stage.equals(SEND) ? "tsnlat-tx" : stage.equals(PICKUP) ? "tsnlat-rx" : null;
        Window.Mark mark = thread == null ? null : thread.equals("tsnlat-tx") ? txMark : rxMark;
        // asleep when the stage began (in its timed sleep, or waiting for the packet): it waits for its wake-up first;
        // preempted (runnable) already: no wake-up to wait for
        long woken = mark == null || !w.asleepAt(mark.pid(), from) ? -1 : w.wokenAt(mark.pid(), from, to);
        Outliers.Cause notWoken = null;
        int waker = woken > from ? w.wakerCpu(mark.pid(), from, woken) : -1;
        if (woken > from && stage.equals(PICKUP) && waker >= 0) {
            // the packet in the kernel until its delivery woke the receiver: the delivery ran on the
            // waker's CPU (a NIC queue's softirq; on veth the sender's CPU backlog), whoever held that
            // CPU meanwhile (a flood's NET_RX softirq, its sink, ksoftirqd) delayed it
            if (!cpus.contains(waker)) cpus.add(waker);
            for (Window.Share sh : w.breakdown(waker, from, woken)) {
                if (own.stream().anyMatch(sh.cause()::contains)) continue;
                String cause = sh.cause().equals("idle") ? "idle (no delivery of the packet yet)" : sh.cause();
                causes.add(new Outliers.Cause(cause, waker, sh.ns(), sh.stretchNs()));
                covered += sh.ns();
            }
            from = woken;
        } else if (woken > from && cpus.size() == 1) {
            notWoken = new Outliers.Cause(thread + " not yet woken (late timer or packet, or blocked)", cpus.get(0),
                    woken - from, 0);
            covered += woken - from;
            from = woken;
        }
        boolean wokenBefore = woken >= 0 && woken <= from;
        int ownPrio = mark == null ? -1 : w.prioOf(mark.pid());
        boolean realTime = ownPrio >= 0 && ownPrio < 100;
        // after its wake-up the thread may go to sleep again (a lock, a JVM safepoint): its own doing, said as such
        List<long[]> asleep = mark == null ? List.of() : w.asleep(mark.pid(), from, to);
        long asleepNs = asleep.stream().mapToLong(a -> a[1] - a[0]).sum();
        List<long[]> runnable = new ArrayList<>();
        long t = from;
        for (long[] a : asleep) {
            if (a[0] > t) runnable.add(new long[] {t, a[0]});
            t = Math.max(t, a[1]);
        }
        if (to > t) runnable.add(new long[] {t, to});
        for (int cpu : cpus) {
            Map<String, long[]> held = new LinkedHashMap<>();
            for (long[] span : runnable) {
                for (Window.Share sh : w.breakdown(cpu, span[0], span[1])) {
                    long[] v = held.computeIfAbsent(sh.cause(), k -> new long[2]);
                    v[0] += sh.ns();
                    v[1] = Math.max(v[1], sh.stretchNs());
                }
            }
            if (cpu == waker && waker != (mark == null ? -1 : mark.cpu())) continue; // its delivery's CPU: done above
            for (Map.Entry<String, long[]> h : held.entrySet()) {
                if (own.stream().anyMatch(h.getKey()::contains)) continue; // this run's measuring threads: the work, not its delay
                // woken, runnable, and its CPU idle: the CPU was slow to leave idle for it (on a VM: the hypervisor
                // running the vCPU late)
                String cause = wokenBefore && h.getKey().equals("idle") && thread != null
                        ? "idle, not yet running the woken " + thread + " (leaving idle; on a VM, the vCPU run late)"
                        : h.getKey();
                // a normal thread ran while the real-time measuring thread was runnable on that CPU: the
                // kernel should have preempted it at once, so it was in a section the kernel does not
                // preempt, or the wake-up's interrupt reached the CPU late (a VM)
                if (realTime && mark != null && cpu == mark.cpu() && cause.startsWith("thread ")
                        && !cause.contains("real-time priority")) {
                    cause += " not preempted for " + thread + " (a kernel section, or the wake-up's interrupt late)";
                }
                causes.add(new Outliers.Cause(cause, cpu, h.getValue()[0], h.getValue()[1]));
                covered += h.getValue()[0];
            }
        }
        if (asleepNs > 0 && mark != null) {
            causes.add(new Outliers.Cause(thread + " asleep after its wake-up (blocked: a lock, a JVM safepoint)", mark.cpu(),
                    asleepNs, 0));
            covered += asleepNs;
        }
        if (notWoken != null) causes.add(notWoken);
        causes.sort(Comparator.comparingLong(Outliers.Cause::ns).reversed());
        long appRx = p.bounds[p.bounds.length - 1];
        String clock = untrustedAt != null && untrustedAt.test(appRx)
                ? "the interval's clocks were untrusted: this lateness may be the clocks', not the path's" : null;
        return new Outliers.Outlier(p.seq, p.latenessNs, p.latenessNs - medianLate, stages, stage, cpus, causes,
                Math.max(0, excess - covered), clock, p.seq, p.seq, 1);
    }

    private static void addCpu(List<Integer> cpus, Window.Mark mark) {
        if (mark != null && !cpus.contains(mark.cpu())) cpus.add(mark.cpu());
    }

    private static List<Outliers.TopCause> topCauses(List<Outliers.Outlier> explained) {
        long excess = 0;
        Map<String, long[]> by = new LinkedHashMap<>(); // cause -> {outliers, ns}
        for (Outliers.Outlier o : explained) {
            excess += Math.max(0, o.excessNs());
            Map<String, Long> here = new HashMap<>();
            for (Outliers.Cause c : o.causes()) here.merge(c.cause() + " on CPU " + c.cpu(), c.ns(), Long::sum);
            here.forEach((k, ns) -> {
                long[] v = by.computeIfAbsent(k, x -> new long[2]);
                v[0]++;
                v[1] += ns;
            });
        }
        long all = Math.max(1, excess);
        return by.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .limit(10)
                .map(e -> new Outliers.TopCause(e.getKey(), (int) e.getValue()[0], Math.min(1.0, (double) e.getValue()[1] / all)))
                .toList();
    }

    /** Streams the trace once, giving each window the events inside it and the tasks running at its start. */
    /** A gap between two lines of the trace file longer than this is where --explain left trace out. */
    static final long CUT_GAP_NS = 100_000_000L;

    static void cut(Path trace, List<Window> windows) throws IOException {
        List<Window> byStart = new ArrayList<>(windows);
        byStart.sort(Comparator.comparingLong(w -> w.fromNs));
        Map<Integer, Window.Task> running = new HashMap<>();
        List<Window> active = new ArrayList<>();
        int next = 0;
        TraceLine l = new TraceLine();
        long previousNs = Long.MIN_VALUE;
        try (BufferedReader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!l.parse(line)) continue;
                // the file holds only the trace around late probes: after a gap, who ran before it says
                // nothing of who runs now
                if (previousNs != Long.MIN_VALUE && l.timeNs - previousNs > CUT_GAP_NS) running.clear();
                previousNs = l.timeNs;
                while (next < byStart.size() && byStart.get(next).fromNs <= l.timeNs) {
                    Window w = byStart.get(next++);
                    w.begin(running);
                    active.add(w);
                }
                active.removeIf(w -> w.toNs < l.timeNs);
                for (Window w : active) w.add(l);
                Window.Task was = running.get(l.cpu);
                if (was == null || was.pid() != l.pid) running.put(l.cpu, new Window.Task(l.comm, l.pid, was != null && was.pid() == l.pid ? was.prio() : 120));
                if (l.kind == TraceLine.Kind.SWITCH) running.put(l.cpu, new Window.Task(l.name, l.number, l.prio));
                if (next >= byStart.size() && active.isEmpty()) break;
            }
        }
    }

    private interface ProbeSink {
        void accept(Probe p, long index);
    }

    private static void forEachProbe(Path rxFile, int[][] tx, long warmupNs, long firstScheduledNs, ProbeSink sink)
            throws IOException {
        PacketRecord r = new PacketRecord();
        long index = 0;
        try (RecordFileReader in = RecordFileReader.open(rxFile)) {
            while (in.next(r)) {
                if (r.seq < 0 || !Timestamps.present(r.scheduledNs) || !Timestamps.present(r.appRxNs)) continue;
                if (Timestamps.present(firstScheduledNs) && r.scheduledNs - firstScheduledNs < warmupNs) continue;
                long rxK = Timestamps.present(r.swRxNs) ? r.swRxNs : r.appRxNs;
                long lateness = r.appRxNs - r.scheduledNs;
                Probe p;
                if (tx != null && r.seq < tx[0].length && tx[0][(int) r.seq] != Integer.MIN_VALUE) {
                    long wake = r.scheduledNs + tx[0][(int) r.seq];
                    long txK = wake + tx[1][(int) r.seq];
                    p = new Probe(r.seq, r.scheduledNs, new long[] {wake, txK, rxK, r.appRxNs},
                            new long[] {wake - r.scheduledNs, txK - wake, rxK - txK, r.appRxNs - rxK}, lateness);
                } else if (tx == null) {
                    p = new Probe(r.seq, r.scheduledNs, new long[] {rxK, r.appRxNs},
                            new long[] {rxK - r.scheduledNs, r.appRxNs - rxK}, lateness);
                } else {
                    continue; // the sender's record of it is missing: its stages cannot be told
                }
                sink.accept(p, index++);
            }
        }
    }

    /** Per sequence number: woken minus scheduled, and the kernel's TX time minus woken (int ns; MIN_VALUE absent). */
    private static int[][] senderStages(Path txFile) throws IOException {
        long n;
        try (RecordFileReader in = RecordFileReader.open(txFile)) {
            n = Math.min(MAX_TX_SEQ, in.wholeRecords());
        }
        int[] wake = new int[(int) n];
        int[] send = new int[(int) n];
        Arrays.fill(wake, Integer.MIN_VALUE);
        PacketRecord r = new PacketRecord();
        try (RecordFileReader in = RecordFileReader.open(txFile)) {
            while (in.next(r)) {
                if (r.seq < 0 || r.seq >= n || !Timestamps.present(r.wakeNs) || !Timestamps.present(r.scheduledNs)) continue;
                long txK = kernelTxOrApp(r);
                long w = r.wakeNs - r.scheduledNs;
                long s = txK - r.wakeNs;
                if (!Timestamps.present(txK) || w != (int) w || s != (int) s) continue;
                wake[(int) r.seq] = (int) w;
                send[(int) r.seq] = (int) s;
            }
        }
        return new int[][] {wake, send};
    }

    /**
     * Where a sender's record's send stage ends: the kernel's TX time (driver, else qdisc entry),
     * else its app TX time (also what --explain's trigger measures a sender alone by).
     */
    public static long kernelTxOrApp(PacketRecord r) {
        if (Timestamps.present(r.swTxNs)) return r.swTxNs;
        if (Timestamps.present(r.schedTxNs)) return r.schedTxNs;
        return r.appTxNs;
    }

    private static long median(long[] v) {
        if (v.length == 0) return 0;
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString();
    }
}
