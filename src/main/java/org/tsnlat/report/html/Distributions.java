package org.tsnlat.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.tsnlat.stats.MetricStats;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.time.DurationNs;

/**
 * Histograms and percentile curves of whole metrics, one series per run, on a shared x so that
 * runs overlay. Counts come from each metric's HdrHistogram (3 significant digits); the bins
 * span the exact min to the exact max of all the runs: logarithmic bins when the values are
 * positive and span a factor of 10 or more (a latency with a tail), else linear ones.
 */
final class Distributions {
    static final int BINS = 2000;
    /** Percentile plot: 20 points per decade of 1/(1-p), up to 99.999999 %. */
    private static final int STEPS_PER_DECADE = 20;
    private static final int MAX_DECADES = 8;

    private Distributions() {}

    /**
     * A histogram chart: x is each bin's lower edge in us, counts (null when 0) per run.
     *
     * @param logAllowed whether bins may be logarithmic (latency: a floor and a long tail); the
     *                   inter-arrival delta keeps linear bins, its body sits at the period
     */
    static ObjectNode histogram(String title, String xLabel, List<String> names, List<MetricStats> metrics,
                                boolean logAllowed) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        long most = 0;
        for (MetricStats m : metrics) {
            if (m.count() == 0) continue;
            lo = Math.min(lo, m.minNs());
            hi = Math.max(hi, m.maxNs());
            most = Math.max(most, m.count());
        }
        ObjectNode chart = Charts.chart("hist", title, xLabel, "packets");
        if (lo > hi) return chart;
        boolean log = logAllowed && lo > 0 && hi >= 10 * lo;
        int bins;
        double ratio = 0;
        long width = 0;
        if (log) { // bins at least 0.4 % apart (4 times the histogram's resolution), 50 packets a bin on average
            double decades = Math.log((double) hi / lo);
            bins = (int) Math.max(10, Math.min(Math.min(BINS, most / 50), decades / Math.log(1.004)));
            ratio = Math.pow((double) hi / lo, 1.0 / bins);
        } else {
            width = linearWidth(lo, hi, most);
            lo = Math.floorDiv(lo, width) * width;
            bins = (int) ((Math.floorDiv(hi, width) * width - lo) / width) + 1;
        }
        ArrayNode x = chart.putArray("x");
        for (int b = 0; b <= bins; b++) {
            x.add(Charts.us(log ? Math.round(lo * Math.pow(ratio, b)) : lo + b * width));
        }
        chart.put("xlog", log);
        ArrayNode series = chart.putArray("series");
        for (int i = 0; i < metrics.size(); i++) {
            long[] counts = new long[bins + 1];
            MetricStats m = metrics.get(i);
            if (m.count() > 0) {
                count(m.positiveHistogram(), 1, m, counts, lo, log, ratio, width, bins);
                count(m.negativeHistogram(), -1, m, counts, lo, log, ratio, width, bins);
            }
            ArrayNode values = Charts.series(series, names.get(i));
            for (long c : counts) {
                if (c == 0) values.addNull();
                else values.add(c);
            }
        }
        return chart;
    }

    /**
     * Linear bin width: a power of two (so each of the HdrHistogram's buckets, whose widths are
     * powers of two, falls in one bin: no aliasing), at least the histogram's resolution at the
     * largest value, giving at most {@value #BINS} bins and on average 50 packets or more per bin.
     */
    static long linearWidth(long lo, long hi, long count) {
        long span = hi - lo + 1;
        long resolution = resolution(Math.max(Math.abs(lo), Math.abs(hi)));
        long wanted = Math.max(resolution, Math.max(span / BINS, span / Math.max(1, count / 50)));
        long w = Long.highestOneBit(Math.max(1, wanted));
        return w < wanted ? w << 1 : w;
    }

    /** The width of the HdrHistogram's buckets (3 significant digits) at {@code magnitude}: a power of two. */
    static long resolution(long magnitude) {
        return Long.highestOneBit(Math.max(1, magnitude >> 10));
    }

    /**
     * The inter-arrival deltas as deviation from the period, one series per run, on a symmetric
     * axis: x = delta - period in us over [-R, R], where R is the largest deviation rounded up to
     * 1, 2 or 5 times a power of ten, at most one period (the largest of the runs'): a delta of
     * 0 is -1 period, and one beyond +1 period means a probe came more than a period late, which
     * the caption counts instead of stretching the axis. The bins are of equal width in
     * asinh(x / c), a symmetric log scale linear within +-c (16 buckets of the histogram at the
     * period, rounded up to 1, 2 or 5 times a power of ten), so the jitter around 0 and the tail both read; the page draws the axis the same way.
     *
     * @param periodsNs each run's period; 0 when unknown (a receiver alone), then its median delta
     */
    static ObjectNode deviation(String title, List<String> names, List<MetricStats> metrics, List<Long> periodsNs) {
        ObjectNode chart = Charts.chart("hist", title, "arrival - period (us)", "packets");
        long[] period = new long[metrics.size()];
        long far = 0;
        long widest = 0;
        for (int i = 0; i < metrics.size(); i++) {
            MetricStats m = metrics.get(i);
            if (m.count() == 0) continue;
            period[i] = periodsNs.get(i) > 0 ? periodsNs.get(i) : m.percentileNs(50);
            far = Math.max(far, Math.max(Math.abs(m.minNs() - period[i]), Math.abs(m.maxNs() - period[i])));
            widest = Math.max(widest, period[i]);
        }
        if (widest == 0) return chart;
        long resolution = resolution(2 * widest);
        long range = Math.max(8 * resolution, Math.min(widest, niceCeiling(far)));
        double c = niceCeiling(16 * resolution);
        double u = asinh(range / c);
        int perSide = (int) Math.ceil(u / ASINH_STEP);
        double step = u / perSide;
        ArrayNode x = chart.putArray("x");
        for (int k = -perSide; k <= perSide; k++) {
            x.add(k == -perSide ? -range / 1000.0 : k == perSide ? range / 1000.0
                    : Math.round(c * Math.sinh(k * step)) / 1000.0);
        }
        chart.put("xlog", false);
        chart.put("xAsinh", c / 1000.0);
        chart.put("xRange", range / 1000.0);
        ArrayNode series = chart.putArray("series");
        ArrayNode beyond = chart.putArray("beyond");
        List<String> notes = new java.util.ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            long[] counts = new long[2 * perSide + 1];
            long[] out = new long[2];
            MetricStats m = metrics.get(i);
            if (m.count() > 0) {
                for (int sign : new int[] {1, -1}) {
                    Histogram h = sign > 0 ? m.positiveHistogram() : m.negativeHistogram();
                    for (HistogramIterationValue v : h.recordedValues()) {
                        long value = Math.clamp(sign * h.medianEquivalentValue(v.getValueIteratedTo()), m.minNs(), m.maxNs());
                        long dev = value - period[i];
                        if (Math.abs(dev) > range) {
                            out[dev < 0 ? 0 : 1] += v.getCountAtValueIteratedTo();
                            continue;
                        }
                        int b = (int) Math.floor(asinh(dev / c) / step) + perSide;
                        counts[Math.clamp(b, 0, 2 * perSide - 1)] += v.getCountAtValueIteratedTo();
                    }
                }
            }
            ArrayNode values = Charts.series(series, names.get(i));
            for (long n : counts) {
                if (n == 0) values.addNull();
                else values.add(n);
            }
            ObjectNode o = beyond.addObject();
            o.put("count", m.count());
            o.put("below", out[0]);
            o.put("above", out[1]);
            notes.add((names.size() > 1 ? names.get(i) + ": " : "") + deviationNote(m, period[i], periodsNs.get(i) > 0,
                    range, out));
        }
        chart.put("note", String.join("; ", notes));
        return chart;
    }

    /** What one run's deviation series holds, and what lies beyond the axis. */
    private static String deviationNote(MetricStats m, long period, boolean known, long range, long[] out) {
        if (m.count() == 0) return "no inter-arrival delta";
        StringBuilder b = new StringBuilder().append(m.count()).append(" deltas minus ")
                .append(known ? "the period, " + DurationNs.format(period)
                        : "their median, " + UsecFormat.usec(period) + " us (the period is unknown)");
        if (out[0] + out[1] == 0) return b.append("; all within ±").append(DurationNs.format(range)).toString();
        b.append("; off the axis: ");
        if (out[1] > 0) b.append(out[1]).append(" more than ").append(DurationNs.format(range)).append(" late (at most +")
                .append(UsecFormat.usec(m.maxNs() - period)).append(" us)");
        if (out[0] > 0) b.append(out[1] > 0 ? ", " : "").append(out[0]).append(" more than ").append(DurationNs.format(range))
                .append(" early (at least ").append(UsecFormat.usec(m.minNs() - period)).append(" us)");
        return b.toString();
    }

    /** Bins of the deviation histogram: this wide in asinh(x / c) at most (12 % apart far from 0, 2 buckets near it). */
    private static final double ASINH_STEP = 0.125;

    private static double asinh(double v) {
        return Math.log(v + Math.sqrt(v * v + 1));
    }

    /** The least of 1, 2, 5 times a power of ten that is at least {@code v} (v >= 1). */
    static long niceCeiling(long v) {
        long p = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * p >= v) return m * p;
            }
            if (p > Long.MAX_VALUE / 100) return v;
            p *= 10;
        }
    }

    private static void count(Histogram h, int sign, MetricStats m, long[] counts, long lo, boolean log, double ratio,
                              long width, int bins) {
        for (HistogramIterationValue v : h.recordedValues()) {
            long value = Math.clamp(sign * h.medianEquivalentValue(v.getValueIteratedTo()), m.minNs(), m.maxNs());
            int b = log ? (int) Math.floor(Math.log((double) value / lo) / Math.log(ratio))
                    : (int) Math.floorDiv(value - lo, width);
            counts[Math.clamp(b, 0, bins - 1)] += v.getCountAtValueIteratedTo();
        }
    }

    /**
     * Latency against 1/(1-p) (log x): the value at percentile p, for p from 0 (the min) on a
     * grid of 20 points per decade, until the run has no more probes to tell (the last point is
     * the exact max).
     */
    static ObjectNode percentiles(String title, List<String> names, List<MetricStats> metrics) {
        long most = metrics.stream().mapToLong(MetricStats::count).max().orElse(0);
        ObjectNode chart = Charts.chart("pct", title, "percentile", "latency (us)");
        int points = 1;
        while (points <= MAX_DECADES * STEPS_PER_DECADE && inverse(points - 1) < most) points++;
        ArrayNode x = chart.putArray("x");
        for (int k = 0; k < points; k++) {
            x.add(inverse(k));
        }
        ArrayNode series = chart.putArray("series");
        for (int i = 0; i < metrics.size(); i++) {
            MetricStats m = metrics.get(i);
            ArrayNode values = Charts.series(series, names.get(i));
            boolean done = m.count() == 0;
            for (int k = 0; k < points; k++) {
                if (done) {
                    values.addNull();
                } else if (k == 0) {
                    values.add(Charts.us(m.minNs()));
                } else if (inverse(k) >= m.count()) {
                    values.add(Charts.us(m.maxNs()));
                    done = true;
                } else {
                    values.add(Charts.us(m.percentileNs(100 * (1 - 1 / inverse(k)))));
                }
            }
        }
        return chart;
    }

    /** 1/(1-p) of grid point k: 10^(k/20), rounded to 4 significant digits so percentiles print cleanly. */
    static double inverse(int k) {
        double v = Math.pow(10, (double) k / STEPS_PER_DECADE);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
