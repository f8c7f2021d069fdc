package org.tsnlat.stats;

import org.HdrHistogram.Histogram;

/**
 * A histogram of signed nanosecond values made of two HdrHistograms: one for values
 * {@code >= 0} and one for the magnitudes of negative values.
 *
 * <p>Both are preallocated at construction with a fixed range (1 ns to
 * {@link #HIGHEST_TRACKABLE_NS}, 3 significant digits) and never resize, so
 * {@link #record(long)} does not allocate. Values beyond the range are clamped to it here,
 * in the histogram only, and counted; callers keep the exact values elsewhere.
 *
 * <p>Resolution: with 3 significant digits a value {@code v} is found again within
 * {@code |v| * 0.001} (values below 2048 ns exactly).
 */
public final class SignedHistogram {
    /** Highest magnitude tracked without clamping: one hour in nanoseconds. */
    static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram positive = new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final Histogram negative = new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private long clamped;

    /** Records one value; returns nothing and never allocates. */
    public void record(long valueNs) {
        if (valueNs >= 0) {
            if (valueNs > HIGHEST_TRACKABLE_NS) {
                valueNs = HIGHEST_TRACKABLE_NS;
                clamped++;
            }
            positive.recordValue(valueNs);
        } else {
            long magnitudeNs;
            if (valueNs < -HIGHEST_TRACKABLE_NS) {
                magnitudeNs = HIGHEST_TRACKABLE_NS;
                clamped++;
            } else {
                magnitudeNs = -valueNs;
            }
            negative.recordValue(magnitudeNs);
        }
    }

    void add(SignedHistogram other) {
        positive.add(other.positive);
        negative.add(other.negative);
        clamped += other.clamped;
    }

    void reset() {
        positive.reset();
        negative.reset();
        clamped = 0;
    }

    /** Number of values whose magnitude exceeded the range and were clamped to it. */
    long clamped() {
        return clamped;
    }

    /** Values recorded. */
    public long count() {
        return positive.getTotalCount() + negative.getTotalCount();
    }

    Histogram positive() {
        return positive;
    }

    Histogram negative() {
        return negative;
    }

    /**
     * The value of rank {@code rank} (1 = smallest) in the signed distribution, at histogram
     * resolution: the highest signed value equivalent to the bucket holding it (for negatives
     * the negated lowest equivalent magnitude), so the result is never below the true value.
     * The rank must be within 1..total count.
     */
    public long valueAtRank(long rank) {
        long negativeCount = negative.getTotalCount();
        if (rank <= negativeCount) {
            // The rank-th smallest signed value is the rank-th largest magnitude.
            return -magnitudeAtRankFromTop(negative, rank);
        }
        return valueAtRankFromBottom(positive, rank - negativeCount);
    }

    private static long valueAtRankFromBottom(Histogram histogram, long rank) {
        long seen = 0;
        long max = histogram.getMaxValue();
        for (long value = 0; value <= max; value = histogram.nextNonEquivalentValue(value)) {
            seen += histogram.getCountAtValue(value);
            if (seen >= rank) {
                return histogram.highestEquivalentValue(value);
            }
        }
        return histogram.highestEquivalentValue(max);
    }

    private static long magnitudeAtRankFromTop(Histogram histogram, long rank) {
        long seen = 0;
        long min = histogram.getMinValue();
        for (long value = histogram.getMaxValue(); ; value = histogram.lowestEquivalentValue(value) - 1) {
            seen += histogram.getCountAtValue(value);
            if (seen >= rank || value <= min) {
                return histogram.lowestEquivalentValue(value);
            }
        }
    }
}
