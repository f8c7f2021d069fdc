package org.tsnlat.report;

import org.tsnlat.time.Saturating;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.Timestamps;
import org.tsnlat.stats.MetricStats;
import org.tsnlat.stats.PacketCounts;
import org.tsnlat.stats.SeqTracker;

/**
 * Derives the receiver's metrics from its records, in arrival order. Fed live by the recorder
 * thread and again by {@code tsnlat report} from the file, so both give identical figures.
 *
 * <p>Per probe: one-way latency = best RX timestamp (hardware, else kernel software, else
 * application) minus the sender's application TX time; inter-arrival delta = best RX timestamp
 * minus that of the previous arrival; RX stack = application RX minus kernel software RX.
 * Duplicates are counted and kept out of the metrics; probes scheduled within the warm-up span
 * of the first one go to separate warm-up figures.
 */
public final class RxAnalysis implements RecordPass {
    /** Takes every whole record of {@code r}, in file order. */
    @Override
    public void readAll(RecordFileReader r) throws java.io.IOException {
        PacketRecord rec = new PacketRecord();
        for (long i = 0; r.next(rec); i++) {
            if (Plausible.rx(rec)) {
                accept(rec);
            } else {
                skips.skip(i);
            }
        }
    }

    private final Plausible.Skips skips = new Plausible.Skips();

    @Override
    public Plausible.Skips skipped() {
        return skips;
    }

    /** log2 of the sequence window for duplicates and reordering: about a million probes. */
    static final int SEQ_WINDOW_BITS = 20;

    private final long warmupNs;
    /** Which verdict interval a receive time falls in (the table's counts are the first pass's). */
    private final IntervalTable intervals;
    private final Verdicts verdicts;
    /** Whether some interval is untrusted, so that "latency-all" differs from "latency". */
    private final boolean anyUntrusted;
    private final MetricStats latencyAll = new MetricStats("latency-all");
    private long excludedPackets;
    private final SeqTracker seqs = new SeqTracker(SEQ_WINDOW_BITS);
    private final Derived derived = new Derived();
    private Observer observer;
    private final MetricSet main = new MetricSet();
    private final MetricSet warmup = new MetricSet();
    private final long[] rxSourceCounts = new long[RxSource.values().length];
    private long firstScheduledNs = Timestamps.ABSENT;
    private long previousRxNs = Timestamps.ABSENT;
    private RxSource previousRxSource;
    private long warmupPackets;
    private long negativeLatencies;
    private long minLatencyNs = Long.MAX_VALUE;

    /** The live analysis (before the verdicts are known): one-way latency over every probe. */
    public RxAnalysis(long warmupNs) {
        this(warmupNs, TrustThresholds.defaults().intervalNs(), null);
    }

    /**
     * @param intervalNs verdict interval length
     * @param verdicts   the verdicts of a first pass over the same records, or null: with them,
     *                   one-way latency counts only probes of intervals not untrusted, and the
     *                   figures over all probes are kept apart as "latency-all"
     */
    public RxAnalysis(long warmupNs, long intervalNs, Verdicts verdicts) {
        this.warmupNs = warmupNs;
        this.intervals = new IntervalTable(intervalNs);
        this.verdicts = verdicts;
        this.anyUntrusted = verdicts != null && verdicts.anyUntrusted();
    }

    /** Where a probe's best receive timestamp came from. */
    public enum RxSource {
        HW("hw rx"), SW("sw rx"), APP("app rx");
        final String label;
        RxSource(String label) {
            this.label = label;
        }
    }

    /** The metrics of one span of the run (main figures, or warm-up). */
    static final class MetricSet {
        final MetricStats latency = new MetricStats("latency");
        final MetricStats delta = new MetricStats("delta");
        final MetricStats rxStack = new MetricStats("rx-stack");

        Map<String, org.tsnlat.stats.MetricSummary> summaries() {
            Map<String, org.tsnlat.stats.MetricSummary> m = new LinkedHashMap<>();
            m.put("latency", latency.summary());
            m.put("delta", delta.summary());
            m.put("rx-stack", rxStack.summary());
            return m;
        }
    }

    /** Takes one record; sets its duplicate/reordered flags. */
    public void accept(PacketRecord r) {
        int seqFlags = seqs.accept(r.seq);
        r.flags |= (seqFlags & SeqTracker.DUPLICATE) != 0 ? PacketRecord.FLAG_DUPLICATE : 0;
        r.flags |= (seqFlags & SeqTracker.REORDERED) != 0 ? PacketRecord.FLAG_REORDERED : 0;
        Derived d = derived;
        d.clear(r);
        if ((seqFlags & SeqTracker.DUPLICATE) != 0) {
            d.duplicate = true;
            notifyObserver(d);
            return;
        }
        if (firstScheduledNs == Timestamps.ABSENT) {
            firstScheduledNs = r.scheduledNs;
        }
        boolean inWarmup = warmupNs > 0 && Saturating.sub(r.scheduledNs, firstScheduledNs) < warmupNs;
        if (inWarmup) {
            warmupPackets++;
        }
        MetricSet set = inWarmup ? warmup : main;
        RxSource source = bestSource(r);
        rxSourceCounts[source.ordinal()]++;
        long rxNs = rxTime(r, source);
        d.rxNs = rxNs;
        d.source = source;
        d.warmup = inWarmup;
        long intervalNumber = intervals.intervalOf(rxNs);
        d.interval = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, intervalNumber));
        d.trust = verdicts == null ? null : verdicts.trustOf(intervalNumber);
        if (Timestamps.present(r.appTxNs)) {
            long latency = latencyNs(rxNs, r.appTxNs);
            d.latencyNs = latency;
            if (latency < 0) negativeLatencies++;
            minLatencyNs = Math.min(minLatencyNs, latency);
            if (!inWarmup && anyUntrusted) {
                latencyAll.record(latency, r.seq, rxNs);
            }
            if (d.trust != Trust.UNTRUSTED) {
                set.latency.record(latency, r.seq, rxNs);
            } else if (!inWarmup) {
                excludedPackets++;
            }
        }
        if (previousRxNs != Timestamps.ABSENT && previousRxSource == source) {
            d.deltaNs = Saturating.sub(rxNs, previousRxNs);
            set.delta.record(d.deltaNs, r.seq, rxNs);
        }
        if (Timestamps.present(r.swRxNs) && Timestamps.present(r.appRxNs)) {
            d.rxStackNs = Saturating.sub(r.appRxNs, r.swRxNs);
            set.rxStack.record(d.rxStackNs, r.seq, rxNs);
        }
        previousRxNs = rxNs;
        previousRxSource = source;
        notifyObserver(d);
    }

    private void notifyObserver(Derived d) {
        if (observer != null) {
            observer.probe(d);
        }
    }

    /** Is told, in file order, what was derived from every record (duplicates included): for exports. */
    public interface Observer {
        void probe(Derived d);
    }

    /** What the analysis derived from one record; reused from record to record, so copy what you keep. */
    public static final class Derived {
        public PacketRecord record;
        public boolean duplicate;
        public boolean warmup;
        public RxSource source;
        public long rxNs;
        public long latencyNs;
        public long deltaNs;
        public long rxStackNs;
        public int interval;
        /** The interval's verdict, or null in a pass without verdicts. Interval numbers beyond an int are clamped. */
        public Trust trust;

        void clear(PacketRecord r) {
            record = r;
            duplicate = false;
            warmup = false;
            source = null;
            rxNs = Timestamps.ABSENT;
            latencyNs = Timestamps.ABSENT;
            deltaNs = Timestamps.ABSENT;
            rxStackNs = Timestamps.ABSENT;
            interval = -1;
            trust = null;
        }
    }

    /** Adds an observer of the records to come (told after those added before it). */
    public RxAnalysis observe(Observer o) {
        Observer before = observer;
        this.observer = before == null ? o : d -> {
            before.probe(d);
            o.probe(d);
        };
        return this;
    }

    /** The accumulator of a main-figure metric ("latency", "delta", "rx-stack"), for exports. */
    public MetricStats metricStats(String name) {
        return switch (name) {
            case "latency" -> main.latency;
            case "delta" -> main.delta;
            case "rx-stack" -> main.rxStack;
            default -> throw new IllegalArgumentException("no receiver metric " + name);
        };
    }

    /** Probes after the warm-up kept out of the one-way latency figures by an untrusted interval. */
    public long excludedPackets() {
        return excludedPackets;
    }

    /**
     * One-way latency of a probe: receive minus send time, clamped rather than wrapped when the two
     * are further apart than a long holds (corrupt or hostile times), so it is never a small number
     * made of two extreme ones, nor the absent sentinel.
     */
    static long latencyNs(long rxNs, long appTxNs) {
        return Saturating.sub(rxNs, appTxNs);
    }

    /**
     * Where a record stands, as this analysis places it ({@link Derived#rxNs}): its best receive
     * timestamp (hardware, else software, else the application's), ABSENT when it has none. For
     * whoever finds one probe again after the passes (report.html's marks of the --explain outliers).
     */
    public static long placedAt(PacketRecord r) {
        return rxTime(r, bestSource(r));
    }

    /** The one-way latency of a record placed at {@code rxNs} ({@link #placedAt}); ABSENT without a send time. */
    public static long latencyOf(PacketRecord r, long rxNs) {
        return Timestamps.present(r.appTxNs) && Timestamps.present(rxNs) ? latencyNs(rxNs, r.appTxNs) : Timestamps.ABSENT;
    }

    static RxSource bestSource(PacketRecord r) {
        if (Timestamps.present(r.hwRxNs)) return RxSource.HW;
        if (Timestamps.present(r.swRxNs)) return RxSource.SW;
        return RxSource.APP;
    }

    static long rxTime(PacketRecord r, RxSource s) {
        return switch (s) {
            case HW -> r.hwRxNs;
            case SW -> r.swRxNs;
            case APP -> r.appRxNs;
        };
    }

    /** The sender's announced total, from its end-of-session probe. */
    public void announcedTotal(long probesSent) {
        seqs.end(probesSent);
    }

    /** Scheduled time of the first record, or ABSENT before any. */
    public long firstScheduledNs() {
        return firstScheduledNs;
    }


    public long warmupPackets() {
        return warmupPackets;
    }

    /** Negative one-way latencies over every distinct probe, warm-up and untrusted intervals included. */
    public long negativeLatencies() {
        return negativeLatencies;
    }

    /** The least one-way latency over every distinct probe; Long.MAX_VALUE when none had one. */
    public long minLatencyNs() {
        return minLatencyNs;
    }

    public PacketCounts counts() {
        return seqs.counts();
    }

    public Map<String, org.tsnlat.stats.MetricSummary> mainSummaries() {
        Map<String, org.tsnlat.stats.MetricSummary> m = main.summaries();
        if (excludedPackets > 0) {
            m.put("latency-all", latencyAll.summary());
        }
        return m;
    }

    public Map<String, org.tsnlat.stats.MetricSummary> warmupSummaries() {
        return warmup.summaries();
    }

    /**
     * The verdict of the interval that receive time {@code rxNs} falls in (a receive time of the
     * receiver's, as the records hold), or null in a pass without verdicts, before any probe, or
     * for an interval no probe fell in: so the reverse direction is judged by the same intervals.
     */
    public Trust trustAt(long rxNs) {
        if (verdicts == null || firstScheduledNs == Timestamps.ABSENT) return null;
        return verdicts.trustOf(intervals.intervalOf(rxNs));
    }

    /** Which timestamps each metric used, with how many probes used each pair. */
    public Map<String, String> pairs() {
        StringBuilder rx = new StringBuilder();
        for (RxSource s : RxSource.values()) {
            if (rxSourceCounts[s.ordinal()] > 0) {
                if (!rx.isEmpty()) rx.append(", ");
                rx.append(s.label).append(" (").append(rxSourceCounts[s.ordinal()]).append(")");
            }
        }
        String rxs = rx.isEmpty() ? "none" : rx.toString();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("latency", rxs + " minus sender's app tx");
        p.put("delta", rxs + " minus the previous arrival's");
        p.put("rx-stack", "app rx minus sw rx");
        return p;
    }
}
