package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/**
 * The page stays small however long the run: it is downsampled to a bounded number of columns,
 * and the extremes survive the downsampling.
 */
class HtmlReportSizeTest {
    /** A day at 1 kHz must stay under this; 2 million probes must be far under it. */
    private static final long DAY_BOUND_BYTES = 10_000_000;

    @TempDir Path tmp;

    @Test
    void twoMillionProbesGiveASmallPageWithTheExtremes() throws Exception {
        Path small = tmp.resolve("small");
        Path big = tmp.resolve("big");
        SyntheticRun.write(small, 200_000, 3);
        SyntheticRun.write(big, 2_000_000, 3);
        long smallBytes = htmlBytes(small);
        long bigBytes = htmlBytes(big);
        // ten times the probes, yet the page grows far less than ten times: bounded columns
        assertThat(bigBytes).isLessThan(DAY_BOUND_BYTES * 2_000_000 / 86_400_000 * 4).isLessThan(3 * smallBytes);
        assertThat(bigBytes).isLessThan(DAY_BOUND_BYTES);
        JsonNode data = embeddedData(Files.readString(big.resolve("report.html")));
        JsonNode report = RunDirectory.json().readTree(Files.readString(big.resolve("report.json")));
        JsonNode all = report.at("/metrics/latency-all"); // every probe after the warm-up: the run has an untrusted stretch
        assertThat(all.isMissingNode()).isFalse();
        JsonNode overTime = data.at("/charts/0");
        assertThat(overTime.path("title").asText()).startsWith("one-way latency per");
        assertThat(overTime.path("x").size()).isLessThanOrEqualTo(2001);
        assertThat(max(overTime.at("/series/3/values"))).as("largest latency on the chart").isEqualTo(us(all.path("maxNs").asLong()));
        assertThat(min(overTime.at("/series/0/values"))).as("least latency on the chart").isLessThanOrEqualTo(us(all.path("minNs").asLong()));
        JsonNode percentiles = data.at("/charts/3");
        assertThat(percentiles.path("kind").asText()).isEqualTo("pct");
        assertThat(max(percentiles.at("/series/0/values"))).isEqualTo(us(report.at("/metrics/latency/maxNs").asLong()));
        assertThat(overTime.path("shades").toString()).contains("untrusted");
    }

    static JsonNode embeddedData(String html) throws Exception {
        int from = html.indexOf("const DATA = ") + "const DATA = ".length();
        int to = html.indexOf(";\n", from);
        return RunDirectory.json().readTree(html.substring(from, to));
    }

    private static double max(JsonNode values) {
        double m = Double.NEGATIVE_INFINITY;
        for (JsonNode v : values) if (!v.isNull()) m = Math.max(m, v.asDouble());
        return m;
    }

    private static double min(JsonNode values) {
        double m = Double.POSITIVE_INFINITY;
        for (JsonNode v : values) if (!v.isNull()) m = Math.min(m, v.asDouble());
        return m;
    }

    private long htmlBytes(Path dir) throws Exception {
        Cli json = Cli.run("report", dir.toString(), "--format", "json", "-o", dir.resolve("report.json").toString());
        assertThat(json.exitCode()).as(json.err()).isIn(ExitCodes.OK, ExitCodes.UNTRUSTED);
        Cli c = Cli.run("report", dir.toString(), "--format", "html", "-o", dir.resolve("report.html").toString());
        assertThat(c.exitCode()).as(c.err()).isIn(ExitCodes.OK, ExitCodes.UNTRUSTED);
        return Files.size(dir.resolve("report.html"));
    }

    /** How the page writes a value: microseconds, exact to the nanosecond. */
    private static double us(long ns) {
        return ns / 1000.0;
    }
}
