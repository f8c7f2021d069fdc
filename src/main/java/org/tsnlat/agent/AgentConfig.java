package org.tsnlat.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * How an agent runs (docs/agent.md, "Usage").
 *
 * @param listen        the address and port to listen on (port 0: the kernel's choice)
 * @param keyFile       the key file (the same as send's and recv's --key-file); its control key signs the protocol
 * @param allow         who may connect
 * @param dir           where the runs' directories go
 * @param maxRequest    the largest request body, in bytes
 * @param ratePerSecond requests per second from one source address (a burst of as many)
 * @param windowMs      how far a request's time may be from the agent's clock, either way; nonces are remembered this long
 * @param maxDurationNs the longest --duration of a run
 * @param requestTimeoutMs a request must be read whole within this
 * @param maxConnections connections handled at once; more are closed at once
 * @param runMarginMs   what a run may live beyond its --duration and --metrics-linger (JVM start, warm-up,
 *                      reports) before the agent stops it (SIGTERM, SIGKILL after a grace)
 * @param answerTimeoutMs an answer must be written whole within this, or the connection is closed
 */
public record AgentConfig(InetSocketAddress listen, Path keyFile, List<Cidr> allow, Path dir, int maxRequest,
        int ratePerSecond, long windowMs, long maxDurationNs, long requestTimeoutMs, int maxConnections,
        long runMarginMs, long answerTimeoutMs) {
    public static final int DEFAULT_MAX_REQUEST = 65536;
    public static final int DEFAULT_RATE = 20;
    public static final long DEFAULT_WINDOW_MS = 30_000;
    public static final long DEFAULT_MAX_DURATION_NS = 3_600_000_000_000L;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_MAX_CONNECTIONS = 8;
    public static final long DEFAULT_RUN_MARGIN_MS = 120_000;
    public static final long DEFAULT_ANSWER_TIMEOUT_MS = 10_000;

    /** The defaults for everything but where it listens, its key, who may connect and its directory. */
    public static AgentConfig of(InetSocketAddress listen, Path keyFile, List<Cidr> allow, Path dir) {
        return new AgentConfig(listen, keyFile, allow, dir, DEFAULT_MAX_REQUEST, DEFAULT_RATE, DEFAULT_WINDOW_MS,
                DEFAULT_MAX_DURATION_NS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_RUN_MARGIN_MS,
                DEFAULT_ANSWER_TIMEOUT_MS);
    }

    public AgentConfig withRate(int perSecond) {
        return new AgentConfig(listen, keyFile, allow, dir, maxRequest, perSecond, windowMs, maxDurationNs,
                requestTimeoutMs, maxConnections, runMarginMs, answerTimeoutMs);
    }

    public AgentConfig withMaxRequest(int bytes) {
        return new AgentConfig(listen, keyFile, allow, dir, bytes, ratePerSecond, windowMs, maxDurationNs,
                requestTimeoutMs, maxConnections, runMarginMs, answerTimeoutMs);
    }

    public AgentConfig withRequestTimeoutMs(long ms) {
        return new AgentConfig(listen, keyFile, allow, dir, maxRequest, ratePerSecond, windowMs, maxDurationNs,
                ms, maxConnections, runMarginMs, answerTimeoutMs);
    }

    public AgentConfig withMaxConnections(int n) {
        return new AgentConfig(listen, keyFile, allow, dir, maxRequest, ratePerSecond, windowMs, maxDurationNs,
                requestTimeoutMs, n, runMarginMs, answerTimeoutMs);
    }

    public AgentConfig withRunMarginMs(long ms) {
        return new AgentConfig(listen, keyFile, allow, dir, maxRequest, ratePerSecond, windowMs, maxDurationNs,
                requestTimeoutMs, maxConnections, ms, answerTimeoutMs);
    }
}
