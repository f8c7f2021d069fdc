package org.tsnlat.stats;

import java.util.Locale;

/**
 * Prints the percentiles of a {@link MetricSummary} and its exact maximum on one line, in
 * microseconds:
 *
 * <pre>
 * p50 86.101  p90 98.377  p99 140.033  p99.9 180.221  p99.99 205.311  max 210.076 (seq 123456 at +00:12:34.567)
 * </pre>
 *
 * <p>Percentiles have HdrHistogram's 3-significant-digit resolution; the max is exact. The
 * time of the max is printed as an offset {@code +HH:MM:SS.mmm} from a start time (truncated
 * to the millisecond; {@code -} in front when the max came before the start; hours grow past
 * two digits when needed). An empty summary prints {@code -} for every figure.
 */
public final class PercentileLine {
    private static final String SEPARATOR = "  ";

    private PercentileLine() {
    }

    /** The line without the time of the max: {@code ... max 210.076 (seq 123456)}. */
    public static String line(MetricSummary summary) {
        StringBuilder text = percentiles(summary);
        if (summary.count() > 0) {
            text.append(" (seq ").append(summary.maxSeq()).append(')');
        }
        return text.toString();
    }

    /**
     * The line with the time of the max as an offset from {@code startNs} (same clock as the
     * times passed to {@link MetricStats#record(long, long, long)}).
     */
    public static String line(MetricSummary summary, long startNs) {
        StringBuilder text = percentiles(summary);
        if (summary.count() > 0) {
            text.append(" (seq ").append(summary.maxSeq()).append(" at ")
                    .append(offset(org.tsnlat.time.Saturating.sub(summary.maxTimeNs(), startNs))).append(')');
        }
        return text.toString();
    }

    private static StringBuilder percentiles(MetricSummary summary) {
        StringBuilder text = new StringBuilder(128);
        boolean empty = summary.count() == 0;
        for (double p : MetricStats.SUMMARY_PERCENTILES) {
            String key = MetricSummary.percentileKey(p);
            Long valueNs = summary.percentilesNs().get(key);
            text.append(key).append(' ')
                    .append(empty || valueNs == null ? UsecFormat.ABSENT : UsecFormat.usec(valueNs))
                    .append(SEPARATOR);
        }
        text.append("max ").append(empty ? UsecFormat.ABSENT : UsecFormat.usec(summary.maxNs()));
        return text;
    }

    /** {@code offsetNs} as {@code +HH:MM:SS.mmm}, truncated to the millisecond. */
    public static String offset(long offsetNs) {
        char sign = offsetNs < 0 ? '-' : '+';
        long totalMs = Math.abs(offsetNs / 1_000_000);
        long ms = totalMs % 1000;
        long totalS = totalMs / 1000;
        return String.format(Locale.ROOT, "%c%02d:%02d:%02d.%03d", sign, totalS / 3600, totalS / 60 % 60, totalS % 60, ms);
    }
}
