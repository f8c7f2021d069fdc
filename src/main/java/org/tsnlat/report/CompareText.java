package org.tsnlat.report;

import org.tsnlat.text.Untrusted;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.tsnlat.stats.MetricSummary;
import org.tsnlat.stats.UsecFormat;

/** Several runs' summaries side by side, one column a run, one row a figure (usec). */
public final class CompareText {
    private static final String[] PERCENTILES = {"p50", "p90", "p99", "p99.9", "p99.99"};

    private CompareText() {}

    /** @param names a column title per summary (same order) */
    public static String format(List<String> names, List<Summary> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("", names, Function.identity()));
        rows.add(row("ended", runs, Summary::ended));
        rows.add(row("packets received", runs, s -> s.packets() == null ? "-" : Long.toString(s.packets().received())));
        rows.add(row("lost", runs, s -> s.packets() == null ? "-" : Long.toString(s.packets().lost())));
        rows.add(row("duplicated", runs, s -> s.packets() == null ? "-" : Long.toString(s.packets().duplicates())));
        rows.add(row("reordered", runs, s -> s.packets() == null ? "-" : Long.toString(s.packets().reordered())));
        Set<String> metrics = new LinkedHashSet<>();
        runs.forEach(s -> metrics.addAll(s.metrics().keySet()));
        for (String m : metrics) {
            rows.add(row(m + " count", runs, s -> fig(s, m, x -> Long.toString(x.count()))));
            rows.add(row(m + " min (usec)", runs, s -> fig(s, m, x -> UsecFormat.usec(x.minNs()))));
            rows.add(row(m + " avg", runs, s -> fig(s, m, x -> UsecFormat.usec(x.meanNs()))));
            for (String p : PERCENTILES) {
                rows.add(row(m + " " + p, runs, s -> fig(s, m, x -> x.percentilesNs().containsKey(p)
                        ? UsecFormat.usec(x.percentilesNs().get(p)) : "-")));
            }
            rows.add(row(m + " max", runs, s -> fig(s, m, x -> UsecFormat.usec(x.maxNs()))));
            rows.add(row(m + " stddev", runs, s -> fig(s, m, x -> UsecFormat.usec(x.stddevNs()))));
            rows.add(row(m + " negative", runs, s -> fig(s, m, x -> Long.toString(x.negativeCount()))));
        }
        return render(rows);
    }

    private static String fig(Summary s, String metric, Function<MetricSummary, String> f) {
        MetricSummary m = s.metrics().get(metric);
        return m == null || m.count() == 0 ? "-" : f.apply(m);
    }

    private static <T> String[] row(String label, List<T> items, Function<T, String> cell) {
        String[] r = new String[items.size() + 1];
        r[0] = Untrusted.text(label); // run names, metric names and endings come from the run directories
        for (int i = 0; i < items.size(); i++) {
            r[i + 1] = Untrusted.text(cell.apply(items.get(i)));
        }
        return r;
    }

    private static String render(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            b.append(String.format("%-" + width[0] + "s", r[0]));
            for (int c = 1; c < cols; c++) {
                b.append("  ").append(String.format("%" + width[c] + "s", r[c]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
