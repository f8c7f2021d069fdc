package org.tsnlat.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prints nanosecond figures as microseconds with exactly 3 decimals, the unit of the field
 * reports ({@code latency min/avg/max/stddev (usec): 71.810/86.914/210.076/11.938}).
 *
 * <p>Integer nanoseconds are printed with integer arithmetic only, so every value is exact and
 * negative values keep their sign ({@code -39} ns prints {@code -0.039}, never an unsigned
 * wrap-around). Doubles (means, standard deviations) are rounded once, half-even, from their
 * exact binary value.
 */
public final class UsecFormat {
    /** What the formatters print for a figure that is absent. */
    public static final String ABSENT = "-";

    private UsecFormat() {
    }

    /** {@code ns} as microseconds with 3 decimals: 71810 gives "71.810", -39 gives "-0.039". */
    public static String usec(long ns) {
        long wholeUs = ns / 1000;
        long fractionNs = ns % 1000;
        StringBuilder text = new StringBuilder(24);
        if (ns < 0) {
            text.append('-');
            wholeUs = -wholeUs;
            fractionNs = -fractionNs;
        }
        text.append(wholeUs).append('.');
        if (fractionNs < 100) {
            text.append('0');
        }
        if (fractionNs < 10) {
            text.append('0');
        }
        return text.append(fractionNs).toString();
    }

    /**
     * {@code ns} as microseconds rounded half-even to 3 decimals: 999999.4 gives "999.999".
     * NaN and infinities give {@link #ABSENT}. A negative value that rounds to zero prints
     * "0.000".
     */
    public static String usec(double ns) {
        if (!Double.isFinite(ns)) {
            return ABSENT;
        }
        return new BigDecimal(ns).movePointLeft(3).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * The field-standard summary line {@code LABEL (usec): MIN/AVG/MAX/STDDEV}: min and max from
     * the exact nanoseconds, avg and stddev from the doubles; {@code -/-/-/-} when the summary
     * is empty.
     */
    public static String fieldLine(String label, MetricSummary summary) {
        String figures;
        if (summary.count() == 0) {
            figures = String.join("/", ABSENT, ABSENT, ABSENT, ABSENT);
        } else {
            figures = usec(summary.minNs()) + "/" + usec(summary.meanNs()) + "/"
                    + usec(summary.maxNs()) + "/" + usec(summary.stddevNs());
        }
        return label + " (usec): " + figures;
    }

    /** {@code MIN/AVG/MAX} in microseconds, {@code -/-/-} when the summary is empty. */
    public static String minAvgMax(MetricSummary summary) {
        if (summary.count() == 0) {
            return String.join("/", ABSENT, ABSENT, ABSENT);
        }
        return usec(summary.minNs()) + "/" + usec(summary.meanNs()) + "/" + usec(summary.maxNs());
    }
}
