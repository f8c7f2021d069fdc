package org.tsnlat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus server (Debian's {@code prometheus}) for a test: on loopback, on a free port,
 * with a configuration and a storage of its own in {@code dir}, scraping the given targets every
 * second; asked through its HTTP API; stopped by its handle (this process's child only).
 */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts one scraping {@code targets} ("127.0.0.1:9464") every second and waits until it is ready.
     *
     * @param nativeHistograms whether to enable native histograms (it then asks for protobuf)
     */
    public static PrometheusServer start(Path dir, boolean nativeHistograms, String... targets) throws Exception {
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: tsnlat
                    static_configs:
                      - targets: [%s]
                """.formatted(String.join(", ", java.util.Arrays.stream(targets).map(t -> "'" + t + "'").toList())));
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        List<String> cmd = new ArrayList<>(List.of("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
        if (nativeHistograms) cmd.add("--enable-feature=native-histograms");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer s = new PrometheusServer(p, port, log);
        long until = System.nanoTime() + 30_000_000_000L;
        while (true) {
            if (!p.isAlive()) throw new IllegalStateException("prometheus ended: " + Files.readString(log));
            try {
                var r = s.http.send(HttpRequest.newBuilder(URI.create(s.base() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return s;
            } catch (IOException notYet) {
                // starting
            }
            if (System.nanoTime() > until) {
                s.close();
                throw new IllegalStateException("prometheus not ready within 30 s: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    /** A free TCP port on loopback now (another process may take it before it is used). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** An instant query at {@code timeS} (seconds since the epoch; NaN: now): the {@code data.result} array. */
    public JsonNode query(String promql, double timeS) throws Exception {
        String url = base() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + (Double.isNaN(timeS) ? "" : "&time=" + timeS);
        var r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException(promql + ": " + r.body());
        }
        return body.path("data").path("result");
    }

    /** The server's log so far, for a failing test's message. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
