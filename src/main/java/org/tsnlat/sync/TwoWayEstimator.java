package org.tsnlat.sync;

import java.util.function.Consumer;
import org.tsnlat.record.Timestamps;
import org.tsnlat.time.Saturating;

/**
 * Turns reflected probes into one {@link TwoWayEstimate} per interval, NTP-style: for each
 * reflection t1 (sender's app TX of the original), t2 (receiver's RX of it), t3 (receiver's TX of
 * the reflection) and t4 (sender's RX of the reflection),
 * <pre>
 *   delay  = (t4 - t1) - (t3 - t2)          the round trip, without the receiver's turnaround
 *   offset = ((t2 - t1) + (t3 - t4)) / 2    the receiver's clock minus the sender's
 * </pre>
 * An interval keeps the sample of least delay, the one least disturbed by queueing (NTP's clock
 * filter). A sample whose delay is negative cannot be physical (a clock stepped while it was in
 * flight) and is dropped and counted. So is one with a time absent ({@link Timestamps#ABSENT}) or
 * so far from the others that a difference above does not fit a long ({@link #impossible}): its
 * figures would wrap around into small, believable ones.
 *
 * <p>Intervals are {@code intervalNs} long on the sender's clock from {@code originNs}; a sample
 * belongs to the interval of its t4. An interval is emitted when a sample or {@link #advanceTo}
 * reaches a later one, the last (partial) one by {@link #finish}. Intervals without samples emit
 * nothing. One thread; {@link #add} allocates nothing (an emission allocates its record).
 */
public final class TwoWayEstimator {
    /** Sees every accepted sample; for tests and diagnostics. */
    @FunctionalInterface
    public interface SampleListener {
        void sample(long t1Ns, long t2Ns, long t3Ns, long t4Ns);
    }

    private final long originNs;
    private final long intervalNs;
    private final Consumer<TwoWayEstimate> out;
    private final SampleListener listener;
    private long interval = Long.MIN_VALUE;
    private int samples;
    private long bestDelayNs;
    private long bestOffsetNs;
    private int bestStamps = -1;
    private long negativeDelays;
    private long impossible;
    private long emitted;

    public TwoWayEstimator(long originNs, long intervalNs, Consumer<TwoWayEstimate> out, SampleListener listener) {
        if (intervalNs <= 0) throw new IllegalArgumentException("interval must be greater than 0");
        this.originNs = originNs;
        this.intervalNs = intervalNs;
        this.out = out;
        this.listener = listener;
    }

    public TwoWayEstimator(long originNs, long intervalNs, Consumer<TwoWayEstimate> out) {
        this(originNs, intervalNs, out, null);
    }

    /**
     * Receiver's clock minus sender's, from one reflection; exact whenever {@link #computable} is
     * true (the sum of the two differences may exceed a long, their half never does).
     */
    public static long offsetNs(long t1Ns, long t2Ns, long t3Ns, long t4Ns) {
        return Saturating.halfSum(t2Ns - t1Ns, t3Ns - t4Ns);
    }

    /**
     * True when every time is present and every difference {@link #delayNs} and {@link #offsetNs}
     * take fits a long, so both are exact.
     */
    public static boolean computable(long t1Ns, long t2Ns, long t3Ns, long t4Ns) {
        return Timestamps.present(t1Ns) && Timestamps.present(t2Ns) && Timestamps.present(t3Ns) && Timestamps.present(t4Ns)
                && Saturating.subFits(t4Ns, t1Ns) && Saturating.subFits(t3Ns, t2Ns)
                && Saturating.subFits(t4Ns - t1Ns, t3Ns - t2Ns)
                && Saturating.subFits(t2Ns, t1Ns) && Saturating.subFits(t3Ns, t4Ns);
    }

    /** Round-trip delay of one reflection without the receiver's turnaround. */
    public static long delayNs(long t1Ns, long t2Ns, long t3Ns, long t4Ns) {
        return (t4Ns - t1Ns) - (t3Ns - t2Ns);
    }

    /**
     * Adds one reflection. A sample whose t4 falls in an interval already emitted (it was read
     * late) joins the open interval.
     */
    public void add(long t1Ns, long t2Ns, long t3Ns, long t4Ns) {
        add(t1Ns, t2Ns, t3Ns, t4Ns, -1);
    }

    /**
     * Adds one reflection whose timestamps are described by {@code stamps}, an OR of
     * {@link TwoWayEstimate}'s codes ({@code -1}: not known); the estimate names those of its sample.
     */
    public void add(long t1Ns, long t2Ns, long t3Ns, long t4Ns, int stamps) {
        if (!computable(t1Ns, t2Ns, t3Ns, t4Ns)) {
            impossible++;
            return;
        }
        long delay = delayNs(t1Ns, t2Ns, t3Ns, t4Ns);
        if (delay < 0) {
            negativeDelays++;
            return;
        }
        long i = intervalOf(t4Ns);
        if (interval == Long.MIN_VALUE || i > interval) {
            emit();
            interval = i;
        }
        if (listener != null) listener.sample(t1Ns, t2Ns, t3Ns, t4Ns);
        if (samples == 0 || delay < bestDelayNs) {
            bestDelayNs = delay;
            bestOffsetNs = offsetNs(t1Ns, t2Ns, t3Ns, t4Ns);
            bestStamps = stamps;
        }
        samples++;
    }

    /**
     * Emits the open interval once the sender's clock ({@code nowNs}) has passed its end; the
     * interval of {@code nowNs} is then the open one, so a sample of the emitted interval that is
     * read late joins it instead of making a second estimate of a second already given.
     */
    public void advanceTo(long nowNs) {
        long now = intervalOf(nowNs);
        if (samples > 0 && now > interval) {
            emit();
            interval = now;
        }
    }

    /** Emits the open interval, complete or not, as of {@code nowNs} on the sender's clock. */
    public void finish(long nowNs) {
        if (samples > 0) {
            out.accept(estimate(Math.min(nowNs, endOf(interval))));
            emitted++;
            samples = 0;
        }
    }

    /** Samples dropped because their delay was negative. */
    public long negativeDelays() {
        return negativeDelays;
    }

    /** Samples dropped because a time was absent or a difference of them did not fit a long. */
    public long impossible() {
        return impossible;
    }

    /** Estimates emitted so far. */
    public long emitted() {
        return emitted;
    }

    private void emit() {
        if (samples > 0) {
            out.accept(estimate(endOf(interval)));
            emitted++;
            samples = 0;
        }
    }

    private TwoWayEstimate estimate(long timeNs) {
        return new TwoWayEstimate(timeNs, samples, bestOffsetNs, bestDelayNs,
                bestStamps < 0 ? null : TwoWayEstimate.describe(bestStamps));
    }

    private long intervalOf(long tNs) {
        return Math.floorDiv(Saturating.sub(tNs, originNs), intervalNs);
    }

    private long endOf(long i) {
        return Saturating.add(originNs, Saturating.mul(Saturating.add(i, 1), intervalNs));
    }
}
