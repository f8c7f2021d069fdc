package org.tsnlat.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tsnlat.export.CsvExport;
import org.tsnlat.export.CyclictestHistogram;
import org.tsnlat.export.HlogExport;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.Summary;
import org.tsnlat.report.SummaryText;
import org.tsnlat.report.TrustThresholds;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunDirectoryException;
import org.tsnlat.stats.MetricStats;

/** `report --format`: the summary or an export of the run, written to a stream. */
final class Exports {
    private Exports() {}

    static Summary write(String format, RunDirectory dir, TrustThresholds t, PrintStream out, int histogramMaxUs)
            throws RunDirectoryException, java.io.IOException {
        switch (format) {
            case "csv" -> {
                Writer w = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                Summary s = RunReport.analyse(dir, t, new CsvExport(w)).summary();
                w.flush();
                return s;
            }
            case "hdr" -> {
                HlogExport h = new HlogExport(out, t.intervalNs(), "tsnlat " + dir.path().getFileName()
                        + ": tags latency (one-way, trusted intervals) and delta (inter-arrival), ns, after the warm-up");
                Summary s = RunReport.analyse(dir, t, h).summary();
                h.close();
                return s;
            }
            case "html" -> {
                org.tsnlat.report.html.RunHtml.Result r = org.tsnlat.report.html.RunHtml.of(dir, t);
                out.print(r.html());
                return r.analysis().summary();
            }
            case "histogram" -> {
                RunReport.Analysis a = RunReport.analyse(dir, t);
                List<String> names = new ArrayList<>();
                List<MetricStats> metrics = new ArrayList<>();
                if (a.rx() != null) {
                    names.addAll(List.of("latency", "rx-stack"));
                    metrics.add(a.rx().metricStats("latency"));
                    metrics.add(a.rx().metricStats("rx-stack"));
                }
                if (a.tx() != null) {
                    names.addAll(List.of("wake", "tx-stack"));
                    metrics.add(a.tx().metricStats("wake"));
                    metrics.add(a.tx().metricStats("tx-stack"));
                }
                out.print(CyclictestHistogram.format(names, metrics, histogramMaxUs));
                return a.summary();
            }
            default -> {
                Summary s = RunReport.analyse(dir, t).summary();
                out.print(format.equals("json") ? RunDirectory.toJson(s) : SummaryText.format(s));
                return s;
            }
        }
    }
}
