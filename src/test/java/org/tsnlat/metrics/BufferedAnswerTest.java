package org.tsnlat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * An answer made into memory and sent after, over the JDK's real server: the status, headers and
 * body as the handler made them, no body when it wrote none, and a filter's streams (setStreams)
 * wrapping the kept body as they would wrap the real one.
 */
class BufferedAnswerTest {
    private interface Handler {
        void handle(BufferedAnswer a) throws IOException;
    }

    private static HttpResponse<String> answer(Handler h) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            BufferedAnswer a = new BufferedAnswer(exchange);
            h.handle(a);
            a.send();
        });
        server.start();
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theAnswerAsTheHandlerMadeIt() throws Exception {
        HttpResponse<String> r = answer(a -> {
            a.getResponseHeaders().set("Content-Type", "text/plain");
            a.sendResponseHeaders(203, 0);
            a.getResponseBody().write("figures".getBytes(StandardCharsets.UTF_8));
            a.close();
        });
        assertThat(r.statusCode()).isEqualTo(203);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(r.body()).isEqualTo("figures");
    }

    @Test
    void noBodyWhenNoneWasWritten() throws Exception {
        HttpResponse<String> r = answer(a -> a.sendResponseHeaders(404, -1));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void aFiltersStreamsWrapTheKeptBody() throws Exception {
        HttpResponse<String> r = answer(a -> {
            a.setStreams(null, new FilterOutputStream(a.getResponseBody()) {
                @Override
                public void write(int b) throws IOException {
                    out.write(Character.toUpperCase(b));
                }
            });
            a.sendResponseHeaders(200, 0);
            OutputStream body = a.getResponseBody();
            for (byte b : "shouted".getBytes(StandardCharsets.US_ASCII)) body.write(b);
        });
        assertThat(r.body()).isEqualTo("SHOUTED");
    }
}
