package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.PrometheusServer;

/**
 * The measuring threads allocate nothing after the warm-up with --metrics on, while the endpoint is
 * scraped 20 times a second in both formats (text, and the protobuf a native-histogram scraper asks
 * for): report.json's {@code jvm.allocatedBytesAfterWarmup} (each loop thread's own allocation
 * counter, read at the end of the warm-up and at its loop's end) is 0 for tsnlat-rx and tsnlat-tx.
 * In a JVM of its own, as a user runs it. Whether C2 has compiled the loops by the end of the
 * warm-up depends on the machine's load; a run that says so ("JIT warm-up: the loops still
 * allocated") is tried again, up to three runs.
 */
class MetricsAllocationTest {
    private static final Pattern RUN_DIR = Pattern.compile("run directory (\\S+);");
    @TempDir Path tmp;

    @Test
    void theMeasuringThreadsAllocateNothingWhileScraped() throws Exception {
        List<String> notCompiled = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path out = tmp.resolve("out-" + attempt + ".txt");
            int port = PrometheusServer.freePort();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger protobuf = new AtomicInteger();
            Process p = Cli.startInChildJvm(out, "run", "-d", "8s", "--metrics", "127.0.0.1:" + port, "--no-live",
                    "--runs-dir", tmp.resolve("runs").toString());
            Thread scraper = Thread.ofPlatform().daemon(true).start(() -> scrape(port, p, answered, protobuf));
            assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            scraper.join(5_000);
            String text = Files.readString(out);
            assertThat(p.exitValue()).as(text).isZero();
            assertThat(answered.get()).as("scrapes answered").isGreaterThanOrEqualTo(60);
            assertThat(protobuf.get()).as("protobuf answers").isGreaterThanOrEqualTo(30);
            Matcher m = RUN_DIR.matcher(text);
            assertThat(m.find()).as(text).isTrue();
            JsonNode jvm = RunDirectory.json().readTree(Path.of(m.group(1)).resolve("report.json").toFile()).path("jvm");
            String warmupFailed = text.lines().filter(l -> l.contains("JIT warm-up:")).findFirst().orElse(null);
            if (warmupFailed != null) {
                notCompiled.add(warmupFailed + " " + jvm);
                continue;
            }
            assertThat(jvm.at("/allocatedBytesAfterWarmup/tsnlat-rx").asLong(-1)).as(jvm.toString()).isZero();
            assertThat(jvm.at("/allocatedBytesAfterWarmup/tsnlat-tx").asLong(-1)).as(jvm.toString()).isZero();
            return;
        }
        throw new AssertionError("the loops were not compiled within the warm-up in 3 runs: " + notCompiled);
    }

    /** Scrapes every 50 ms while {@code p} runs, text and protobuf in turn. */
    private static void scrape(int port, Process p, AtomicInteger answered, AtomicInteger protobuf) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        for (int i = 0; p.isAlive(); i++) {
            try {
                var b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
                boolean proto = i % 2 == 1;
                if (proto) {
                    b.header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                            + "encoding=delimited");
                }
                var r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    answered.incrementAndGet();
                    if (proto && r.headers().firstValue("Content-Type").orElse("").contains("protobuf")) {
                        protobuf.incrementAndGet();
                    }
                }
                Thread.sleep(50);
            } catch (java.io.IOException notYet) {
                // not listening yet, or gone
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
