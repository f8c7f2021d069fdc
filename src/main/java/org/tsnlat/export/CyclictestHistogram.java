package org.tsnlat.export;

import java.util.List;
import org.tsnlat.stats.MetricStats;

/**
 * Metrics as cyclictest's {@code -h} histogram: one line per microsecond bucket
 * {@code %06d} then a count column per metric, then cyclictest's trailer lines (Total, Min, Avg,
 * Max Latencies, Histogram Overflows), so gnuplot scripts written for cyclictest read it. Counts
 * come from the metrics' histograms: each of their buckets (3 significant digits) is counted
 * once, in the microsecond of its lowest value; values of {@code maxUs} or more, and negative
 * ones, are overflows.
 */
public final class CyclictestHistogram {
    private CyclictestHistogram() {}

    public static String format(List<String> names, List<MetricStats> metrics, int maxUs) {
        StringBuilder b = new StringBuilder();
        b.append("# Histogram (tsnlat; columns: ").append(String.join(" ", names)).append("; usec buckets)\n");
        long[][] buckets = new long[metrics.size()][];
        long[] inBuckets = new long[metrics.size()];
        for (int k = 0; k < metrics.size(); k++) {
            buckets[k] = new long[maxUs];
            var h = metrics.get(k).positiveHistogram();
            for (var v : h.recordedValues()) {
                long us = h.lowestEquivalentValue(v.getValueIteratedTo()) / 1000;
                if (us < maxUs) {
                    buckets[k][(int) us] += v.getCountAtValueIteratedTo();
                    inBuckets[k] += v.getCountAtValueIteratedTo();
                }
            }
        }
        for (int us = 0; us < maxUs; us++) {
            b.append(String.format("%06d", us));
            for (long[] column : buckets) {
                b.append(String.format(" %06d", column[us]));
            }
            b.append('\n');
        }
        b.append("# Total:");
        metrics.forEach(m -> b.append(String.format(" %09d", m.count())));
        b.append("\n# Min Latencies:");
        metrics.forEach(m -> b.append(String.format(" %05d", m.count() == 0 ? 0 : Math.floorDiv(m.minNs(), 1000))));
        b.append("\n# Avg Latencies:");
        metrics.forEach(m -> b.append(String.format(" %05d", m.count() == 0 ? 0 : Math.round(m.summary().meanNs() / 1000))));
        b.append("\n# Max Latencies:");
        metrics.forEach(m -> b.append(String.format(" %05d", m.count() == 0 ? 0 : Math.floorDiv(m.maxNs(), 1000))));
        b.append("\n# Histogram Overflows:");
        for (int k = 0; k < metrics.size(); k++) {
            b.append(String.format(" %05d", metrics.get(k).count() - inBuckets[k]));
        }
        b.append('\n');
        return b.toString();
    }
}
