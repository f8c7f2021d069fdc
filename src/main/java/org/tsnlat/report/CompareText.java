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
        rows.add(row("intervals trusted", runs, s -> trust(s, t -> Integer.toString(t.trusted()))));
        rows.add(row("intervals suspect", runs, s -> trust(s, t -> Integer.toString(t.suspect()))));
        rows.add(row("intervals untrusted", runs, s -> trust(s, t -> Integer.toString(t.untrusted()))));
        rows.add(row("packets excluded (untrusted)", runs, s -> trust(s, t -> Long.toString(t.excludedPackets()))));
        rows.add(row("probes sent", runs, s -> sender(s, x -> Long.toString(x.sent()))));
        rows.add(row("late wake-ups", runs, s -> sender(s, x -> Long.toString(x.lateWakeups()))));
        rows.add(row("send failures", runs, s -> sender(s, x -> Long.toString(x.sendFailures()))));
        rows.add(row("missing TX stamps", runs, s -> sender(s, x -> Long.toString(x.missingTxStamps()))));
        rows.add(row("rejected datagrams", runs, s -> s.packets() == null ? NO_RECEIVER
                : Long.toString(s.rejected() == null ? 0 : s.rejected().values().stream().mapToLong(Long::longValue).sum())));
        Set<String> rejectedKinds = new LinkedHashSet<>();
        runs.forEach(s -> {
            if (s.rejected() != null) s.rejected().forEach((k, n) -> { if (n > 0) rejectedKinds.add(k); });
        });
        for (String k : rejectedKinds) {
            rows.add(row("  rejected " + k, runs, s -> s.packets() == null ? NO_RECEIVER
                    : Long.toString(s.rejected() == null ? 0 : s.rejected().getOrDefault(k, 0L))));
        }
        rows.add(row("steal, most of one CPU (%)", runs, CompareText::steal));
        Set<String> metrics = new LinkedHashSet<>();
        runs.forEach(s -> metrics.addAll(s.metrics().keySet()));
        for (String m : metrics) {
            rows.add(row(m + " count", runs, s -> s.metrics().containsKey(m) ? Long.toString(s.metrics().get(m).count())
                    : absent(s, m)));
            rows.add(row(m + " min (usec)", runs, s -> fig(s, m, x -> UsecFormat.usec(x.minNs()))));
            rows.add(row(m + " avg", runs, s -> fig(s, m, x -> UsecFormat.usec(x.meanNs()))));
            for (String p : PERCENTILES) {
                rows.add(row(m + " " + p, runs, s -> fig(s, m, x -> x.percentilesNs().containsKey(p)
                        ? UsecFormat.usec(x.percentilesNs().get(p)) : "- (too few values)")));
            }
            rows.add(row(m + " max", runs, s -> fig(s, m, x -> UsecFormat.usec(x.maxNs()))));
            rows.add(row(m + " stddev", runs, s -> fig(s, m, x -> UsecFormat.usec(x.stddevNs()))));
            rows.add(row(m + " negative", runs, s -> fig(s, m, x -> Long.toString(x.negativeCount()))));
        }
        return table(rows, true);
    }

    private static final String NO_RECEIVER = "- (no receiver)";

    /** The largest share of the run a hypervisor stole from one CPU, and which ("0.4 (cpu1)"). */
    private static String steal(Summary s) {
        var d = s.during();
        if (d == null) return "- (not recorded)";
        if (d.cpus() == null || d.cpus().isEmpty()) return "- (no differences)";
        var worst = d.cpus().entrySet().stream().max(java.util.Comparator.comparingDouble(e -> e.getValue().stealPercent())).get();
        return String.format(java.util.Locale.ROOT, "%.1f (%s)", worst.getValue().stealPercent(), worst.getKey());
    }

    private static String fig(Summary s, String metric, Function<MetricSummary, String> f) {
        MetricSummary m = s.metrics().get(metric);
        return m == null || m.count() == 0 ? absent(s, metric) : f.apply(m);
    }

    /** "-" and why a run has no value of {@code metric}: a figure never goes missing without its reason. */
    static String absent(Summary s, String metric) {
        MetricSummary m = s.metrics().get(metric);
        if (m == null) {
            if (metric.startsWith("reverse-")) return "- (no reflections)";
            if (metric.endsWith("-all")) return "- (no interval untrusted: = " + metric.substring(0, metric.length() - 4) + ")";
            if ((metric.equals("wake") || metric.startsWith("tx-")) && s.sender() == null) return "- (no sender)";
            if (s.packets() == null) return NO_RECEIVER;
            return "- (not recorded)";
        }
        if (s.packets() == null || s.packets().received() == 0) return "- (nothing received)";
        TrustSummary t = s.trust();
        if (t != null && t.untrusted() > 0 && t.trusted() + t.suspect() == 0) return "- (every interval untrusted)";
        return "- (none after the warm-up)";
    }

    private static String trust(Summary s, Function<TrustSummary, String> f) {
        return s.trust() == null ? NO_RECEIVER : f.apply(s.trust());
    }

    private static String sender(Summary s, Function<Summary.SenderCounts, String> f) {
        return s.sender() == null ? "- (no sender)" : f.apply(s.sender());
    }

    private static <T> String[] row(String label, List<T> items, Function<T, String> cell) {
        String[] r = new String[items.size() + 1];
        r[0] = Untrusted.text(label); // run names, metric names and endings come from the run directories
        for (int i = 0; i < items.size(); i++) {
            r[i + 1] = Untrusted.text(cell.apply(items.get(i)));
        }
        return r;
    }

    /** The rows as columns two spaces apart: the first left-aligned, the others right-aligned (figures) or left-aligned (text). */
    public static String table(List<String[]> rows, boolean rightAligned) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(String.format("%-" + width[0] + "s", r[0]));
            for (int c = 1; c < cols; c++) {
                line.append("  ").append(String.format("%" + (rightAligned ? "" : "-") + width[c] + "s", r[c]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
