package org.tsnlat.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Accumulates one metric (a latency, a delta, a stack time) of signed nanosecond values.
 *
 * <p>{@link #record(long, long, long)} is meant for the hot loop: after construction it does
 * not allocate. It keeps
 * <ul>
 *   <li>the count and the count of negative values;</li>
 *   <li>the exact minimum and maximum with the sequence number and time of each (on ties the
 *       first occurrence wins);</li>
 *   <li>the exact sum and sum of squares in 128-bit (and wider) integer words, from which
 *       {@link #summary()} derives the mean and the population standard deviation exactly
 *       up to the final rounding to {@code double};</li>
 *   <li>a signed histogram (see {@link #percentileNs(double)}), whose range is 1 h in each
 *       direction; values beyond it are clamped in the histogram only and counted in
 *       {@link #histogramClamped()}: min, max, mean and stddev stay exact.</li>
 * </ul>
 *
 * <p>Negative values are data (a negative one-way latency means the clocks are out of sync):
 * they are never wrapped, clamped (except inside the histogram, as above) or dropped.
 *
 * <p>Not thread-safe: one thread records; merge copies with {@link #add(MetricStats)}.
 */
public final class MetricStats {
    /** The percentiles a {@link MetricSummary} carries, in increasing order. */
    static final double[] SUMMARY_PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private final String name;
    private final ExactSums sums = new ExactSums();
    private final SignedHistogram histogram = new SignedHistogram();
    private long count;
    private long negativeCount;
    private long minNs;
    private long minSeq;
    private long minTimeNs;
    private long maxNs;
    private long maxSeq;
    private long maxTimeNs;

    public MetricStats(String name) {
        this.name = name;
    }

    /**
     * Records one value. Allocation-free.
     *
     * @param valueNs the value, signed nanoseconds
     * @param seq the sequence number of the probe it belongs to
     * @param timeNs when it was taken (any clock; kept with the min and max)
     */
    public void record(long valueNs, long seq, long timeNs) {
        if (count == 0) {
            minNs = valueNs;
            minSeq = seq;
            minTimeNs = timeNs;
            maxNs = valueNs;
            maxSeq = seq;
            maxTimeNs = timeNs;
        } else if (valueNs < minNs) {
            minNs = valueNs;
            minSeq = seq;
            minTimeNs = timeNs;
        } else if (valueNs > maxNs) {
            maxNs = valueNs;
            maxSeq = seq;
            maxTimeNs = timeNs;
        }
        count++;
        if (valueNs < 0) {
            negativeCount++;
        }
        sums.add(valueNs);
        histogram.record(valueNs);
    }

    /**
     * Adds everything {@code other} recorded to this, as if its values had been recorded
     * here after this one's own (so on ties this one's min and max win).
     */
    public void add(MetricStats other) {
        if (other.count == 0) {
            return;
        }
        if (count == 0 || other.minNs < minNs) {
            minNs = other.minNs;
            minSeq = other.minSeq;
            minTimeNs = other.minTimeNs;
        }
        if (count == 0 || other.maxNs > maxNs) {
            maxNs = other.maxNs;
            maxSeq = other.maxSeq;
            maxTimeNs = other.maxTimeNs;
        }
        count += other.count;
        negativeCount += other.negativeCount;
        sums.add(other.sums);
        histogram.add(other.histogram);
    }

    /** Forgets everything recorded; keeps the preallocated histograms. */
    public void reset() {
        count = 0;
        negativeCount = 0;
        minNs = minSeq = minTimeNs = 0;
        maxNs = maxSeq = maxTimeNs = 0;
        sums.reset();
        histogram.reset();
    }

    /**
     * The value at percentile {@code p} of the signed distribution: the value of rank
     * {@code ceil(p / 100 * count)} (rank 1 = smallest), with {@code p} taken as the decimal
     * it prints as (so 99.9 % of 1000 values is rank 999).
     *
     * <p>The result has HdrHistogram's resolution of 3 significant digits: it is the highest
     * value equivalent to the histogram bucket of the true value {@code v}, so it lies in
     * {@code [v, v + |v| * 0.001]} (exact below 2048 ns in magnitude). It is then bounded by the
     * exact min and max, which {@link #summary()} reports separately and exactly; the ranks
     * of the min and the max (rank 1, rank count, so {@code percentileNs(100)}) give them
     * exactly. Values clamped into the histogram's range (see
     * {@link #histogramClamped()}) are seen here at the range's edge.
     *
     * @param p percentile, {@code 0 < p <= 100}
     * @return the value in ns; 0 when nothing was recorded
     * @throws IllegalArgumentException when p is not in (0, 100]
     */
    public long percentileNs(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (count == 0) {
            return 0;
        }
        long rank = rankOf(p, count);
        if (rank == count) {
            return maxNs;
        }
        if (rank == 1) {
            return minNs;
        }
        long valueNs = histogram.valueAtRank(rank);
        return Math.clamp(valueNs, minNs, maxNs);
    }

    /** {@code ceil(p / 100 * count)} computed exactly from the decimal form of p, in 1..count. */
    static long rankOf(double p, long count) {
        BigDecimal rank = BigDecimal.valueOf(p).multiply(BigDecimal.valueOf(count))
                .divide(BigDecimal.valueOf(100)).setScale(0, RoundingMode.CEILING);
        return Math.clamp(rank.longValueExact(), 1, count);
    }

    /** A snapshot of this metric; {@link MetricSummary#empty(String)} when nothing was recorded. */
    public MetricSummary summary() {
        if (count == 0) {
            return MetricSummary.empty(name);
        }
        SortedMap<String, Long> percentiles = new TreeMap<>();
        for (double p : SUMMARY_PERCENTILES) {
            percentiles.put(MetricSummary.percentileKey(p), percentileNs(p));
        }
        return new MetricSummary(name, count, minNs, maxNs, sums.meanNs(count),
                sums.populationStddevNs(count), negativeCount, minSeq, minTimeNs, maxSeq, maxTimeNs,
                percentiles, histogram.clamped());
    }

    public String name() {
        return name;
    }

    public long count() {
        return count;
    }

    public long negativeCount() {
        return negativeCount;
    }

    /** Exact minimum; meaningless when {@link #count()} is 0. */
    public long minNs() {
        return minNs;
    }

    /** Exact maximum; meaningless when {@link #count()} is 0. */
    public long maxNs() {
        return maxNs;
    }

    /** Number of values whose magnitude exceeded the histogram's range of 1 h. */
    public long histogramClamped() {
        return histogram.clamped();
    }

    /** The histogram of values {@code >= 0} (live, not a copy; for exports). */
    public Histogram positiveHistogram() {
        return histogram.positive();
    }

    /** The histogram of the magnitudes of negative values (live, not a copy; for exports). */
    public Histogram negativeHistogram() {
        return histogram.negative();
    }
}
