package org.tsnlat.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.sync.TwoWayEstimate;

/**
 * Gives every interval of a run its verdict from three kinds of evidence (docs/trust.md):
 * ptp4l's own view on each side, the in-band two-way offset estimate, and physics (a negative
 * one-way latency is impossible; a step or drift of the minimum latency is a clock).
 */
final class TrustJudge {
    private static final int PTP_LOOKBACK_INTERVALS = 2;

    private TrustJudge() {}

    static List<IntervalVerdict> judge(IntervalTable table, SyncLog.Contents sync, TrustThresholds t) {
        if (table.originNs() == Long.MIN_VALUE) {
            return List.of();
        }
        List<PtpSample> tx = side(sync, "tx");
        List<PtpSample> rx = side(sync, "rx");
        Map<Long, List<PtpSample>> txBy = byInterval(tx, PtpSample::timeNs, table);
        Map<Long, List<PtpSample>> rxBy = byInterval(rx, PtpSample::timeNs, table);
        Map<Long, List<TwoWayEstimate>> twoWayBy = byInterval(sync.twoWay(), TwoWayEstimate::timeNs, table);
        List<IntervalVerdict> out = new ArrayList<>(table.size());
        List<Integer> recentWithPackets = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            List<String> reasons = new ArrayList<>();
            Trust trust = Trust.TRUSTED;
            PtpSample txS = latest(txBy, i);
            PtpSample rxS = latest(rxBy, i);
            trust = trust.worst(ptp("sender's", tx, txS, t, reasons));
            trust = trust.worst(ptp("receiver's", rx, rxS, t, reasons));
            if (txS != null && rxS != null && txS.ok() && rxS.ok() && txS.gmIdentity() != null
                    && !txS.gmIdentity().equals(rxS.gmIdentity())) {
                trust = trust.worst(Trust.UNTRUSTED);
                reasons.add("different grandmasters: sender " + txS.gmIdentity() + ", receiver " + rxS.gmIdentity());
            }
            TwoWayEstimate tw = twoWay(twoWayBy.getOrDefault((long) i, List.of()));
            Long twoWay = tw == null ? null : tw.offsetNs();
            if (tw != null) {
                trust = trust.worst(twoWayRule(tw, t, reasons));
            }
            if (table.negatives(i) > 0) {
                trust = trust.worst(Trust.UNTRUSTED);
                reasons.add(table.negatives(i) + " negative one-way latencies");
            }
            if (table.packets(i) > 0) {
                trust = trust.worst(minimumMoves(table, i, recentWithPackets, t, reasons));
                recentWithPackets.add(i);
            }
            out.add(new IntervalVerdict(i, (long) i * table.intervalNs(), table.packets(i), table.negatives(i),
                    table.packets(i) > 0 ? table.min(i) : 0, table.packets(i) > 0 ? table.max(i) : 0, twoWay, trust,
                    List.copyOf(reasons)));
        }
        return out;
    }

    private static List<PtpSample> side(SyncLog.Contents sync, String side) {
        return sync.ptp().stream().filter(s -> side.equals(s.side())).sorted(Comparator.comparingLong(PtpSample::timeNs))
                .toList();
    }

    private static long indexOf(IntervalTable table, long timeNs) {
        return Math.floorDiv(timeNs - table.originNs(), table.intervalNs());
    }

    /**
     * Items grouped by the interval their time falls in, each group in the list's order: so that
     * judging a long run looks only at each interval's own items, not at all of them.
     */
    static <T> Map<Long, List<T>> byInterval(List<T> items, ToLongFunction<T> timeNs, IntervalTable table) {
        Map<Long, List<T>> m = new HashMap<>();
        for (T item : items) {
            m.computeIfAbsent(indexOf(table, timeNs.applyAsLong(item)), k -> new ArrayList<>()).add(item);
        }
        return m;
    }

    /**
     * The side's reading for interval i: the first failed one within it, else the latest of it
     * and the few intervals before (the side's samples are in time order).
     */
    static PtpSample latest(Map<Long, List<PtpSample>> byInterval, int i) {
        PtpSample best = null;
        for (long k = i - PTP_LOOKBACK_INTERVALS; k <= i; k++) {
            for (PtpSample s : byInterval.getOrDefault(k, List.of())) {
                if (k == i && !s.ok()) return s;
                best = s;
            }
        }
        return best;
    }

    private static Trust ptp(String who, List<PtpSample> all, PtpSample s,
                             TrustThresholds t, List<String> reasons) {
        if (all.isEmpty()) {
            return Trust.TRUSTED; // this side has no ptp4l to read: nothing to say
        }
        if (s == null) {
            reasons.add("no reading of the " + who + " ptp4l");
            return Trust.SUSPECT;
        }
        if (!s.ok()) {
            reasons.add(who + " ptp4l not answering (" + s.error() + ")");
            return Trust.UNTRUSTED;
        }
        switch (s.portState()) {
            case "SLAVE" -> {
                if (!s.gmPresent()) {
                    reasons.add(who + " ptp4l has no grandmaster");
                    return Trust.UNTRUSTED;
                }
                if (Math.abs(s.masterOffsetNs()) > t.maxPtpOffsetNs()) {
                    reasons.add(who + " ptp4l master offset " + UsecFormat.usec(s.masterOffsetNs()) + " us beyond "
                            + UsecFormat.usec(t.maxPtpOffsetNs()) + " us");
                    return Trust.UNTRUSTED;
                }
                return Trust.TRUSTED;
            }
            case "MASTER", "GRAND_MASTER" -> {
                return Trust.TRUSTED; // this side's clock is the reference
            }
            case "UNCALIBRATED" -> {
                reasons.add(who + " ptp4l port UNCALIBRATED (locking)");
                return Trust.SUSPECT;
            }
            default -> {
                reasons.add(who + " ptp4l port " + s.portState());
                return Trust.UNTRUSTED;
            }
        }
    }

    /** Of an interval's estimates, the one with the largest |offset|, or null when there is none. */
    static TwoWayEstimate twoWay(List<TwoWayEstimate> estimates) {
        TwoWayEstimate worst = null;
        for (TwoWayEstimate e : estimates) {
            if (e.samples() > 0 && (worst == null || Math.abs(e.offsetNs()) > Math.abs(worst.offsetNs()))) {
                worst = e;
            }
        }
        return worst;
    }

    /**
     * A two-way offset is exact only on a symmetric path: with round-trip delay d the true offset
     * lies within d/2 of the estimate (NTP's bound), whatever the asymmetry, e.g. a queue on one
     * direction. So an offset beyond the limit by more than d/2 proves the clocks disagree
     * (untrusted); one beyond the limit but within d/2 of it cannot tell (suspect).
     */
    private static Trust twoWayRule(TwoWayEstimate tw, TrustThresholds t, List<String> reasons) {
        long off = Math.abs(tw.offsetNs());
        long queueBiasNs = Math.max(0, tw.delayNs()) / 2;
        String text = "two-way offset " + UsecFormat.usec(tw.offsetNs()) + " us";
        if (off > t.maxTwoWayOffsetNs() + queueBiasNs) {
            reasons.add(text + " beyond " + UsecFormat.usec(t.maxTwoWayOffsetNs()) + " us"
                    + " and half the round trip (" + UsecFormat.usec(queueBiasNs) + " us)");
            return Trust.UNTRUSTED;
        }
        if (off > t.maxTwoWayOffsetNs()) {
            reasons.add(text + " within half the round trip (" + UsecFormat.usec(tw.delayNs())
                    + " us): an asymmetric path, e.g. a queue one way, could explain it");
            return Trust.SUSPECT;
        }
        if (off > t.maxTwoWayOffsetNs() / 2) {
            reasons.add(text + " beyond half the limit");
            return Trust.SUSPECT;
        }
        return Trust.TRUSTED;
    }

    /** A step from the previous interval's minimum latency, or a drift over the last few. */
    private static Trust minimumMoves(IntervalTable table, int i, List<Integer> before, TrustThresholds t,
                                      List<String> reasons) {
        Trust trust = Trust.TRUSTED;
        if (!before.isEmpty()) {
            long step = table.min(i) - table.min(before.get(before.size() - 1));
            if (Math.abs(step) > t.maxMinLatencyStepNs()) {
                reasons.add("minimum latency stepped by " + UsecFormat.usec(step) + " us");
                trust = Trust.SUSPECT;
            }
        }
        int n = Math.min(before.size(), TrustThresholds.DRIFT_WINDOW - 1);
        if (n >= TrustThresholds.DRIFT_WINDOW - 1) {
            double ppm = slopeNsPerNs(table, before.subList(before.size() - n, before.size()), i) * 1e6;
            if (Math.abs(ppm) > t.maxMinLatencyDriftPpm()) {
                reasons.add(String.format("minimum latency drifting %.1f ppm", ppm));
                trust = Trust.SUSPECT;
            }
        }
        return trust;
    }

    /** Least-squares slope of the minimum latency against interval start time. */
    private static double slopeNsPerNs(IntervalTable table, List<Integer> previous, int current) {
        List<Integer> idx = new ArrayList<>(previous);
        idx.add(current);
        double mx = 0;
        double my = 0;
        for (int k : idx) {
            mx += (double) k * table.intervalNs();
            my += table.min(k);
        }
        mx /= idx.size();
        my /= idx.size();
        double sxy = 0;
        double sxx = 0;
        for (int k : idx) {
            double dx = (double) k * table.intervalNs() - mx;
            sxy += dx * (table.min(k) - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }
}
