package org.tsnlat.report.html;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.tsnlat.report.CompareText;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.Summary;
import org.tsnlat.stats.MetricStats;

/**
 * {@code compare.html}: several runs' latency and inter-arrival histograms and latency
 * percentile plots overlaid, one series per run under its name, then the side-by-side summary
 * and the differences in configuration and environment as {@code tsnlat compare} prints them.
 */
public final class CompareHtml {
    private CompareHtml() {}

    /**
     * @param names        one per run, in order
     * @param runs         each run's analysis
     * @param plans        the text of how the runs' host plans differed ("" when none had one)
     * @param made         the text of what differed in how the runs were made
     * @param differences  the text of the environment differences
     */
    public static String render(List<String> names, List<RunReport.Analysis> runs, String plans, String made,
                                String differences) {
        List<MetricStats> latency = new ArrayList<>();
        List<MetricStats> delta = new ArrayList<>();
        List<Summary> summaries = new ArrayList<>();
        for (RunReport.Analysis a : runs) {
            summaries.add(a.summary());
            latency.add(a.rx() == null ? new MetricStats("latency") : a.rx().metricStats("latency"));
            delta.add(a.rx() == null ? new MetricStats("delta") : a.rx().metricStats("delta"));
        }
        HtmlPage page = new HtmlPage("tsnlat compare " + String.join(", ", names), headline(names, summaries));
        if (!plans.isEmpty()) page.leadSection("host plans", plans.strip() + "\n");
        page.leadSection("how they were made", made.strip() + "\n");
        List<String> noLatency = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String why = RunHtml.noLatency(summaries.get(i));
            if (why != null) noLatency.add(names.get(i) + ": " + why);
        }
        boolean none = noLatency.size() == names.size();
        ObjectNode histogram = Distributions.histogram("latency histograms", "latency (us)", names, latency, true);
        ObjectNode percentiles = Distributions.percentiles("latency by percentile", names, latency);
        String why = String.join("; ", noLatency);
        page.chart(none ? Charts.empty(histogram, why) : note(histogram, why));
        page.chart(Distributions.deviation("inter-arrival time, deviation from the period", names, delta,
                summaries.stream().map(Summary::periodNs).toList()));
        page.chart(none ? Charts.empty(percentiles, why) : note(percentiles, why));
        page.section("summaries side by side", CompareText.format(names, summaries), true);
        page.section("environment differences", differences.strip() + "\n", true);
        return page.render();
    }

    /** The runs without latency, and why, under a chart that shows the others. */
    private static ObjectNode note(ObjectNode chart, String why) {
        if (!why.isEmpty()) chart.put("note", "no latency from " + why);
        return chart;
    }

    private static String headline(List<String> names, List<Summary> summaries) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            parts.add(names.get(i) + ": " + RunHtml.headline(summaries.get(i)));
        }
        return String.join(" | ", parts);
    }
}
