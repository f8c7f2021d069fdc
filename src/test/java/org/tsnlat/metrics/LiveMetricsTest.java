package org.tsnlat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metrics as a scraper reads them from a real endpoint on loopback: names, labels and values
 * as docs/metrics.md lists them; counters that only go up by what the counts grew, lost a gauge
 * that a late probe lowers; the trust a state set; the final scrape waited for, within the linger.
 */
class LiveMetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String scrape(MetricsEndpoint e) throws Exception {
        var a = e.address();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static MetricsEndpoint open(long lingerNs) throws Exception {
        return MetricsEndpoint.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), lingerNs);
    }

    @Test
    void aScraperSeesTheFiguresWithTheirLabels() throws Exception {
        try (MetricsEndpoint e = open(0)) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("run", "20261203-1-run");
            labels.put("role", "recv");
            labels.put("variant", "macvtap");
            LiveMetrics m = e.feed(labels);
            m.latency(25_000);
            m.latency(35_000);
            m.delta(1_000_000);
            m.receiver(100, 1, 2, 0, 5, 105, Map.of("foreign", 3L));
            m.receiver(150, 1, 2, 1, 3, 153, Map.of("foreign", 3L, "replayed", 2L));
            Map<String, Long> ptp = new HashMap<>();
            ptp.put("tx", 1_500L);
            ptp.put("rx", null);
            m.clocks("untrusted (3 negative latencies)", -19L, ptp);
            String text = scrape(e);
            String l = "{role=\"recv\",run=\"20261203-1-run\",variant=\"macvtap\"}";
            assertThat(text).contains("tsnlat_probes_received_total" + l + " 150.0")
                    .contains("tsnlat_probes_duplicated_total" + l + " 1.0")
                    .contains("tsnlat_probes_reordered_total" + l + " 2.0")
                    .contains("tsnlat_negative_latencies_total" + l + " 1.0")
                    .contains("tsnlat_probes_lost" + l + " 3.0") // down from 5: a gauge
                    .contains("tsnlat_probes_expected" + l + " 153.0")
                    .contains("tsnlat_datagrams_rejected_total{reason=\"foreign\",role=\"recv\",run=\"20261203-1-run\",variant=\"macvtap\"} 3.0")
                    .contains("tsnlat_datagrams_rejected_total{reason=\"replayed\",role=\"recv\",run=\"20261203-1-run\",variant=\"macvtap\"} 2.0")
                    .contains("tsnlat_latency_seconds_count" + l + " 2")
                    .contains("tsnlat_latency_seconds_bucket{role=\"recv\",run=\"20261203-1-run\",variant=\"macvtap\",le=\"2.6908685288118865E-5\"} 1")
                    .contains("tsnlat_delta_seconds_count" + l + " 1")
                    .contains("tsnlat_trust{role=\"recv\",run=\"20261203-1-run\",tsnlat_trust=\"untrusted\",variant=\"macvtap\"} 1.0")
                    .contains("tsnlat_trust{role=\"recv\",run=\"20261203-1-run\",tsnlat_trust=\"trusted\",variant=\"macvtap\"} 0.0")
                    .contains("tsnlat_two_way_offset_seconds" + l + " -1.9E-8")
                    .contains("tsnlat_ptp_master_offset_seconds{role=\"recv\",run=\"20261203-1-run\",side=\"tx\",variant=\"macvtap\"} 1.5E-6")
                    .contains("tsnlat_ptp_master_offset_seconds{role=\"recv\",run=\"20261203-1-run\",side=\"rx\",variant=\"macvtap\"} NaN")
                    .contains("tsnlat_ended 0.0");
            m.receiver(140, 1, 2, 1, 3, 153, Map.of());
            assertThat(scrape(e)).as("a count read lower never lowers a counter")
                    .contains("tsnlat_probes_received_total" + l + " 150.0");
        }
    }

    @Test
    void withLaunchTimesTheLaunchErrorIsAHistogramThatKeepsItsSignAndTheDropsACounterByReason() throws Exception {
        try (MetricsEndpoint e = open(0)) {
            LiveMetrics m = e.feed(Map.of("run", "r1", "role", "send"));
            assertThat(scrape(e)).as("without --txtime: no launch series").doesNotContain("tsnlat_launch");
            m.launchTime();
            m.launchTimeDrops(Map.of("missed", 0L, "invalid", 0L));
            String l = "{role=\"send\",run=\"r1\"";
            assertThat(scrape(e)).contains("tsnlat_launch_seconds_count" + l + "} 0")
                    .contains("tsnlat_launch_time_drops_total{reason=\"missed\",role=\"send\",run=\"r1\"} 0.0")
                    .contains("tsnlat_launch_time_drops_total{reason=\"invalid\",role=\"send\",run=\"r1\"} 0.0");
            m.launch(-190_000); // sent 190 us before the launch time asked for
            m.launch(-180_000);
            m.launch(3_000);
            m.launchTimeDrops(Map.of("missed", 4L, "invalid", 0L));
            m.launchTimeDrops(Map.of("missed", 3L, "invalid", 1L)); // read lower: never lowers the counter
            String text = scrape(e);
            assertThat(text).contains("tsnlat_launch_seconds_count" + l + "} 3")
                    .contains("tsnlat_launch_seconds_sum" + l + "} -3.67E-4")
                    // the two negative ones below -128 us, none below -256 us: the sign is kept in the buckets
                    .contains("tsnlat_launch_seconds_bucket" + l + ",le=\"-2.56E-4\"} 0")
                    .contains("tsnlat_launch_seconds_bucket" + l + ",le=\"-1.28E-4\"} 2")
                    .contains("tsnlat_launch_seconds_bucket" + l + ",le=\"1.0E-6\"} 2")
                    .contains("tsnlat_launch_seconds_bucket" + l + ",le=\"+Inf\"} 3")
                    .contains("tsnlat_launch_time_drops_total{reason=\"missed\",role=\"send\",run=\"r1\"} 4.0")
                    .contains("tsnlat_launch_time_drops_total{reason=\"invalid\",role=\"send\",run=\"r1\"} 1.0");
        }
    }

    @Test
    void theLaunchBucketsMirrorTheClassicOnesBelowZero() {
        int n = LiveMetrics.CLASSIC_BOUNDS_S.length;
        assertThat(LiveMetrics.LAUNCH_BOUNDS_S).hasSize(2 * n);
        for (int k = 0; k < n; k++) {
            assertThat(LiveMetrics.LAUNCH_BOUNDS_S[n + k]).isEqualTo(LiveMetrics.CLASSIC_BOUNDS_S[k]);
            assertThat(LiveMetrics.LAUNCH_BOUNDS_S[n - 1 - k]).isEqualTo(-LiveMetrics.CLASSIC_BOUNDS_S[k]);
        }
    }

    @Test
    void theLiveVerdictsMapToStates() {
        assertThat(LiveMetrics.stateOf("trusted")).isEqualTo("trusted");
        assertThat(LiveMetrics.stateOf("suspect (two-way offset -30.000 us)")).isEqualTo("suspect");
        assertThat(LiveMetrics.stateOf("untrusted (rx ptp4l not answering)")).isEqualTo("untrusted");
        assertThat(LiveMetrics.stateOf("?")).isEqualTo("unknown");
    }

    @Test
    void theClassicBucketsAreAQuarterOctaveFromAMicrosecond() {
        assertThat(LiveMetrics.CLASSIC_BOUNDS_S[0]).isEqualTo(1e-6);
        for (int k = 1; k < LiveMetrics.CLASSIC_BOUNDS_S.length; k++) {
            assertThat(LiveMetrics.CLASSIC_BOUNDS_S[k] / LiveMetrics.CLASSIC_BOUNDS_S[k - 1])
                    .isCloseTo(Math.pow(2, 0.25), org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(LiveMetrics.CLASSIC_BOUNDS_S[LiveMetrics.CLASSIC_BOUNDS_S.length - 1]).isGreaterThan(4.0);
    }

    @Test
    void closingWaitsForAScrapeOfTheFinalFiguresButNoLongerThanTheLinger() throws Exception {
        MetricsEndpoint waited = open(5_000_000_000L);
        waited.feed(Map.of("run", "a", "role", "run"));
        waited.ended();
        Thread scraper = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
                assertThat(scrape(waited)).contains("tsnlat_ended 1.0");
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        });
        long t0 = System.nanoTime();
        waited.close();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        scraper.join();
        assertThat(waited.finalScraped()).isTrue();
        assertThat(tookMs).as("ended by the scrape, not the 5 s linger").isLessThan(4_000);

        MetricsEndpoint unscraped = open(300_000_000L);
        unscraped.ended();
        unscraped.close();
        assertThat(unscraped.finalScraped()).isFalse();
    }

    /**
     * Clients that connect and send half a request (slow-loris), twenty at once: each holds a
     * thread of its own, not the one a scrape needs. The scrape is answered while they are all
     * still open (the server has closed none of them: with one thread it answered only once the
     * request timeout had closed them), and closing the endpoint does not wait for them.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void halfRequestsHoldNoScrapeUp() throws Exception {
        MetricsEndpoint e = open(0);
        e.feed(Map.of("run", "a", "role", "recv")).receiver(7, 0, 0, 0, 0, 7, Map.of());
        java.util.List<java.net.Socket> halves = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                var s = new java.net.Socket(InetAddress.getLoopbackAddress(), e.address().getPort());
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                halves.add(s);
            }
            assertThat(scrape(e)).contains("tsnlat_probes_received_total{role=\"recv\",run=\"a\"} 7.0");
            for (var s : halves) {
                s.setSoTimeout(100);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.getInputStream().read())
                        .as("still open, not answered nor closed").isInstanceOf(java.net.SocketTimeoutException.class);
            }
        } finally {
            e.close();
            for (var s : halves) s.close();
        }
    }

    /**
     * A client that sends a whole request and never reads its answer: the answer (some MB, more than
     * loopback's buffers take) blocks on its way out, on that connection's thread alone; another
     * scrape is answered meanwhile. (The answer was written while the endpoint's one-at-a-time turn
     * was held: every other scrape waited for the server's 10 s response deadline.)
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aClientThatNeverReadsItsAnswerHoldsNoScrapeUp() throws Exception {
        MetricsEndpoint e = open(0);
        e.feed(Map.of("run", "a", "role", "recv")).receiver(7, 0, 0, 0, 0, 7, Map.of());
        var many = io.prometheus.metrics.core.metrics.Gauge.builder().name("test_padding")
                .help("series enough for an answer of some MB").labelNames("n").register(e.registry());
        for (int i = 0; i < 60_000; i++) many.labelValues("series-number-" + i + "-of-an-answer-too-big-for-any-buffer").set(i);
        try (var stuck = new java.net.Socket()) {
            stuck.setReceiveBufferSize(1024); // before the connection: a small window, never opened wider
            stuck.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), e.address().getPort()));
            stuck.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            stuck.getOutputStream().flush();
            Thread.sleep(1_000); // its answer made and stuck on the way out
            long t0 = System.nanoTime();
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.address().getPort() + "/metrics"))
                    .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).contains("tsnlat_probes_received_total{role=\"recv\",run=\"a\"} 7.0")
                    .contains("series-number-59999-");
            System.out.printf("LiveMetricsTest: an answer of %d bytes while another is stuck, in %d ms%n",
                    answer.body().length(), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            e.close();
        }
    }

    @Test
    void stopWaitingEndsTheLingerAtOnce() throws Exception {
        MetricsEndpoint e = open(600_000_000_000L); // ten minutes: the test would time out
        e.feed(Map.of("run", "a", "role", "run"));
        e.ended();
        Thread closing = Thread.ofPlatform().start(() -> {
            try {
                e.close(); // lingers, nobody scrapes
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(300);
        assertThat(closing.isAlive()).as("lingering").isTrue();
        e.stopWaiting(); // from another thread, while close() waits: it must wake it
        closing.join(10_000);
        assertThat(closing.isAlive()).as("the linger ended when told").isFalse();
        assertThat(e.stoppedWaiting()).isTrue();
        assertThat(e.finalScraped()).isFalse();
    }

    @Test
    void anAddressInUseIsRefusedWhenOpened() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricsEndpoint.open(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()), 0))
                    .isInstanceOf(java.net.BindException.class);
        }
    }
}
