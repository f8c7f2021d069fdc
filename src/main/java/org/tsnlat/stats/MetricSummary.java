package org.tsnlat.stats;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The figures of one metric at one moment, as {@link MetricStats#summary()} reports them.
 *
 * <p>All values are signed nanoseconds. {@code minNs} and {@code maxNs} are exact;
 * {@code meanNs} and {@code stddevNs} (population standard deviation) are exact up to the
 * rounding to {@code double}; {@code percentilesNs} (keys {@code "p50"}, {@code "p90"},
 * {@code "p99"}, {@code "p99.9"}, {@code "p99.99"}) have HdrHistogram's resolution of 3
 * significant digits. {@code minSeq}/{@code minTimeNs} and {@code maxSeq}/{@code maxTimeNs}
 * say which probe gave the extreme and when (first occurrence on ties).
 * {@code histogramClamped} counts values beyond the histogram's 1 h range, which the
 * percentiles see at the range's edge.
 *
 * <p>When {@code count == 0} the figures are absent: every other number is 0 and meaningless,
 * {@code percentilesNs} is empty, and the formatters print {@code "-"}. Build that case with
 * {@link #empty(String)}.
 *
 * <p>Serialises to and from JSON with Jackson as a plain record; a summary read back equals
 * the original.
 */
public record MetricSummary(
        String name,
        long count,
        long minNs,
        long maxNs,
        double meanNs,
        double stddevNs,
        long negativeCount,
        long minSeq,
        long minTimeNs,
        long maxSeq,
        long maxTimeNs,
        SortedMap<String, Long> percentilesNs,
        long histogramClamped) {

    /** Keeps an unmodifiable sorted copy of the percentiles (an absent map becomes empty). */
    public MetricSummary {
        percentilesNs = Collections.unmodifiableSortedMap(
                percentilesNs == null ? new TreeMap<>() : new TreeMap<>(percentilesNs));
    }

    /** A summary of nothing: count 0, figures absent. */
    public static MetricSummary empty(String name) {
        return new MetricSummary(name, 0, 0, 0, 0.0, 0.0, 0, 0, 0, 0, 0, new TreeMap<>(), 0);
    }

    /** The map key of percentile {@code p}: {@code "p50"}, {@code "p99.9"}. */
    public static String percentileKey(double p) {
        return "p" + BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }
}
