package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.Summary;
import org.tsnlat.report.SummaryText;
import org.tsnlat.report.html.Chromium;
import org.tsnlat.report.html.RunHtml;
import org.tsnlat.rundir.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild a run's summary from its directory alone (meta.json and the record files).",
                "With other --max-* limits it judges the clocks again (docs/trust.md); exit code 6 says "
                        + "some intervals were untrusted.",
                "Gives the same figures as the live run. Works on a run that was killed: every whole record "
                        + "is used and the summary says the run ended abruptly."},
        usageHelpAutoWidth = true)
final class ReportCommand implements Callable<Integer> {
    /** The PNG's size in CSS pixels: the page's charts, without the text sections below them. */
    static final int PNG_WIDTH = 1400;
    static final int PNG_HEIGHT = 2000;


    enum Format { text, json, csv, hdr, histogram, html, png }

    @Parameters(index = "0", paramLabel = "DIR", description = "A run directory (runs/...).")
    Path dir;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = {"text (as report.txt), json (as report.json), csv (one row per received packet with every "
                    + "timestamp and derived metric), hdr (HdrHistogram interval log, .hlog) or histogram "
                    + "(cyclictest -h layout), html (as report.html: charts in one self-contained page, docs/html-report.md) "
                    + "or png (the page's main charts as an image, rendered by headless Chromium; needs -o FILE). "
                    + "Default: ${DEFAULT-VALUE}. docs/exports.md describes each."})
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--histogram-max", paramLabel = "USEC", converter = Ranges.HistogramBuckets.class,
            description = "With --format histogram: number of 1 us buckets; larger values count as overflows (default: 1000).")
    Integer histogramMaxUs;

    @picocli.CommandLine.Mixin TrustOptions trust;
    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        OptionRules.needs(histogramMaxUs != null, "--histogram-max", format == Format.histogram, "--format histogram");
        int histogramMaxUs = this.histogramMaxUs == null ? 1000 : this.histogramMaxUs;
        RunDirectory run = RunDirectory.open(dir);
        if (format == Format.png) {
            return png(run);
        }
        if (output == null) {
            Summary s = Exports.write(format.name(), run, trust.thresholds(), root.out, histogramMaxUs);
            Output.check(root.out, "standard output");
            return outcome(s);
        }
        try (Output file = Output.file(output)) {
            Summary s = Exports.write(format.name(), run, trust.thresholds(), file.stream(), histogramMaxUs);
            file.finish();
            return outcome(s);
        }
    }

    /** The exit code of the figures just written; what is damaged is also said on standard error, a line each. */
    private int outcome(Summary s) {
        for (String d : s.damage()) {
            root.err.println("tsnlat report: damaged: " + d);
        }
        return MeasurementRunner.exitCode(s);
    }

    /** Renders the HTML report in headless Chromium into the -o file. */
    private int png(RunDirectory run) throws Exception {
        if (output == null) {
            throw new UsageException("--format png writes an image: give its file with -o FILE");
        }
        Chromium chromium = Chromium.find()
                .orElseThrow(() -> new UsageException("--format png " + Chromium.MISSING));
        RunHtml.Result r = RunHtml.of(run, trust.thresholds());
        Path page = Files.createTempFile("tsnlat-report-", ".html");
        try {
            Files.writeString(page, r.html(), StandardCharsets.UTF_8);
            chromium.screenshot(page, output, PNG_WIDTH, PNG_HEIGHT);
        } finally {
            Files.deleteIfExists(page);
        }
        return outcome(r.analysis().summary());
    }
}
