package org.tsnlat.explain;

import java.util.Locale;

/**
 * {@code --explain-above}: what makes a probe an outlier, as lateness beyond the run's median
 * lateness. Either a span ({@code 200us}) or a percentile of the run's lateness ({@code p99.9}):
 * the span is then that percentile's lateness minus the median, running while the run goes on
 * (its trigger) and over the whole run afterwards (its analysis), so a run of any character
 * explains its worst tenth of a percent.
 *
 * @param spanNs     the span, or 0 when a percentile is given
 * @param percentile the percentile, above 50 (the median) and below 100, or 0 when a span is given
 */
public record ExplainThreshold(long spanNs, double percentile) {
    public ExplainThreshold {
        boolean span = spanNs > 0 && percentile == 0;
        boolean pct = spanNs == 0 && percentile > 50 && percentile < 100;
        if (!span && !pct) {
            throw new IllegalArgumentException("an outlier threshold is a span above 0 or a percentile above 50 and below 100, not "
                    + spanNs + " ns / p" + percentile);
        }
    }

    public static ExplainThreshold span(long ns) {
        return new ExplainThreshold(ns, 0);
    }

    public static ExplainThreshold percentile(double p) {
        return new ExplainThreshold(0, p);
    }

    /**
     * {@code p99.9} (or {@code P99.9}) as a percentile; empty for anything else, which the caller
     * reads as a span.
     *
     * @throws IllegalArgumentException a {@code p} followed by no number between 0 and 100
     */
    public static java.util.Optional<ExplainThreshold> parsePercentile(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!t.startsWith("p")) return java.util.Optional.empty();
        double p;
        try {
            p = Double.parseDouble(t.substring(1));
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (!(p > 50 && p < 100)) {
            throw new IllegalArgumentException("'" + text + "' is not an outlier percentile: p and a number above 50 (the median, "
                    + "which outliers are measured beyond) and below 100, e.g. p99.9");
        }
        return java.util.Optional.of(percentile(p));
    }

    public boolean isPercentile() {
        return percentile > 0;
    }

    /** "p99.9" for a percentile (as given, without trailing zeros); null for a span. */
    public String percentileName() {
        if (!isPercentile()) return null;
        return "p" + java.math.BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
    }

    /** The rank (1 = the smallest) of this percentile among {@code count} values. */
    long rank(long count) {
        return Math.max(1, Math.min(count, (long) Math.ceil(percentile / 100.0 * count)));
    }

    /**
     * The span beyond the median for a distribution of lateness: the span itself, or the
     * percentile's lateness minus the median (at least 1 ns: a run whose percentile is its median
     * has no outliers but those beyond it).
     */
    long spanBeyond(org.tsnlat.stats.SignedHistogram lateness, long medianNs) {
        if (!isPercentile()) return spanNs;
        if (lateness.count() == 0) return Long.MAX_VALUE;
        return Math.max(1, lateness.valueAtRank(rank(lateness.count())) - medianNs);
    }
}
