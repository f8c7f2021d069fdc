package org.tsnlat.report;

import org.tsnlat.time.Saturating;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.Timestamps;
import org.tsnlat.stats.MetricStats;
import org.tsnlat.stats.MetricSummary;

/**
 * Derives the sender's on-host metrics from its records: wake-up lateness (woken minus
 * scheduled, as cyclictest reports it), TX stack (kernel TX timestamp minus application TX), the
 * time in the egress queue (driver's SND timestamp minus qdisc entry, "tx-qdisc") and
 * late wake-ups (woken after the next period had begun; the schedule is never shifted), counted
 * like the figures outside the warm-up span.
 */
public final class TxAnalysis implements RecordPass {
    /** Takes every whole record of {@code r}, in file order. */
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

    private final Plausible.Skips skips = new Plausible.Skips();

    @Override
    public Plausible.Skips skipped() {
        return skips;
    }

    /** TX record flag: the send call failed (the probe never left). */
    public static final int FLAG_SEND_FAILED = 1;

    private final long warmupNs;
    private final long periodNs;
    private final MetricStats wake = new MetricStats("wake");
    private final MetricStats txStack = new MetricStats("tx-stack");
    private final MetricStats txQueue = new MetricStats("tx-qdisc");
    /** SO_TXTIME: the driver's TX time minus the launch time asked for (scheduled + offset). */
    private final MetricStats launch = new MetricStats("launch");
    private final MetricStats warmLaunch = new MetricStats("launch");
    /** SO_TXTIME: the launch time's offset from the scheduled time; 0 without launch times. */
    private long txtimeOffsetNs;
    private final MetricStats warmWake = new MetricStats("wake");
    private final MetricStats warmTxStack = new MetricStats("tx-stack");
    private long firstScheduledNs = Timestamps.ABSENT;
    private long records;
    private long warmupRecords;
    private long lateWakeups;
    private long sendFailures;
    private long firstFailedSeq = -1;
    private long lastFailedSeq = -1;
    private long lastSeq = -1;
    private long missingTxStamps;
    private boolean usedSched;
    private boolean usedSw;
    /** Sent probes after the warm-up with only a qdisc-entry (sched) kernel TX timestamp, with only a driver (sw) one. */
    private long schedOnly;
    private long swOnly;
    private long sentAfterWarmup;

    public TxAnalysis(long warmupNs, long periodNs) {
        this.warmupNs = warmupNs;
        this.periodNs = periodNs;
    }

    /**
     * The probes asked for a launch time (SO_TXTIME) of their scheduled time + {@code offsetNs}:
     * derives the metric "launch", the driver's (sw) TX timestamp minus that launch time. Call
     * before the first record.
     */
    public TxAnalysis launchTime(long offsetNs) {
        this.txtimeOffsetNs = offsetNs;
        return this;
    }

    /** Whether the probes asked for launch times ({@link #launchTime}): the metric "launch" is derived. */
    public boolean launchTimes() {
        return txtimeOffsetNs != 0;
    }

    /**
     * A record's metric "launch": its driver (sw) TX timestamp minus the launch time asked for
     * (scheduled + the offset); {@link Timestamps#ABSENT} without launch times, for a failed send
     * or without a driver timestamp.
     */
    public long launchNs(PacketRecord r) {
        if (txtimeOffsetNs == 0 || (r.flags & FLAG_SEND_FAILED) != 0 || !Timestamps.present(r.swTxNs)) {
            return Timestamps.ABSENT;
        }
        return Saturating.sub(r.swTxNs, Saturating.add(r.scheduledNs, txtimeOffsetNs));
    }

    /** Is told, in file order, of every sender record and what the analysis derived from it: for the charts. */
    public interface Observer {
        /**
         * @param firstScheduledNs the first record's scheduled time
         * @param lateWakeup       woken after the next period had begun (warm-up included)
         * @param warmup           scheduled in the warm-up (the summary's counts leave it out)
         */
        void sent(PacketRecord r, long firstScheduledNs, boolean lateWakeup, boolean warmup);
    }

    private Observer observer;

    /** Adds an observer of the records to come (told after those added before it). */
    public TxAnalysis observe(Observer o) {
        Observer before = observer;
        this.observer = before == null ? o : (r, first, late, warmup) -> {
            before.sent(r, first, late, warmup);
            o.sent(r, first, late, warmup);
        };
        return this;
    }

    public void accept(PacketRecord r) {
        records++;
        if (firstScheduledNs == Timestamps.ABSENT) {
            firstScheduledNs = r.scheduledNs;
        }
        boolean inWarmup = warmupNs > 0 && Saturating.sub(r.scheduledNs, firstScheduledNs) < warmupNs;
        if (inWarmup) {
            warmupRecords++;
        }
        if ((r.flags & FLAG_SEND_FAILED) != 0) {
            sendFailures++;
            if (firstFailedSeq < 0) firstFailedSeq = r.seq;
            lastFailedSeq = Math.max(lastFailedSeq, r.seq);
        }
        lastSeq = Math.max(lastSeq, r.seq);
        boolean lateWakeup = false;
        if (Timestamps.present(r.wakeNs)) {
            long late = Saturating.sub(r.wakeNs, r.scheduledNs);
            (inWarmup ? warmWake : wake).record(late, r.seq, r.wakeNs);
            lateWakeup = periodNs > 0 && late >= periodNs;
            if (!inWarmup && lateWakeup) {
                lateWakeups++;
            }
        }
        long kernelTx = Timestamps.present(r.schedTxNs) ? r.schedTxNs : r.swTxNs;
        if (Timestamps.present(kernelTx) && Timestamps.present(r.appTxNs)) {
            usedSched |= Timestamps.present(r.schedTxNs);
            usedSw |= !Timestamps.present(r.schedTxNs);
            (inWarmup ? warmTxStack : txStack).record(Saturating.sub(kernelTx, r.appTxNs), r.seq, r.appTxNs);
        } else if ((r.flags & FLAG_SEND_FAILED) == 0) {
            missingTxStamps++;
        }
        long launchNs = launchNs(r);
        if (launchNs != Timestamps.ABSENT) {
            (inWarmup ? warmLaunch : launch).record(launchNs, r.seq, Saturating.add(r.scheduledNs, txtimeOffsetNs));
        }
        if (!inWarmup && (r.flags & FLAG_SEND_FAILED) == 0) {
            sentAfterWarmup++;
            boolean sched = Timestamps.present(r.schedTxNs);
            boolean sw = Timestamps.present(r.swTxNs);
            if (sched && sw) {
                txQueue.record(Saturating.sub(r.swTxNs, r.schedTxNs), r.seq, r.schedTxNs);
            } else if (sched) {
                schedOnly++;
            } else if (sw) {
                swOnly++;
            }
        }
        if (observer != null) {
            observer.sent(r, firstScheduledNs, lateWakeup, inWarmup);
        }
    }

    /** Scheduled time of the first record, or ABSENT before any. */
    public long firstScheduledNs() {
        return firstScheduledNs;
    }

    /** The accumulator of a main-figure metric ("wake", "tx-stack"), for exports. */
    public MetricStats metricStats(String name) {
        return switch (name) {
            case "wake" -> wake;
            case "tx-stack" -> txStack;
            case "launch" -> launch;
            default -> throw new IllegalArgumentException("no sender metric " + name);
        };
    }

    public long records() {
        return records;
    }

    /** Probes scheduled within the warm-up span. */
    public long warmupRecords() {
        return warmupRecords;
    }

    public long lateWakeups() {
        return lateWakeups;
    }

    public long sendFailures() {
        return sendFailures;
    }

    /**
     * Whether the destination refused the probes to the end: from the first refused send to the
     * last probe, at least every other send was refused (on a connected UDP socket, each probe
     * that finds no listener makes the next send fail with ECONNREFUSED, so a port that nobody
     * opens refuses about half of them), the last ones included.
     */
    public boolean refusedToTheEnd() {
        if (sendFailures == 0 || lastFailedSeq < lastSeq - 2) return false;
        long span = lastSeq - firstFailedSeq + 1;
        return 2 * sendFailures >= span - 1;
    }

    public long missingTxStamps() {
        return missingTxStamps;
    }

    public Map<String, MetricSummary> mainSummaries() {
        Map<String, MetricSummary> m = new LinkedHashMap<>();
        m.put("wake", wake.summary());
        m.put("tx-stack", txStack.summary());
        if (txQueue.count() > 0) {
            m.put("tx-qdisc", txQueue.summary());
        }
        if (txtimeOffsetNs != 0) {
            m.put("launch", launch.summary());
        }
        return m;
    }

    public Map<String, MetricSummary> warmupSummaries() {
        Map<String, MetricSummary> m = new LinkedHashMap<>();
        m.put("wake", warmWake.summary());
        m.put("tx-stack", warmTxStack.summary());
        if (txtimeOffsetNs != 0) {
            m.put("launch", warmLaunch.summary());
        }
        return m;
    }

    public Map<String, String> pairs() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("wake", "woken minus scheduled (sender's clock)");
        String k = usedSched && usedSw ? "sched tx or sw tx" : usedSw ? "sw tx" : usedSched ? "sched tx" : "none";
        p.put("tx-stack", k + " minus app tx");
        if (txQueue.count() > 0) {
            p.put("tx-qdisc", "sw tx (driver) minus sched tx (qdisc entry): time in the egress queue");
        } else if (sentAfterWarmup > 0) {
            p.put("tx-qdisc", TX_QDISC_UNAVAILABLE + txQdiscMissing());
        }
        if (txtimeOffsetNs != 0) {
            p.put("launch", "sw tx (driver) minus the launch time asked for (scheduled + "
                    + org.tsnlat.time.DurationNs.format(txtimeOffsetNs) + ", SO_TXTIME)");
        }
        return p;
    }

    /** How {@link #pairs()} begins tx-qdisc's entry when no probe had both timestamps it needs. */
    public static final String TX_QDISC_UNAVAILABLE = "not available: ";

    /** Why no probe after the warm-up had both a qdisc-entry and a driver TX timestamp. */
    private String txQdiscMissing() {
        String of = " of the " + sentAfterWarmup + " probes sent after the warm-up";
        if (schedOnly == sentAfterWarmup) {
            return "none" + of + " got a driver (sw) TX timestamp, only a qdisc-entry (sched) one";
        }
        if (swOnly == sentAfterWarmup) {
            return "none" + of + " got a qdisc-entry (sched) TX timestamp, only a driver (sw) one";
        }
        return schedOnly + of + " got only a qdisc-entry (sched) TX timestamp, " + swOnly
                + " only a driver (sw) one, the others none";
    }
}
