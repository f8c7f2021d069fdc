package org.tsnlat.run;

import org.tsnlat.report.TrustThresholds;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.TwoWayEstimate;

/**
 * The live view's guess at the clocks' trust over the last second, from what is known while the
 * run goes on: a negative one-way latency in the interval (untrusted: physics), the latest
 * two-way estimate of the sender's side (|offset| above the limit: untrusted, above half of it:
 * suspect) and the latest ptp4l sample of each side read during the run (not answering, or
 * |master offset| above the limit: untrusted, but suspect when the two-way estimate bounds the
 * clocks within that limit, as the verdicts do). Evidence older than {@value #STALE_INTERVALS}
 * intervals does not count; with none, the trust is {@code ?} (a receiver alone without
 * {@code --ptp-socket}: the two-way estimates are made at the sender). It is a guess: the verdicts
 * of the report (docs/trust.md) also look at steps and drifts of the minimum latency, and are
 * the ones that count.
 *
 * <p>The evidence arrives on the reflection and sampler threads; {@link #take} and
 * {@link #latency} run on the recorder thread.
 */
final class LiveTrust {
    static final int STALE_INTERVALS = 3;

    private final TrustThresholds t;
    private volatile TwoWayEstimate twoWay;
    private volatile long twoWayAt;
    private volatile PtpSample ptpTx;
    private volatile long ptpTxAt;
    private volatile PtpSample ptpRx;
    private volatile long ptpRxAt;
    private long negative;
    private long seen;

    LiveTrust(TrustThresholds t) {
        this.t = t;
    }

    void twoWay(TwoWayEstimate e) {
        twoWayAt = System.nanoTime();
        twoWay = e;
    }

    void ptp(PtpSample s) {
        if ("tx".equals(s.side())) {
            ptpTxAt = System.nanoTime();
            ptpTx = s;
        } else {
            ptpRxAt = System.nanoTime();
            ptpRx = s;
        }
    }

    /** A one-way latency of this interval (recorder thread). */
    void latency(long ns) {
        seen++;
        if (ns < 0) negative++;
    }

    /** The trust of the interval since the last call, with its reason when not trusted; then a fresh interval. */
    String take() {
        long now = System.nanoTime();
        String verdict = judge(now);
        negative = 0;
        seen = 0;
        return verdict;
    }

    private String judge(long now) {
        if (negative > 0) return "untrusted (" + negative + " negative latencies)";
        String suspect = null;
        boolean evidence = false;
        TwoWayEstimate e = twoWay;
        boolean freshTwoWay = e != null && fresh(twoWayAt, now);
        for (int side = 0; side < 2; side++) {
            PtpSample s = side == 0 ? ptpTx : ptpRx;
            if (s == null || !fresh(side == 0 ? ptpTxAt : ptpRxAt, now)) continue;
            evidence = true;
            if (!s.ok()) return "untrusted (" + s.side() + " ptp4l not answering)";
            if (Math.abs(s.masterOffsetNs()) > t.maxPtpOffsetNs()) {
                String why = s.side() + " ptp4l offset " + UsecFormat.usec(s.masterOffsetNs()) + " us";
                // as the verdicts: a two-way bound within the limit disproves one raw reading
                if (!freshTwoWay || e.boundNs() > t.maxPtpOffsetNs()) return "untrusted (" + why + ")";
                suspect = "suspect (" + why + ", two-way within " + UsecFormat.usec(e.boundNs()) + " us)";
            }
        }
        if (freshTwoWay) {
            evidence = true;
            long off = Math.abs(e.offsetNs());
            String why = "two-way offset " + UsecFormat.usec(e.offsetNs()) + " us";
            if (off > t.maxTwoWayOffsetNs()) return "untrusted (" + why + ")";
            if (2 * off > t.maxTwoWayOffsetNs() && suspect == null) suspect = "suspect (" + why + ")";
        }
        if (suspect != null) return suspect;
        return evidence ? "trusted" : "?";
    }

    /** The latest two-way offset (receiver minus sender) while fresh, else null. */
    Long twoWayOffsetNs() {
        TwoWayEstimate e = twoWay;
        return e != null && fresh(twoWayAt, System.nanoTime()) ? e.offsetNs() : null;
    }

    /** The latest ptp4l offset of each side sampled while fresh ("tx", "rx"), null when not answering. */
    java.util.Map<String, Long> ptpOffsetsNs() {
        long now = System.nanoTime();
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        PtpSample tx = ptpTx;
        if (tx != null && fresh(ptpTxAt, now)) m.put("tx", tx.ok() ? tx.masterOffsetNs() : null);
        PtpSample rx = ptpRx;
        if (rx != null && fresh(ptpRxAt, now)) m.put("rx", rx.ok() ? rx.masterOffsetNs() : null);
        return m;
    }

    private boolean fresh(long at, long now) {
        return now - at <= STALE_INTERVALS * t.intervalNs();
    }
}
