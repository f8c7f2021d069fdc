package org.tsnlat.report;

import org.tsnlat.time.Saturating;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.sync.TwoWayEstimate;

/**
 * Gives every interval of a run its verdict from three kinds of evidence (docs/trust.md):
 * ptp4l's, chronyd's and phc2sys's own view on each side, the in-band two-way offset estimate, and physics (a negative
 * one-way latency is impossible; a step or drift of the minimum latency is a clock).
 */
final class TrustJudge {
    private static final int PTP_LOOKBACK_INTERVALS = 2;
    /**
     * Physics, like a negative latency: an interval whose every probe took longer than this did not
     * cross a network (queues drop what they hold for seconds) but two clocks that disagree.
     */
    static final long MAX_PLAUSIBLE_LATENCY_NS = 10_000_000_000L;

    private final IntervalTable table;
    private final TrustThresholds t;
    private final List<PtpSample> tx;
    private final List<PtpSample> rx;
    private final ByInterval<PtpSample> txBy;
    private final ByInterval<PtpSample> rxBy;
    private final ByInterval<TwoWayEstimate> twoWayBy;
    private final ChronyEvidence chrony;
    private final Phc2sysEvidence phc2sys;
    /** Slots in interval order: position p is the p-th interval of the table; null when that is the slots' own order. */
    private final int[] order;
    /** For each position, the previous position whose interval has latencies, or -1. */
    private final int[] previousWithPackets;
    /** For each position, the latest earlier position whose interval has a two-way estimate, or -1. */
    private final int[] previousEstimate;

    private TrustJudge(IntervalTable table, SyncLog.Contents sync, TrustThresholds t) {
        this.table = table;
        this.t = t;
        this.tx = side(sync, "tx");
        this.rx = side(sync, "rx");
        this.txBy = byInterval(tx, PtpSample::timeNs, table);
        this.rxBy = byInterval(rx, PtpSample::timeNs, table);
        this.twoWayBy = byInterval(sync.twoWay(), TwoWayEstimate::timeNs, table);
        this.chrony = new ChronyEvidence(sync, table);
        this.phc2sys = new Phc2sysEvidence(sync, table);
        this.order = table.slotsInOrder();
        this.previousWithPackets = new int[table.size()];
        this.previousEstimate = new int[table.size()];
        int last = -1;
        int lastEstimate = -1;
        for (int p = 0; p < table.size(); p++) {
            previousWithPackets[p] = last;
            previousEstimate[p] = lastEstimate;
            if (table.packets(slotAt(p)) > 0) last = p;
            if (twoWay(twoWayBy.of(interval(p))) != null) lastEstimate = p;
        }
    }

    /**
     * The verdict of every interval that holds a probe. Only the verdicts are kept (a byte each);
     * an interval's reasons and figures are made again when asked for ({@link Verdicts#get}), so a
     * month of intervals costs megabytes, not the gigabytes of its reasons' text.
     */
    static Verdicts judge(IntervalTable table, SyncLog.Contents sync, TrustThresholds t) {
        TrustJudge judge = new TrustJudge(table, sync, t);
        byte[] trust = new byte[judge.table.size()];
        List<String> scratch = new ArrayList<>();
        for (int p = 0; p < trust.length; p++) {
            scratch.clear();
            trust[judge.slotAt(p)] = (byte) judge.evaluate(p, scratch).ordinal();
        }
        return new Verdicts(judge, trust);
    }

    int positions() {
        return table.size();
    }

    long interval(int p) {
        return table.key(slotAt(p));
    }

    long intervalNs() {
        return t.intervalNs();
    }

    int slotAt(int p) {
        return order == null ? p : order[p];
    }

    IntervalTable table() {
        return table;
    }

    /** Interval p (in interval order) as a whole verdict, its reasons made again. */
    IntervalVerdict verdict(int p) {
        List<String> reasons = new ArrayList<>();
        Trust trust = evaluate(p, reasons);
        int slot = slotAt(p);
        long packets = table.packets(slot);
        TwoWayEstimate tw = twoWay(twoWayBy.of(interval(p)));
        return new IntervalVerdict(interval(p), Saturating.mul(interval(p), t.intervalNs()), packets, table.negatives(slot),
                packets > 0 ? table.min(slot) : 0, packets > 0 ? table.max(slot) : 0,
                tw == null ? null : tw.offsetNs(), trust, List.copyOf(reasons));
    }

    /** The verdict of the interval at position p, its reasons added to {@code reasons}. */
    private Trust evaluate(int p, List<String> reasons) {
        int slot = slotAt(p);
        long i = interval(p);
        Trust trust = Trust.TRUSTED;
        PtpSample txS = latest(txBy, i);
        PtpSample rxS = latest(rxBy, i);
        TwoWayEstimate tw = twoWay(twoWayBy.of(i));
        trust = trust.worst(ptp("sender's", tx, txS, tw, t, reasons));
        trust = trust.worst(ptp("receiver's", rx, rxS, tw, t, reasons));
        if (txS != null && rxS != null && txS.ok() && rxS.ok() && txS.gmIdentity() != null
                && !txS.gmIdentity().equals(rxS.gmIdentity())) {
            trust = trust.worst(Trust.UNTRUSTED);
            reasons.add("different grandmasters: sender " + txS.gmIdentity() + ", receiver " + rxS.gmIdentity());
        }
        trust = trust.worst(chrony.judge(i, t, reasons));
        trust = trust.worst(phc2sys.judge(i, t, reasons));
        if (tw != null) {
            trust = trust.worst(twoWayRule(tw, t, reasons));
        } else {
            trust = trust.worst(carriedTwoWay(p, reasons));
        }
        if (table.negatives(slot) > 0) {
            trust = trust.worst(Trust.UNTRUSTED);
            reasons.add(table.negatives(slot) + " negative one-way latencies");
        }
        if (table.packets(slot) > 0 && table.min(slot) > MAX_PLAUSIBLE_LATENCY_NS) {
            trust = trust.worst(Trust.UNTRUSTED);
            reasons.add("every one-way latency above " + MAX_PLAUSIBLE_LATENCY_NS / 1_000_000_000L
                    + " s (least " + UsecFormat.usec(table.min(slot)) + " us): no queue holds a packet that long");
        }
        if (table.packets(slot) > 0) {
            trust = trust.worst(minimumMoves(p, reasons));
        }
        return trust;
    }

    private static List<PtpSample> side(SyncLog.Contents sync, String side) {
        return sync.ptp().stream().filter(s -> side.equals(s.side())).sorted(Comparator.comparingLong(PtpSample::timeNs))
                .toList();
    }

    private static long indexOf(IntervalTable table, long timeNs) {
        return IntervalTable.intervalAt(table.originNs(), table.intervalNs(), timeNs);
    }

    /**
     * Items in the order of the interval their time falls in (each interval's in the list's order),
     * with each one's interval number beside it: an interval's items are found by binary search,
     * so judging a long run looks only at each interval's own items, and costs 8 bytes an item,
     * not a map entry an interval.
     */
    static final class ByInterval<T> {
        private final List<T> items;
        private final long[] keys;

        ByInterval(List<T> items, ToLongFunction<T> timeNs, IntervalTable table) {
            long[] k = new long[items.size()];
            Integer[] order = new Integer[items.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = indexOf(table, timeNs.applyAsLong(items.get(i)));
                order[i] = i;
            }
            boolean sorted = true;
            for (int i = 1; i < k.length && sorted; i++) sorted = k[i] >= k[i - 1];
            if (sorted) {
                this.items = items;
                this.keys = k;
            } else { // stable: within an interval, the list's order
                java.util.Arrays.sort(order, (a, b) -> Long.compare(k[a], k[b]));
                List<T> s = new ArrayList<>(items.size());
                this.keys = new long[k.length];
                for (int i = 0; i < k.length; i++) {
                    s.add(items.get(order[i]));
                    keys[i] = k[order[i]];
                }
                this.items = s;
            }
        }

        /** The first position whose interval is at least {@code key}. */
        int from(long key) {
            int lo = 0;
            int hi = keys.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keys[mid] < key) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        /** The items of interval {@code key}, in order. */
        List<T> of(long key) {
            return items.subList(from(key), from(key + 1));
        }

        T get(int i) {
            return items.get(i);
        }
    }

    static <T> ByInterval<T> byInterval(List<T> items, ToLongFunction<T> timeNs, IntervalTable table) {
        return new ByInterval<>(items, timeNs, table);
    }

    /**
     * The side's reading for interval i: the first failed one within it, else the latest of it
     * and the few intervals before (the side's samples are in time order).
     */
    static PtpSample latest(ByInterval<PtpSample> byInterval, long i) {
        for (PtpSample s : byInterval.of(i)) {
            if (!s.ok()) return s;
        }
        int from = byInterval.from(i - PTP_LOOKBACK_INTERVALS);
        int to = byInterval.from(i + 1);
        return to > from ? byInterval.get(to - 1) : null;
    }

    /**
     * One side's ptp4l reading judged. A master offset beyond the limit is a single raw measurement
     * of ptp4l's own exchange over its own path (a Sync queued behind a frame reads as an offset),
     * so when the interval's two-way estimate, made over the probes' path, bounds the two measuring
     * clocks' offset within the same limit (|offset| + half its round trip: NTP's bound, whatever
     * the asymmetry), that proof wins over the reading: suspect, not untrusted (docs/trust.md).
     */
    private static Trust ptp(String who, List<PtpSample> all, PtpSample s, TwoWayEstimate tw,
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
                if (Saturating.abs(s.masterOffsetNs()) > t.maxPtpOffsetNs()) {
                    String text = who + " ptp4l master offset " + UsecFormat.usec(s.masterOffsetNs()) + " us beyond "
                            + UsecFormat.usec(t.maxPtpOffsetNs()) + " us";
                    long bound = tw == null ? Long.MAX_VALUE : tw.boundNs();
                    if (bound <= t.maxPtpOffsetNs()) {
                        reasons.add(text + ", but the two-way check bounds the clocks' offset within "
                                + UsecFormat.usec(bound) + " us (|offset| + half the round trip): ptp4l's own"
                                + " exchange was disturbed, e.g. its Sync queued behind a frame");
                        return Trust.SUSPECT;
                    }
                    reasons.add(text);
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
            if (e.samples() > 0 && (worst == null || Saturating.abs(e.offsetNs()) > Saturating.abs(worst.offsetNs()))) {
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
        long off = Saturating.abs(tw.offsetNs());
        long queueBiasNs = Math.max(0, tw.delayNs()) / 2;
        String text = "two-way offset " + UsecFormat.usec(tw.offsetNs()) + " us";
        if (off - queueBiasNs > t.maxTwoWayOffsetNs()) {
            reasons.add(text + " beyond " + UsecFormat.usec(t.maxTwoWayOffsetNs()) + " us"
                    + " and half the round trip (" + UsecFormat.usec(queueBiasNs) + " us)");
            return Trust.UNTRUSTED;
        }
        if (off > t.maxTwoWayOffsetNs()) {
            reasons.add(text + " beyond " + UsecFormat.usec(t.maxTwoWayOffsetNs()) + " us but within half the round trip ("
                    + UsecFormat.usec(queueBiasNs)
                    + " us): an asymmetric path, e.g. a queue one way, could explain it");
            return Trust.SUSPECT;
        }
        if (off > t.maxTwoWayOffsetNs() / 2) {
            reasons.add(text + " beyond half the limit");
            return Trust.SUSPECT;
        }
        return Trust.TRUSTED;
    }

    /**
     * An interval without a two-way estimate of its own (its reflections lost, or the run ended
     * before the sender sent that second's) is judged by the latest earlier estimate while the
     * minimum latency has stayed within {@code --max-min-step} of that estimate's interval: two
     * clocks' offset moves only by drift, or by a step, which moves the minimum latency. So a
     * guest clock 58 ms ahead, proven so one second, is not trusted the next for want of a new
     * proof (its latencies positive, and as wrong as the negative ones of a clock behind).
     */
    private Trust carriedTwoWay(int p, List<String> reasons) {
        int e = previousEstimate[p];
        int slot = slotAt(p);
        if (e < 0 || table.packets(slot) == 0 || table.packets(slotAt(e)) == 0) return Trust.TRUSTED;
        long moved = Saturating.sub(table.min(slot), table.min(slotAt(e)));
        if (Saturating.abs(moved) > t.maxMinLatencyStepNs()) return Trust.TRUSTED; // a step since: the step rule speaks
        List<String> own = new ArrayList<>();
        Trust carried = twoWayRule(twoWay(twoWayBy.of(interval(e))), t, own);
        if (carried != Trust.TRUSTED) {
            long back = Saturating.sub(interval(p), interval(e));
            reasons.add(own.getFirst() + " (no estimate in this interval: the latest, " + back + " interval"
                    + (back == 1 ? "" : "s") + " before; the minimum latency within " + UsecFormat.usec(Saturating.abs(moved))
                    + " us of that interval's since)");
        }
        return carried;
    }

    /** A step from the previous interval's minimum latency, or a drift over the last few. */
    private Trust minimumMoves(int p, List<String> reasons) {
        Trust trust = Trust.TRUSTED;
        int before = previousWithPackets[p];
        long min = table.min(slotAt(p));
        if (before >= 0) {
            long step = Saturating.sub(min, table.min(slotAt(before)));
            if (Saturating.abs(step) > t.maxMinLatencyStepNs()) {
                reasons.add("minimum latency stepped by " + UsecFormat.usec(step) + " us");
                trust = Trust.SUSPECT;
            }
        }
        double ppm = driftPpm(p);
        if (Math.abs(ppm) > t.maxMinLatencyDriftPpm()) {
            reasons.add(String.format("minimum latency drifting %.1f ppm", ppm));
            trust = Trust.SUSPECT;
        }
        return trust;
    }

    /**
     * Least-squares slope, in ppm, of the minimum latency against interval start time over this
     * interval and the {@value TrustThresholds#DRIFT_WINDOW} - 1 before it that have latencies;
     * 0 until there are that many. Streamed: no list of the run's intervals is kept.
     */
    private double driftPpm(int p) {
        int[] window = new int[TrustThresholds.DRIFT_WINDOW];
        int n = 0;
        for (int q = p; q >= 0 && n < window.length; q = previousWithPackets[q]) {
            window[n++] = q;
        }
        if (n < window.length) return 0;
        double mx = 0;
        double my = 0;
        for (int k = 0; k < n; k++) {
            mx += ((double) interval(window[k]) - interval(p)) * t.intervalNs();
            my += table.min(slotAt(window[k]));
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int k = 0; k < n; k++) {
            double dx = ((double) interval(window[k]) - interval(p)) * t.intervalNs() - mx;
            sxy += dx * (table.min(slotAt(window[k])) - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx * 1e6;
    }
}
