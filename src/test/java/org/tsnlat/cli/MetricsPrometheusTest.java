package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;
import org.tsnlat.testing.PrometheusServer;

/**
 * Issue 17's live metrics, scraped by two real Prometheus servers (Debian's) on loopback during one
 * 30 s run: one that reads the text format and classic buckets, one with native histograms (it asks
 * for protobuf). Each one's final sample of the run agrees with report.json: the received count
 * exactly, the latency median and p99 within a bucket (classic: 2^(1/4); native: schema 5, or 4
 * when the client halved it to stay within 160 buckets, so 2^(1/16)).
 */
@Needs(Need.PROMETHEUS)
class MetricsPrometheusTest {
    /** One classic bucket: 2^(1/4) (MetricsOptions' classic bounds). */
    private static final double CLASSIC = Math.pow(2, 1 / 4.0);
    private static final double NATIVE = Math.pow(2, 1 / 16.0);

    @TempDir static Path tmp;
    static Cli run;
    static JsonNode report;
    static String runId;
    static PrometheusServer classic;
    static PrometheusServer nativeScraper;

    @BeforeAll
    static void scrapeA30sRun() throws Exception {
        int metricsPort = PrometheusServer.freePort();
        String target = "127.0.0.1:" + metricsPort;
        classic = PrometheusServer.start(tmp.resolve("prom-classic"), false, target);
        nativeScraper = PrometheusServer.start(tmp.resolve("prom-native"), true, target);
        run = Cli.run("run", "-d", "30s", "--metrics", target, "--metrics-linger", "10s",
                "--metrics-label", "variant=loopback", "--no-live", "--runs-dir", tmp.resolve("runs").toString());
        Path dir;
        try (var s = Files.list(tmp.resolve("runs"))) {
            dir = s.filter(Files::isDirectory).findFirst().orElseThrow(() -> new AssertionError(run.out() + run.err()));
        }
        runId = dir.getFileName().toString();
        report = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
    }

    @org.junit.jupiter.api.AfterAll
    static void stopScrapers() throws Exception {
        if (classic != null) classic.close();
        if (nativeScraper != null) nativeScraper.close();
    }

    @Test
    void theRunRanAndSaidWhereItsMetricsWere() {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("metrics for Prometheus at http://127.0.0.1:")
                .doesNotContain("no scrape saw the final figures");
    }

    @Test
    void classicBucketsAgreeWithTheReport() throws Exception {
        double end = finalScrape(classic);
        assertThat(scalar(classic, "tsnlat_probes_received_total{run=\"" + runId + "\",variant=\"loopback\"}", end))
                .isEqualTo(report.at("/packets/received").asDouble());
        assertThat(scalar(classic, "tsnlat_probes_sent_total{run=\"" + runId + "\"}", end))
                .isEqualTo(report.at("/sender/sent").asDouble());
        for (String p : new String[] {"0.5", "0.99"}) {
            double got = scalar(classic, "histogram_quantile(" + p + ", tsnlat_latency_seconds_bucket{run=\"" + runId
                    + "\"})", end);
            assertWithin(got, "p" + (p.equals("0.5") ? "50" : "99"), CLASSIC);
        }
        assertThat(scalar(classic, "tsnlat_latency_seconds_count{run=\"" + runId + "\"}", end))
                .isEqualTo(report.at("/metrics/latency/count").asDouble());
    }

    @Test
    void nativeHistogramsAgreeWithTheReport() throws Exception {
        double end = finalScrape(nativeScraper);
        assertThat(scalar(nativeScraper, "tsnlat_probes_received_total{run=\"" + runId + "\"}", end))
                .isEqualTo(report.at("/packets/received").asDouble());
        assertThat(nativeScraper.query("tsnlat_latency_seconds_bucket{run=\"" + runId + "\"}", end))
                .as("native only: no classic series when the scraper takes native histograms").isEmpty();
        for (String p : new String[] {"0.5", "0.99"}) {
            double got = scalar(nativeScraper, "histogram_quantile(" + p + ", tsnlat_latency_seconds{run=\"" + runId
                    + "\"})", end);
            assertWithin(got, "p" + (p.equals("0.5") ? "50" : "99"), NATIVE);
        }
    }

    @Test
    void theFiguresWereLiveNotJustAtTheEnd() throws Exception {
        double end = finalScrape(classic);
        // scraped about once a second while the run measured, the count rising from scrape to scrape
        double scrapes = scalar(classic, "count_over_time(tsnlat_ended{job=\"tsnlat\"}[2m])", end);
        assertThat(scrapes).isGreaterThanOrEqualTo(25);
        double rises = scalar(classic, "changes(tsnlat_probes_received_total{run=\"" + runId + "\"}[2m])", end);
        assertThat(rises).isGreaterThanOrEqualTo(20);
        JsonNode trust = classic.query("tsnlat_trust{run=\"" + runId + "\",tsnlat_trust=\"trusted\"}", end);
        assertThat(trust.get(0).at("/value/1").asText()).as("loopback: one clock, trusted").isEqualTo("1");
        String peer = trust.get(0).at("/metric/peer").asText();
        assertThat(peer).as("the port the probes went to, not 0").matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        assertThat(report.path("inForce").toString()).contains("to " + peer);
        double states = scalar(classic, "sum(tsnlat_trust{run=\"" + runId + "\"})", end);
        assertThat(states).as("exactly one state at 1").isEqualTo(1.0);
    }

    @Test
    void everyPanelOfTheGrafanaDashboardFindsItsSeries() throws Exception {
        double end = finalScrape(classic);
        JsonNode dash = RunDirectory.json().readTree(Path.of("docs/grafana-dashboard.json").toFile());
        int queried = 0;
        for (JsonNode panel : dash.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText().replace("$run", runId).replace("$role", ".*")
                        .replace("$__rate_interval", "1m");
                JsonNode r = classic.query(expr, end); // throws on a query Prometheus refuses
                queried++;
                if (expr.contains("tsnlat_ptp_master_offset_seconds")) continue; // no ptp4l on loopback
                assertThat(r).as(panel.path("title").asText() + ": " + expr).isNotEmpty();
                for (JsonNode series : r) { // a number, not NaN: the query finds the figures, not just the names
                    assertThat(Double.parseDouble(series.at("/value/1").asText())).as(expr).isFinite();
                }
            }
        }
        assertThat(queried).isGreaterThanOrEqualTo(15);
    }

    /** The time of the scraper's first sample of the final figures (tsnlat_ended 1). */
    private static double finalScrape(PrometheusServer p) throws Exception {
        JsonNode series = p.query("tsnlat_ended[3m]", Double.NaN);
        assertThat(series).as(p.log()).isNotEmpty();
        for (JsonNode v : series.get(0).path("values")) {
            if (v.get(1).asText().equals("1")) return v.get(0).asDouble();
        }
        throw new AssertionError("no scrape of the final figures: " + series);
    }

    private static double scalar(PrometheusServer p, String promql, double at) throws Exception {
        JsonNode r = p.query(promql, at);
        assertThat(r).as(promql).hasSize(1);
        return Double.parseDouble(r.get(0).at("/value/1").asText());
    }

    private static void assertWithin(double gotS, String percentile, double factor) {
        double reportS = report.at("/metrics/latency/percentilesNs/" + percentile).asDouble() / 1e9;
        assertThat(reportS).as(percentile).isPositive();
        System.out.printf("MetricsPrometheusTest: %s %.3f us from Prometheus, %.3f us in report.json (ratio %.4f, allowed %.4f)%n",
                percentile, gotS * 1e6, reportS * 1e6, gotS / reportS, factor);
        assertThat(gotS).as(percentile + " from Prometheus vs report.json's " + reportS + " s")
                .isBetween(reportS / factor, reportS * factor);
    }
}
