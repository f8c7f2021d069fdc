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
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;
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
        allocateNothingWhileScraped(true);
    }

    /**
     * With launch times (--txtime) the launch error is fed too, and the allocation is still 0; the
     * final scrape (tsnlat_ended 1, waited for by the linger) has report.json's launch count and drops.
     * Scraped in the text format only, so that the scrape the linger waits for is one read here.
     */
    @Test
    @Needs(Need.ROOT) // SO_TXTIME on CLOCK_TAI needs CAP_NET_ADMIN
    void withLaunchTimesTheMeasuringThreadsStillAllocateNothingAndTheFinalScrapeAgreesWithTheReport() throws Exception {
        Scraped s = allocateNothingWhileScraped(false, "--txtime", "200us", "--metrics-linger", "5s");
        String finalScrape = s.lastText.get();
        assertThat(finalScrape).as(s.text).contains("tsnlat_ended 1.0");
        assertThat(s.text).doesNotContain("no scrape saw the final figures");
        assertThat(value(finalScrape, "tsnlat_launch_seconds_count")).isEqualTo(s.report.at("/metrics/launch/count").asLong())
                .isPositive();
        assertThat(value(finalScrape, "tsnlat_launch_time_drops_total", "reason=\"missed\""))
                .isEqualTo(s.report.at("/sender/launchTimeDrops/missed").asLong());
        assertThat(value(finalScrape, "tsnlat_launch_time_drops_total", "reason=\"invalid\""))
                .isEqualTo(s.report.at("/sender/launchTimeDrops/invalid").asLong());
    }

    /** The value of the one series of {@code name} whose labels contain {@code label} (a scrape in the text format). */
    private static long value(String scrape, String name, String... label) {
        List<String> found = scrape.lines().filter(l -> l.startsWith(name + "{"))
                .filter(l -> label.length == 0 || l.contains(label[0])).toList();
        assertThat(found).as(name + " in " + scrape).hasSize(1);
        return (long) Double.parseDouble(found.get(0).substring(found.get(0).lastIndexOf(' ') + 1));
    }

    /** The run's output, its report.json and the last scrape answered in the text format. */
    private record Scraped(String text, JsonNode report, AtomicReference<String> lastText) {}

    /** A run scraped every 50 ms, in the text format and (with {@code protobuf}) in protobuf in turn. */
    private Scraped allocateNothingWhileScraped(boolean protobuf, String... extra) throws Exception {
        List<String> notCompiled = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path out = tmp.resolve("out-" + attempt + ".txt");
            int port = PrometheusServer.freePort();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger protobufAnswers = new AtomicInteger();
            AtomicReference<String> lastText = new AtomicReference<>("");
            List<String> args = new ArrayList<>(List.of("run", "-d", "8s", "--metrics", "127.0.0.1:" + port, "--no-live",
                    "--runs-dir", tmp.resolve("runs").toString()));
            args.addAll(List.of(extra));
            Process p = Cli.startInChildJvm(out, args.toArray(String[]::new));
            Thread scraper = Thread.ofPlatform().daemon(true).start(() -> scrape(port, p, protobuf, answered, protobufAnswers, lastText));
            assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            scraper.join(5_000);
            String text = Files.readString(out);
            assertThat(p.exitValue()).as(text).isZero();
            assertThat(answered.get()).as("scrapes answered").isGreaterThanOrEqualTo(60);
            if (protobuf) assertThat(protobufAnswers.get()).as("protobuf answers").isGreaterThanOrEqualTo(30);
            Matcher m = RUN_DIR.matcher(text);
            assertThat(m.find()).as(text).isTrue();
            JsonNode report = RunDirectory.json().readTree(Path.of(m.group(1)).resolve("report.json").toFile());
            JsonNode jvm = report.path("jvm");
            String warmupFailed = text.lines().filter(l -> l.contains("JIT warm-up:")).findFirst().orElse(null);
            if (warmupFailed != null) {
                notCompiled.add(warmupFailed + " " + jvm);
                continue;
            }
            assertThat(jvm.at("/allocatedBytesAfterWarmup/tsnlat-rx").asLong(-1)).as(jvm.toString()).isZero();
            assertThat(jvm.at("/allocatedBytesAfterWarmup/tsnlat-tx").asLong(-1)).as(jvm.toString()).isZero();
            return new Scraped(text, report, lastText);
        }
        throw new AssertionError("the loops were not compiled within the warm-up in 3 runs: " + notCompiled);
    }

    /** Scrapes every 50 ms while {@code p} runs, text and (with {@code withProtobuf}) protobuf in turn. */
    private static void scrape(int port, Process p, boolean withProtobuf, AtomicInteger answered, AtomicInteger protobuf,
                               AtomicReference<String> lastText) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        for (int i = 0; p.isAlive(); i++) {
            try {
                var b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
                boolean proto = withProtobuf && i % 2 == 1;
                if (proto) {
                    b.header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                            + "encoding=delimited");
                }
                var r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    answered.incrementAndGet();
                    if (!proto) lastText.set(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
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
