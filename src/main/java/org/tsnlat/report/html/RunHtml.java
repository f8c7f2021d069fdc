package org.tsnlat.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.tsnlat.record.Timestamps;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.Summary;
import org.tsnlat.report.SummaryText;
import org.tsnlat.report.Trust;
import org.tsnlat.report.TrustSummary;
import org.tsnlat.report.TrustThresholds;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunDirectoryException;
import org.tsnlat.stats.MetricStats;
import org.tsnlat.stats.MetricSummary;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.time.DurationNs;

/**
 * {@code report.html} of one run: latency over time with the trust verdicts shaded (and, with
 * {@code --explain}, the explained outliers marked), the histograms of latency and inter-arrival
 * delta, the percentile plot, the sender's wake-up lateness, the clock offsets, then the worst
 * outliers and their causes (with {@code --explain}), the summary, configuration and environment
 * as text.
 */
public final class RunHtml {
    private RunHtml() {}

    /** A page and the analysis made on the way. */
    public record Result(RunReport.Analysis analysis, String html) {}

    /**
     * An analysis with the charts that observed its records: of each direction (the reverse one's
     * unused for a run in one direction).
     */
    public record Charted(RunReport.Analysis analysis, RunCharts charts, RunCharts reverseCharts) {}

    /** Analyses the directory (the report's passes, with the charts as their observers). */
    public static Charted analyse(RunDirectory dir, TrustThresholds thresholds) throws RunDirectoryException {
        RunCharts charts = new RunCharts(thresholds.intervalNs());
        RunCharts reverse = new RunCharts(thresholds.intervalNs());
        return new Charted(RunReport.analyse(dir, thresholds, charts, charts, reverse, reverse), charts, reverse);
    }

    /** Analyses the directory and makes the page. */
    public static Result of(RunDirectory dir, TrustThresholds thresholds) throws RunDirectoryException {
        Charted c = analyse(dir, thresholds);
        return new Result(c.analysis(), render(dir, c));
    }

    /**
     * The page of an analysis. With a reverse direction ({@code run --bidir}) it has a latency
     * chart of its own, and the histograms and the percentile plot show both directions.
     */
    public static String render(RunDirectory dir, Charted c) throws RunDirectoryException {
        RunReport.Analysis a = c.analysis();
        Summary s = a.summary();
        HtmlPage page = new HtmlPage("tsnlat " + dir.path().toAbsolutePath().normalize().getFileName(), headline(s));
        RunCharts charts = c.charts();
        RunReport.Analysis r = a.reverse() != null && a.reverse().rx() != null ? a.reverse() : null;
        String noLatency = noLatency(s);
        int marked = 0;
        if (a.rx() != null) {
            ObjectNode latency = latencyChart(charts, s, "");
            if (s.outliers() != null) marked = markOutliers(latency, s.outliers(), dir, charts.originRxNs());
            page.chart(latency);
            if (r != null) page.chart(latencyChart(c.reverseCharts(), r.summary(), "reverse direction: "));
            List<String> names = r != null ? List.of("latency", "reverse direction") : List.of("latency");
            List<MetricStats> l = r != null ? List.of(a.rx().metricStats("latency"), r.rx().metricStats("latency"))
                    : List.of(a.rx().metricStats("latency"));
            List<String> deltaNames = r != null ? List.of("delta", "reverse direction") : List.of("delta");
            List<MetricStats> d = r != null ? List.of(a.rx().metricStats("delta"), r.rx().metricStats("delta"))
                    : List.of(a.rx().metricStats("delta"));
            List<Long> periods = r != null ? List.of(s.periodNs(), r.summary().periodNs()) : List.of(s.periodNs());
            ObjectNode histogram = Distributions.histogram("latency histogram", "latency (us)", names, l, true);
            ObjectNode percentiles = Distributions.percentiles("latency by percentile", names, l);
            if (noLatency != null) {
                histogram = Charts.empty(histogram, noLatency);
                percentiles = Charts.empty(percentiles, noLatency);
            } else {
                histogram.put("note", l.get(0).count() + " latencies, the summary's (after the warm-up, clocks trusted or suspect)"
                        + (r != null ? "; reverse direction " + l.get(1).count() : ""));
            }
            page.chart(histogram);
            ObjectNode deltas = Distributions.deviation("inter-arrival time, deviation from the period", deltaNames, d, periods);
            page.chart(d.get(0).count() == 0 ? Charts.empty(deltas, s.packets().received() < 2
                    ? "no inter-arrival delta: fewer than 2 probes received" : "no inter-arrival delta after the warm-up") : deltas);
            page.chart(percentiles);
        } else {
            for (String title : List.of("one-way latency", "latency histogram", "inter-arrival time", "latency by percentile")) {
                page.chart(Charts.empty(Charts.chart("time", title, "", ""), noLatency));
            }
        }
        ObjectNode wake = charts.wakeChart();
        if (wake != null) shades(wake, null, s.warmupNs());
        page.chart(wake != null ? wake : Charts.empty(Charts.chart("time", "sender wake-up lateness", "", ""),
                "no sender records (tx.records) in this run directory: the sender ran elsewhere (tsnlat send)"));
        ObjectNode clock = ClockChart.of(a.sync(), s.startNs());
        if (clock != null && s.trust() != null) {
            TrustThresholds t = s.trust().thresholds();
            clock.put("note", "the verdicts allow a two-way offset within ±" + UsecFormat.usec(t.maxTwoWayOffsetNs())
                    + " us (beyond half of it: suspect) and a ptp4l master offset within ±" + UsecFormat.usec(t.maxPtpOffsetNs()) + " us (docs/trust.md)");
        }
        page.chart(clock != null ? clock : Charts.empty(Charts.chart("lines", "clock offset", "", ""), ClockChart.whyNone(a.sync())));
        if (s.outliers() != null) page.section(OutlierMarks.section(s.outliers(), marked));
        page.section("summary (report.txt)", SummaryText.format(s), true);
        String[] meta = meta(dir);
        page.section("configuration and run (meta.json)", meta[0], false);
        page.section("environment snapshot (meta.json: env, envSender)", meta[1], false);
        return page.render();
    }

    /**
     * Latency over time, the trust verdicts shaded and said, red dots above the summary's p99.9;
     * {@code prefix} before its title names the direction.
     */
    private static ObjectNode latencyChart(RunCharts charts, Summary s, String prefix) {
        String noLatency = noLatency(s);
        MetricSummary lat = s.metrics().get("latency");
        Long p999 = noLatency == null ? lat.percentilesNs().get("p99.9") : null;
        String noDots = noLatency != null ? noLatency : "too few latencies (" + lat.count() + ") to tell a p99.9";
        ObjectNode latency = charts.latencyChart(p999 == null ? Timestamps.ABSENT : p999,
                "no red dots (they mark the latencies above the summary's p99.9, and it has none: "
                + (noLatency != null ? "see the latency histogram" : noDots) + ")", s.packets().lost());
        latency.put("title", prefix + latency.path("title").asText());
        shades(latency, s.trust(), s.warmupNs());
        shadeNotes(latency, s.trust());
        return latency;
    }

    /**
     * The explained outliers ({@code --explain}) marked on the latency chart, found again in
     * rx.records (one more pass, stopping when all are found); when it cannot be read, the
     * caption says so. Returns how many were marked.
     */
    private static int markOutliers(ObjectNode latency, org.tsnlat.explain.Outliers o, RunDirectory dir, long originRxNs) {
        if (o.explained().isEmpty()) return 0;
        java.util.Map<Long, OutlierMarks.Placed> placed = java.util.Map.of();
        String why = null;
        try {
            placed = OutlierMarks.place(dir.file(RunDirectory.RX_RECORDS), o);
        } catch (IOException | RuntimeException e) {
            why = "rx.records unreadable: " + org.tsnlat.text.Untrusted.text(e.getMessage());
        }
        return OutlierMarks.mark(latency, o, placed, originRxNs, why);
    }

    /**
     * Why the run has no latency figures (and so no latency histogram, percentile plot or red
     * dots), or null when it has them.
     */
    static String noLatency(Summary s) {
        MetricSummary lat = s.metrics().get("latency");
        if (lat != null && lat.count() > 0) return null;
        if (s.packets() == null) return "no receiver records (rx.records) in this run directory";
        if (s.packets().received() == 0) return "nothing received";
        TrustSummary t = s.trust();
        if (t != null && t.untrusted() > 0 && t.trusted() + t.suspect() == 0) {
            int judged = t.untrusted();
            StringBuilder b = new StringBuilder("no trusted latency: ").append(t.untrusted()).append(" of ").append(judged)
                    .append(judged == 1 ? " interval" : " intervals").append(" after the warm-up untrusted");
            t.spans().stream().filter(sp -> !sp.warmup() && sp.trust() == Trust.UNTRUSTED).findFirst()
                    .ifPresent(sp -> b.append(" (").append(String.join("; ", sp.reasons())).append(")"));
            return b.append(", so every one-way latency is excluded").toString();
        }
        if (s.warmupNs() > 0 && s.warmupPackets() == s.packets().received()) {
            return "no latency after the warm-up: all " + s.warmupPackets() + " probes arrived in its first "
                    + DurationNs.format(s.warmupNs());
        }
        return "no one-way latency: no probe carried its send time";
    }

    /** One line under the title: the figures one looks for first. */
    static String headline(Summary s) {
        StringBuilder b = new StringBuilder();
        if (s.packets() != null) {
            b.append(s.packets().received()).append(" packets received, ").append(s.packets().lost()).append(" lost");
        }
        MetricSummary lat = s.metrics().get("latency");
        if (lat != null && lat.count() > 0) {
            b.append("; latency p50 ").append(UsecFormat.usec(lat.percentilesNs().get("p50")))
                    .append(" p99 ").append(UsecFormat.usec(lat.percentilesNs().get("p99")))
                    .append(" max ").append(UsecFormat.usec(lat.maxNs())).append(" us");
        }
        if (s.reverse() != null) {
            MetricSummary rev = s.reverse().metrics().get("latency");
            if (rev != null && rev.count() > 0) {
                b.append("; reverse direction p50 ").append(UsecFormat.usec(rev.percentilesNs().get("p50")))
                        .append(" p99 ").append(UsecFormat.usec(rev.percentilesNs().get("p99"))).append(" us");
            } else {
                b.append("; reverse direction: no latency");
            }
        }
        if (s.trust() != null) {
            b.append("; clocks: ").append(s.trust().trusted()).append(" trusted, ").append(s.trust().suspect())
                    .append(" suspect, ").append(s.trust().untrusted()).append(" untrusted intervals");
        }
        if (s.plan() != null) {
            b.append("; plan ").append(s.plan().notKept() ? "NOT KEPT" : s.plan().kept() ? "kept" : "not checked at the end");
        }
        return b.append("; run ").append(s.ended()).toString();
    }

    /**
     * Shaded stretches of the time axis: warm-up, then untrusted and suspect spans. Spans closer
     * than a column are merged (keeping the worse verdict), so there are at most about as many as columns.
     */
    static void shades(ObjectNode chart, TrustSummary trust, long warmupNs) {
        ArrayNode out = chart.putArray("shades");
        if (warmupNs > 0) out.addObject().put("from", 0).put("to", Charts.seconds(warmupNs)).put("kind", "warmup");
        if (trust == null) return;
        double minGap = chart.path("columnSeconds").asDouble(1);
        double from = 0;
        double to = -1;
        Trust kind = null;
        for (TrustSummary.Span sp : trust.spans()) {
            double f = Charts.seconds(sp.fromNs());
            double t = Charts.seconds(sp.toNs());
            if (kind != null && f - to < minGap) {
                to = t;
                kind = kind.worst(sp.trust());
                continue;
            }
            if (kind != null) shade(out, from, to, kind);
            from = f;
            to = t;
            kind = sp.trust();
        }
        if (kind != null) shade(out, from, to, kind);
    }

    /** What each kind of shading stands for: how many intervals, and the reasons of the first such span. */
    static void shadeNotes(ObjectNode chart, TrustSummary trust) {
        if (trust == null) return;
        ObjectNode notes = chart.putObject("shadeNotes");
        for (Trust kind : List.of(Trust.UNTRUSTED, Trust.SUSPECT)) {
            int after = kind == Trust.UNTRUSTED ? trust.untrusted() : trust.suspect();
            int warm = kind == Trust.UNTRUSTED ? trust.warmupUntrusted() : trust.warmupSuspect();
            if (after + warm == 0) continue;
            StringBuilder b = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT)).append(" clocks: ")
                    .append(after).append(after == 1 ? " interval" : " intervals").append(" after the warm-up");
            if (warm > 0) b.append(", ").append(warm).append(" in it");
            trust.spans().stream().filter(sp -> sp.trust() == kind)
                    .min(java.util.Comparator.comparing(TrustSummary.Span::warmup))
                    .ifPresent(sp -> b.append(" (").append(String.join("; ", sp.reasons())).append(")"));
            notes.put(kind.name().toLowerCase(java.util.Locale.ROOT), b.toString());
        }
    }

    private static void shade(ArrayNode out, double from, double to, Trust kind) {
        out.addObject().put("from", from).put("to", to).put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** meta.json pretty-printed: without the environment snapshots, then the snapshots alone. */
    static String[] meta(RunDirectory dir) throws RunDirectoryException {
        try {
            ObjectNode meta = (ObjectNode) RunDirectory.json().readTree(Files.readString(dir.file(RunDirectory.META)));
            ObjectNode env = Charts.JSON.createObjectNode();
            env.set("env", meta.remove("env"));
            env.set("envSender", meta.remove("envSender"));
            return new String[] {RunDirectory.json().writeValueAsString(meta), RunDirectory.json().writeValueAsString(env)};
        } catch (IOException e) {
            throw new RunDirectoryException(dir.file(RunDirectory.META) + ": unreadable (" + e.getMessage() + ")");
        }
    }
}
