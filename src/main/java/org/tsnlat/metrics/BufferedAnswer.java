package org.tsnlat.metrics;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * An exchange whose answer the handler makes into memory: its status and body are kept, and
 * {@link #send()} writes them to the real exchange afterwards. So the endpoint makes its answers
 * one at a time (the scrape and its encoding) but writes each outside that turn: a client that
 * takes its answer slowly, or never, holds up its own connection only (until the server's
 * response deadline), not the other scrapes.
 */
final class BufferedAnswer extends HttpExchange {
    private final HttpExchange real;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** Where the handler reads and writes: the real request and the body kept, or a filter's streams over them. */
    private InputStream requestStream;
    private OutputStream responseStream = body;
    private int status = -1;
    private long length;

    BufferedAnswer(HttpExchange real) {
        this.real = real;
    }

    /** Writes the status, the headers the handler set and the body kept, and closes the real exchange. */
    void send() throws IOException {
        try {
            if (status < 0) return; // nothing answered: the close below ends the exchange
            responseStream.flush(); // a filter's stream over the body may hold bytes back
            byte[] bytes = body.toByteArray();
            // no body when the handler said so (-1, as for HEAD) or wrote none; else exactly what it wrote
            boolean none = length == -1 || bytes.length == 0;
            real.sendResponseHeaders(status, none ? -1 : bytes.length);
            if (!none) real.getResponseBody().write(bytes);
        } finally {
            real.close();
        }
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
        status = rCode;
        length = responseLength;
    }

    @Override
    public OutputStream getResponseBody() {
        return responseStream;
    }

    @Override
    public void close() {
        // the real exchange is closed by send()
    }

    @Override
    public Headers getRequestHeaders() {
        return real.getRequestHeaders();
    }

    @Override
    public Headers getResponseHeaders() {
        return real.getResponseHeaders();
    }

    @Override
    public URI getRequestURI() {
        return real.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
        return real.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return real.getHttpContext();
    }

    @Override
    public InputStream getRequestBody() {
        return requestStream != null ? requestStream : real.getRequestBody();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return real.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return real.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return real.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return real.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        real.setAttribute(name, value);
    }

    /** As a filter uses it: streams wrapping {@link #getRequestBody()} and {@link #getResponseBody()} (null: unchanged). */
    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) requestStream = i;
        if (o != null) responseStream = o;
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return real.getPrincipal();
    }
}
