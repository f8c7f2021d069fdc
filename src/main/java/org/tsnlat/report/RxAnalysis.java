package org.tsnlat.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsnlat.record.PacketRecord;
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
public final class RxAnalysis {
    private final long warmupNs;
    private final IntervalTable intervals;
    private final List<IntervalVerdict> verdicts;
    private final MetricStats latencyAll = new MetricStats("latency-all");
    private long excludedPackets;
    private final SeqTracker seqs = new SeqTracker(20);
    private final MetricSet main = new MetricSet();
    private final MetricSet warmup = new MetricSet();
    private final MetricSet interval = new MetricSet();
    private final long[] rxSourceCounts = new long[RxSource.values().length];
    private long firstScheduledNs = Timestamps.ABSENT;
    private long previousRxNs = Timestamps.ABSENT;
    private RxSource previousRxSource;
    private long warmupPackets;
    private long records;

    /** A first pass (live, or before the verdicts are known): one-way latency over every probe. */
    public RxAnalysis(long warmupNs) {
        this(warmupNs, TrustThresholds.defaults().intervalNs(), null);
    }

    /**
     * @param intervalNs verdict interval length
     * @param verdicts   the verdicts of a first pass over the same records, or null: with them,
     *                   one-way latency counts only probes of intervals not untrusted, and the
     *                   figures over all probes are kept apart as "latency-all"
     */
    public RxAnalysis(long warmupNs, long intervalNs, List<IntervalVerdict> verdicts) {
        this.warmupNs = warmupNs;
        this.intervals = new IntervalTable(intervalNs);
        this.verdicts = verdicts;
    }

    /** Where a probe's best receive timestamp came from. */
    public enum RxSource {
        HW("hw rx"), SW("sw rx"), APP("app rx");
        final String label;
        RxSource(String label) {
            this.label = label;
        }
    }

    /** The metrics of one span of the run (main figures, warm-up, or the live interval). */
    static final class MetricSet {
        final MetricStats latency = new MetricStats("latency");
        final MetricStats delta = new MetricStats("delta");
        final MetricStats rxStack = new MetricStats("rx-stack");

        void reset() {
            latency.reset();
            delta.reset();
            rxStack.reset();
        }

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
        records++;
        int seqFlags = seqs.accept(r.seq);
        r.flags |= (seqFlags & SeqTracker.DUPLICATE) != 0 ? PacketRecord.FLAG_DUPLICATE : 0;
        r.flags |= (seqFlags & SeqTracker.REORDERED) != 0 ? PacketRecord.FLAG_REORDERED : 0;
        if ((seqFlags & SeqTracker.DUPLICATE) != 0) {
            return;
        }
        if (firstScheduledNs == Timestamps.ABSENT) {
            firstScheduledNs = r.scheduledNs;
        }
        boolean inWarmup = warmupNs > 0 && r.scheduledNs - firstScheduledNs < warmupNs;
        if (inWarmup) {
            warmupPackets++;
        }
        MetricSet set = inWarmup ? warmup : main;
        RxSource source = bestSource(r);
        rxSourceCounts[source.ordinal()]++;
        long rxNs = rxTime(r, source);
        if (Timestamps.present(r.appTxNs)) {
            long latency = rxNs - r.appTxNs;
            intervals.add(rxNs, latency);
            interval.latency.record(latency, r.seq, rxNs);
            if (!inWarmup) {
                latencyAll.record(latency, r.seq, rxNs);
            }
            if (trusted(intervals.index(rxNs))) {
                set.latency.record(latency, r.seq, rxNs);
            } else if (!inWarmup) {
                excludedPackets++;
            }
        }
        if (previousRxNs != Timestamps.ABSENT && previousRxSource == source) {
            set.delta.record(rxNs - previousRxNs, r.seq, rxNs);
            interval.delta.record(rxNs - previousRxNs, r.seq, rxNs);
        }
        if (Timestamps.present(r.swRxNs) && Timestamps.present(r.appRxNs)) {
            set.rxStack.record(r.appRxNs - r.swRxNs, r.seq, rxNs);
        }
        previousRxNs = rxNs;
        previousRxSource = source;
    }

    private boolean trusted(int interval) {
        return verdicts == null || interval >= verdicts.size() || verdicts.get(interval).trust() != Trust.UNTRUSTED;
    }

    /** The per-interval table of this pass, for the verdicts. */
    IntervalTable intervals() {
        return intervals;
    }

    /** Probes after the warm-up kept out of the one-way latency figures by an untrusted interval. */
    public long excludedPackets() {
        return excludedPackets;
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

    public long records() {
        return records;
    }

    public long warmupPackets() {
        return warmupPackets;
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

    /** Live figures of the interval since the last call, then a fresh interval. */
    public org.tsnlat.stats.MetricSummary[] takeInterval() {
        var out = new org.tsnlat.stats.MetricSummary[] {interval.latency.summary(), interval.delta.summary()};
        interval.reset();
        return out;
    }
}
