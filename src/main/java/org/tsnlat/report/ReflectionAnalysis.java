package org.tsnlat.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.ReflectionRecordCodec;
import org.tsnlat.record.Timestamps;
import org.tsnlat.stats.MetricStats;
import org.tsnlat.stats.MetricSummary;
import org.tsnlat.sync.TwoWayEstimate;
import org.tsnlat.time.Saturating;

/**
 * The reverse direction from the sender's reflection records ({@code reflections.records}):
 * {@code reverse-latency}, the receiver-to-sender one-way latency of each reflection, t4 (the
 * sender's RX of it) minus t3 (the receiver's TX of it). Like {@code latency} it crosses the two
 * clocks, so it is judged by the same intervals: a reflection counts in the figures only when the
 * interval of its original's receive time (t2, the receiver's best RX time of it) is not
 * untrusted (the same two clocks); warm-up reflections (their original scheduled within the
 * warm-up) go to the warm-up figures. Without receiver records (a sender's directory alone) there
 * are no verdicts, and every reflection after the warm-up counts, as the text says.
 */
public final class ReflectionAnalysis implements RecordPass {
    /** The trust of the interval a receiver's receive time falls in; null when none is known. */
    @FunctionalInterface
    public interface TrustAt {
        Trust at(long rxNs);
    }

    private final long warmupNs;
    private final long firstScheduledNs;
    private final TrustAt trust;
    private final MetricStats reverse = new MetricStats("reverse-latency");
    private final MetricStats warmReverse = new MetricStats("reverse-latency");
    private final Plausible.Skips skips = new Plausible.Skips();
    private long records;
    private long excluded;
    private long withoutTimes;
    private long kernelT3;
    private long appT3;
    private long kernelT4;
    private long appT4;

    /**
     * @param firstScheduledNs the run's first probe's schedule (the zero of the warm-up), ABSENT if unknown
     * @param trust            the verdict of an interval by receive time, or null without verdicts
     */
    public ReflectionAnalysis(long warmupNs, long firstScheduledNs, TrustAt trust) {
        this.warmupNs = warmupNs;
        this.firstScheduledNs = firstScheduledNs;
        this.trust = trust;
    }

    @Override
    public void readAll(RecordFileReader r) throws java.io.IOException {
        PacketRecord rec = new PacketRecord();
        for (long i = 0; r.next(rec); i++) {
            if (Plausible.tx(rec)) {
                accept(rec);
            } else {
                skips.skip(i);
            }
        }
    }

    @Override
    public Plausible.Skips skipped() {
        return skips;
    }

    void accept(PacketRecord r) {
        records++;
        long t3 = ReflectionRecordCodec.t3(r);
        long t4 = ReflectionRecordCodec.t4(r);
        if (!Timestamps.present(t3) || !Timestamps.present(t4)) {
            withoutTimes++;
            return;
        }
        long first = Timestamps.present(firstScheduledNs) ? firstScheduledNs : r.scheduledNs;
        boolean inWarmup = warmupNs > 0 && Saturating.sub(r.scheduledNs, first) < warmupNs;
        long value = Saturating.sub(t4, t3);
        if (inWarmup) {
            warmReverse.record(value, r.seq, t4);
            return;
        }
        long t2 = ReflectionRecordCodec.t2(r);
        Trust t = trust != null && Timestamps.present(t2) ? trust.at(t2) : null;
        if (t == Trust.UNTRUSTED) {
            excluded++;
            return;
        }
        int stamps = ReflectionRecordCodec.stamps(r);
        if (stamps >= 0 && (stamps & TwoWayEstimate.T3_KERNEL) != 0) kernelT3++;
        else appT3++;
        if (stamps >= 0 && (stamps & TwoWayEstimate.T4_KERNEL) != 0) kernelT4++;
        else appT4++;
        reverse.record(value, r.seq, t4);
    }

    /** Reflection records read (warm-up included). */
    public long records() {
        return records;
    }

    /** Reflections after the warm-up left out of reverse-latency by an untrusted interval. */
    public long excluded() {
        return excluded;
    }

    public Map<String, MetricSummary> mainSummaries() {
        return Map.of("reverse-latency", reverse.summary());
    }

    public Map<String, MetricSummary> warmupSummaries() {
        return Map.of("reverse-latency", warmReverse.summary());
    }

    /** Which times reverse-latency is the difference of, with how many reflections used each. */
    public Map<String, String> pairs() {
        StringBuilder b = new StringBuilder();
        if (kernelT4 + appT4 == 0 && kernelT3 + appT3 == 0) {
            // none measured after the warm-up; those that came back said, so "none" is never read as "lost"
            b.append(records == 0 ? "no reflection came back" : "no reflection measured after the warm-up ("
                    + records + " came back, " + warmReverse.count() + " of them within the warm-up)");
        } else {
            b.append(counted("sw rx", kernelT4, "app rx", appT4)).append(" minus receiver's ")
                    .append(counted("kernel tx", kernelT3, "app tx", appT3)).append(" of the reflection");
        }
        if (trust == null) b.append("; no receiver records: not judged by trust intervals");
        if (excluded > 0) b.append("; ").append(excluded).append(" in untrusted intervals excluded");
        if (withoutTimes > 0) b.append("; ").append(withoutTimes).append(" without both times left out");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("reverse-latency", b.toString());
        return p;
    }

    private static String counted(String a, long na, String b, long nb) {
        if (na > 0 && nb > 0) return a + " (" + na + ") or " + b + " (" + nb + ")";
        if (nb > 0) return b + " (" + nb + ")";
        if (na > 0) return a + " (" + na + ")";
        return "none";
    }
}
