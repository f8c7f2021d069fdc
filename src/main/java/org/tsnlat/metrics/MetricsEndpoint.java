package org.tsnlat.metrics;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus endpoint of one tsnlat process: {@code http://ADDRESS:PORT/metrics} in the text
 * and protobuf exposition formats (the scraper picks; protobuf carries native histograms), served
 * by the official client's handler, bound to the one address given and nothing else, with a
 * registry of its own (no JVM metrics, nothing registered by others). Opened before the first
 * probe, so an address in use fails the run before it starts; closed at the end, after waiting (up
 * to the linger) for one scrape answered with the final figures, so a scraper that polls every 15 s
 * still gets the end of a run.
 *
 * <p>Each connection's request is read on a thread of its own (named {@code tsnlat-metrics}, as
 * many as connections are open at once): the JDK's server reads a request on the thread that
 * answers it, so with one thread a client that sent half a request held every other scrape up for
 * as long as it liked. The answers are made one at a time, into memory, and written outside that
 * turn ({@link BufferedAnswer}): a client that never reads its answer holds up no other. A request
 * not read within {@value #MAX_REQUEST_S} s or an answer not taken within {@value #MAX_RESPONSE_S} s
 * has its connection closed, an idle kept-alive connection is closed after {@value #IDLE_S} s, and a
 * connection past {@value #MAX_CONNECTIONS} open at once is closed when accepted (the JDK server's
 * own limits, set for the process before its first server unless given with -D).
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** How long closing waits for an answer being written. */
    private static final int STOP_DELAY_S = 1;
    /** The longest a request may take to arrive (the JDK server's sun.net.httpserver.maxReqTime). */
    static final int MAX_REQUEST_S = 10;
    /** The longest an answer may take to be taken (sun.net.httpserver.maxRspTime). */
    static final int MAX_RESPONSE_S = 10;
    /** How long a kept-alive connection may idle before it is closed (sun.net.httpserver.idleInterval; 30 by default). */
    static final int IDLE_S = 10;
    /** Connections open at once, beyond which one is closed as it is accepted (jdk.httpserver.maxConnections). */
    static final int MAX_CONNECTIONS = 64;
    /** How long a thread beyond the first waits idle for another connection before it ends. */
    private static final long IDLE_THREAD_S = 10;

    static {
        // read once, when the JDK's server is first used: this class is the process's only user of it
        limit("sun.net.httpserver.maxReqTime", MAX_REQUEST_S);
        limit("sun.net.httpserver.maxRspTime", MAX_RESPONSE_S);
        limit("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
        limit("sun.net.httpserver.idleInterval", IDLE_S); // idle kept-alive connections count against the limit
    }

    private static void limit(String property, int value) {
        if (System.getProperty(property) == null) System.setProperty(property, Integer.toString(value));
    }
    private final PrometheusRegistry registry;
    private final HttpServer server;
    private final ExecutorService thread;
    private final InetSocketAddress at;
    private final long lingerNs;
    /** {@code tsnlat_ended}: made with a measurement's figures ({@link #feed}); an agent has none. */
    private volatile Gauge endedGauge;
    /** Set once the final figures are in; an answer written after that sets {@link #scrapedFinal}. */
    private volatile boolean ended;
    private volatile boolean scrapedFinal;
    /** Set by {@link #stopWaiting()}: the linger ends at once. */
    private volatile boolean stoppedWaiting;
    private final Object scraped = new Object();

    private MetricsEndpoint(PrometheusRegistry registry, HttpServer server, ExecutorService thread, long lingerNs) {
        this.registry = registry;
        this.server = server;
        this.thread = thread;
        this.at = server.getAddress();
        this.lingerNs = lingerNs;
    }

    /**
     * Binds {@code at} and starts serving.
     *
     * @param lingerNs at the end, how long to wait for a scrape of the final figures (0: none)
     * @throws IOException the address cannot be bound (in use, not this host's)
     */
    public static MetricsEndpoint open(InetSocketAddress at, long lingerNs) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        HttpServer server = HttpServer.create(at, 8);
        // a platform thread per connection open at once, up to the limit (one while a scraper scrapes alone), ended
        // after a while idle; not virtual threads: each blocked read of one copied its stack to the heap, and a
        // scraper hammering the endpoint then made hundreds of collections a second that stopped the measuring threads
        java.util.concurrent.ThreadPoolExecutor thread = new java.util.concurrent.ThreadPoolExecutor(1, MAX_CONNECTIONS,
                IDLE_THREAD_S, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
                Thread.ofPlatform().name("tsnlat-metrics").daemon(true).factory());
        thread.allowCoreThreadTimeOut(true);
        server.setExecutor(thread);
        MetricsEndpoint e = new MetricsEndpoint(registry, server, thread, lingerNs);
        MetricsHandler handler = new MetricsHandler(registry);
        java.util.concurrent.locks.ReentrantLock oneAtATime = new java.util.concurrent.locks.ReentrantLock();
        server.createContext("/metrics", exchange -> {
            boolean finalFigures = e.ended; // read first: the figures were final before it was set
            BufferedAnswer answer = new BufferedAnswer(exchange);
            oneAtATime.lock(); // answers made one at a time, on one CPU at most, as with one thread
            try {
                handler.handle(answer); // the answer made, into memory
            } finally {
                oneAtATime.unlock();
            }
            answer.send(); // written outside the turn: a client slow to take it holds up no other scrape
            if (finalFigures) e.answeredFinal();
        });
        server.start();
        return e;
    }

    private void answeredFinal() {
        synchronized (scraped) {
            scrapedFinal = true;
            scraped.notifyAll();
        }
    }

    /** Where it serves (the port the kernel chose for port 0). */
    public InetSocketAddress address() {
        return at;
    }

    /** Its registry, for tests in this package that need an answer of a given size. */
    PrometheusRegistry registry() {
        return registry;
    }

    /** A measurement's figures, served with {@code labels} on every series. */
    public LiveMetrics feed(Map<String, String> labels) {
        endedGauge = Gauge.builder().name("tsnlat_ended")
                .help("whether the measurement has ended and these are its final figures (1) or not yet (0)").register(registry);
        return new LiveMetrics(registry, labels);
    }

    /**
     * An agent's counters, read at each scrape (docs/metrics.md, "The agent's"): requests carried
     * out, runs started, refusals by reason, runs running now.
     */
    public void agent(java.util.function.LongSupplier accepted, java.util.function.LongSupplier started,
                      java.util.function.Supplier<Map<String, Long>> refused, java.util.function.IntSupplier running) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("tsnlat_agent_requests")
                .help("requests the agent carried out").callback(cb -> cb.call(accepted.getAsLong())).register(registry);
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("tsnlat_agent_runs_started")
                .help("recv, send and load processes the agent started").callback(cb -> cb.call(started.getAsLong()))
                .register(registry);
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("tsnlat_agent_refused")
                .help("requests the agent refused, by reason (docs/agent.md): none of them ran anything")
                .labelNames("reason").callback(cb -> refused.get().forEach((reason, n) -> cb.call(n, reason)))
                .register(registry);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("tsnlat_agent_runs_running")
                .help("the agent's runs running now").callback(cb -> cb.call(running.getAsInt())).register(registry);
    }

    /** The final figures are in: the next scrape sees them, with {@code tsnlat_ended} 1. */
    public void ended() {
        Gauge g = endedGauge;
        if (g != null) g.set(1);
        ended = true;
    }

    /** Waits (up to the linger) for a scrape answered after {@link #ended()}, then stops serving. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (ended && lingerNs > 0) {
                long until = System.nanoTime() + lingerNs;
                synchronized (scraped) {
                    while (!scrapedFinal && !stoppedWaiting) {
                        long left = until - System.nanoTime();
                        if (left <= 0) break;
                        TimeUnit.NANOSECONDS.timedWait(scraped, left);
                    }
                }
            }
        } finally {
            server.stop(STOP_DELAY_S);
            thread.shutdownNow();
        }
    }

    /** Ends the linger at once (Ctrl-C, SIGTERM): {@link #close()} waits no more; from any thread. */
    public void stopWaiting() {
        synchronized (scraped) {
            stoppedWaiting = true;
            scraped.notifyAll();
        }
    }

    /** Whether {@link #stopWaiting()} was called. */
    public boolean stoppedWaiting() {
        return stoppedWaiting;
    }

    /** Whether a scrape was answered with the final figures. */
    public boolean finalScraped() {
        return scrapedFinal;
    }
}
