package org.tsnlat.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.tsnlat.run.SetupException;
import org.tsnlat.wire.ProbeKey;

/**
 * The agent: listens on one TCP address, takes one authenticated request per connection
 * (docs/agent.md), starts and stops tsnlat's own recv, send and load, and hands back their run
 * directories. Every refusal is counted by its reason ({@link AgentStats}), logged in one line,
 * and runs nothing.
 */
public final class Agent implements AutoCloseable {
    /** The line that says the agent is ready, followed by ADDRESS:PORT. */
    public static final String LISTENING = "agent listening on";
    /**
     * The system property that tells a recv, send or load it was started by an agent, and which
     * (the agent's pid): it stops, as on SIGTERM, when that agent is gone (cli.AgentChild).
     */
    public static final String CHILD_PROPERTY = "tsnlat.agent.pid";
    /** Nonces remembered at most; beyond it requests are refused (replay-cache-full) until old ones expire. */
    static final int MAX_NONCES = 100_000;
    /** Log lines a second, at most, of refusals before a MAC was checked (all are counted). */
    static final int UNAUTHENTICATED_LINES_A_SECOND = 10;
    private static final Map<String, Set<String>> FIELDS = Map.of("hello", Set.of(), "list", Set.of(),
            "stats", Set.of(), "start", Set.of("command", "args", "authenticated"), "status", Set.of("id"),
            "stop", Set.of("id"), "fetch", Set.of("id", "path", "offset"));
    private static final Set<String> COMMON = Set.of("v", "nonce", "time", "to", "op");

    private final AgentConfig config;
    private final byte[] controlKey;
    private final PrintStream log;
    private final ServerSocket server;
    private final AgentStats stats = new AgentStats();
    private final Runs runs;
    private final ArgumentPolicy policy;
    private final Semaphore connections;
    private final ScheduledExecutorService deadlines;
    private final Map<String, Long> nonces = new LinkedHashMap<>();
    private final Map<InetAddress, double[]> buckets = new LinkedHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Object logLimit = new Object();
    private long logSecondStartNs;
    private int loggedThisSecond;
    private long unloggedRefusals;
    private volatile boolean closing;
    /** When this agent started (ms of CLOCK_REALTIME): a request dated earlier was made for another life of it. */
    private final long startedMs = System.currentTimeMillis();

    private Agent(AgentConfig config, byte[] controlKey, PrintStream log, ServerSocket server) {
        this.config = config;
        this.controlKey = controlKey;
        this.log = log;
        this.server = server;
        this.runs = new Runs(config.dir(), config.keyFile(), stats);
        this.policy = new ArgumentPolicy(config.maxDurationNs(), org.tsnlat.linux.Cpus.onlineSet());
        this.connections = new Semaphore(config.maxConnections());
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("tsnlat-agent-deadlines").unstarted(r));
    }

    /**
     * Reads the key, binds the address and starts accepting; prints {@link #LISTENING} and the
     * address as bound once requests are taken.
     *
     * @throws SetupException the address cannot be bound (in use, not here): exit 3
     * @throws ProbeKey.KeyFileException the key file cannot be used: exit 2
     */
    public static Agent start(AgentConfig config, PrintStream log) {
        byte[] key = AgentProtocol.controlKey(ProbeKey.read(config.keyFile()));
        ServerSocket s;
        try {
            s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(config.listen(), 50);
        } catch (BindException e) {
            throw new SetupException("cannot listen on " + hostPort(config.listen()) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SetupException("cannot listen on " + hostPort(config.listen()) + ": " + org.tsnlat.exit.Reasons.of(e), e);
        }
        Agent a = new Agent(config, key, log, s);
        Thread.ofPlatform().name("tsnlat-agent-accept").start(a::acceptLoop);
        log.println(LISTENING + " " + hostPort(a.address()));
        log.flush();
        return a;
    }

    /** The address as bound. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public AgentStats stats() {
        return stats;
    }

    /** How many of its runs are running now. */
    public int running() {
        return runs.running().size();
    }

    /** Waits until {@link #close()} has stopped the agent. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops accepting, then stops every run still going (SIGTERM, SIGKILL after a grace), by its handle. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) return;
            closing = true;
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket does not fail in a way that matters here
        }
        int n = runs.running().size();
        runs.stopAll();
        deadlines.shutdownNow();
        say("agent stopped" + (n > 0 ? " (" + n + " run" + (n == 1 ? "" : "s") + " stopped)" : ""));
        closed.countDown();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closing) break;
                say("agent: accept failed: " + e.getMessage());
                try {
                    Thread.sleep(100); // out of file descriptors, say: no busy loop
                } catch (InterruptedException i) {
                    break;
                }
                continue;
            }
            InetAddress from = s.getInetAddress();
            if (config.allow().stream().noneMatch(c -> c.contains(from))) {
                refusedUnauthenticated(from, "source-not-allowed", "not in --allow");
                closeQuietly(s); // closed without a word, before it could take one of the connections
                continue;
            }
            if (!connections.tryAcquire()) {
                refusedUnauthenticated(from, "too-many-connections", config.maxConnections() + " connections already");
                closeQuietly(s);
                continue;
            }
            Thread.ofVirtual().name("tsnlat-agent-request").start(() -> {
                try {
                    serve(s);
                } finally {
                    connections.release();
                }
            });
        }
    }

    /** One connection: one request, one answer. */
    private void serve(Socket s) {
        InetAddress from = s.getInetAddress();
        String source = from.getHostAddress();
        ScheduledFuture<?> deadline = null;
        try (s) {
            if (!takeToken(from)) {
                refusedUnauthenticated(from, "rate-limited", "more than " + config.ratePerSecond() + " requests a second");
                unsigned(s, AgentProtocol.UNSIGNED_RATE_LIMITED);
                return;
            }
            s.setSoTimeout((int) config.requestTimeoutMs());
            deadline = deadlines.schedule(() -> closeQuietly(s), config.requestTimeoutMs(), TimeUnit.MILLISECONDS);
            AgentProtocol.Frame f;
            try {
                f = AgentProtocol.read(s.getInputStream(), config.maxRequest());
            } catch (AgentProtocol.FrameException e) {
                refusedUnauthenticated(from, e.reason(), e.getMessage());
                unsigned(s, AgentProtocol.UNSIGNED_REFUSAL);
                return;
            } catch (SocketTimeoutException e) {
                refusedUnauthenticated(from, "timeout", "no whole request within " + config.requestTimeoutMs() + " ms");
                return;
            } catch (IOException e) {
                refusedUnauthenticated(from, closing || s.isClosed() ? "timeout" : "truncated",
                        s.isClosed() ? "no whole request within " + config.requestTimeoutMs() + " ms" : e.getMessage());
                return;
            }
            deadline.cancel(false);
            if (!AgentProtocol.sameTag(AgentProtocol.requestTag(controlKey, f.body()), f.tag())) {
                refusedUnauthenticated(from, "bad-mac", "the request's MAC is wrong (another key?)");
                unsigned(s, AgentProtocol.UNSIGNED_REFUSAL);
                return;
            }
            JsonNode body;
            try {
                body = AgentProtocol.json().readTree(f.body());
            } catch (IOException e) {
                refusedUnauthenticated(from, "malformed", "not JSON");
                unsigned(s, AgentProtocol.UNSIGNED_REFUSAL);
                return;
            }
            byte[] nonce = nonce(body);
            if (nonce == null) {
                refusedUnauthenticated(from, "malformed", "no nonce of 32 hexadecimal digits");
                unsigned(s, AgentProtocol.UNSIGNED_REFUSAL);
                return;
            }
            ObjectNode answer;
            try {
                answer = handle(body, source, (InetSocketAddress) s.getLocalSocketAddress());
                stats.accepted();
            } catch (Refused r) {
                refusedOnly(from, r.reason(), r.getMessage());
                answer = error(r.reason(), r.getMessage());
            } catch (RuntimeException e) {
                // a fault of the agent's own: one line and a count; the request was authenticated, so it is told (signed)
                refusedOnly(from, "internal-error", String.valueOf(e));
                answer = error("internal-error", "a fault of the agent's own (its log says which); nothing more was done");
            }
            byte[] a = AgentProtocol.bytes(answer);
            writeWithin(s, AgentProtocol.frame(a, AgentProtocol.answerTag(controlKey, nonce, a)), config.answerTimeoutMs());
        } catch (IOException e) {
            // the client went away before its answer: nothing more to do
        } catch (RuntimeException e) {
            // a fault of the agent's own: one line and a count, the agent goes on
            refusedOnly(from, "internal-error", String.valueOf(e));
        } finally {
            if (deadline != null) deadline.cancel(false);
        }
    }

    private static byte[] nonce(JsonNode body) {
        JsonNode n = body.isObject() ? body.get("nonce") : null;
        if (n == null || !n.isTextual() || !n.asText().matches("[0-9a-f]{32}")) return null;
        return HexFormat.of().parseHex(n.asText());
    }

    /** Checks an authenticated request's envelope and fields, then carries it out. */
    private ObjectNode handle(JsonNode body, String source, InetSocketAddress local) throws Refused {
        if (!body.isObject()) throw malformed("not a JSON object");
        JsonNode v = body.get("v");
        if (v == null || !v.isInt()) throw malformed("no version v");
        if (v.asInt() != AgentProtocol.VERSION) {
            throw new Refused("bad-version", "protocol version " + v.asInt() + ": this agent speaks " + AgentProtocol.VERSION);
        }
        JsonNode op = body.get("op");
        if (op == null || !op.isTextual()) throw malformed("no op");
        Set<String> fields = FIELDS.get(op.asText());
        if (fields == null) throw new Refused("unknown-op", "op '" + ArgumentPolicy.printable(op.asText()) + "'");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!COMMON.contains(name) && !fields.contains(name)) {
                throw malformed("field '" + ArgumentPolicy.printable(name) + "' is not one of " + op.asText() + "'s");
            }
        }
        String to = text(body, "to");
        ArgumentPolicy.Literal meant;
        try {
            meant = ArgumentPolicy.literal(to, "to");
        } catch (Refused r) {
            throw malformed("to: " + r.getMessage());
        }
        if (meant.port() < 0) throw malformed("to: no port");
        if (!meant.address().equals(local.getAddress()) || meant.port() != local.getPort()) {
            throw new Refused("wrong-agent", "the request is for " + ArgumentPolicy.printable(to) + ", this is "
                    + AgentProtocol.to(local));
        }
        JsonNode time = body.get("time");
        if (time == null || !time.isIntegralNumber() || !time.canConvertToLong()) throw malformed("no time");
        long now = System.currentTimeMillis();
        if (Math.abs(now - time.asLong()) > config.windowMs()) {
            throw new Refused("stale-time", "time " + time.asLong() + " is more than " + config.windowMs()
                    + " ms from the agent's clock (" + now + ")");
        }
        if (time.asLong() < startedMs) {
            throw new Refused("stale-time", "time " + time.asLong() + " is before this agent started (" + startedMs
                    + "): a request made for an earlier run of it");
        }
        remember(body.get("nonce").asText(), now);
        ObjectNode answer = ok();
        switch (op.asText()) {
            case "hello" -> hello(answer);
            case "start" -> {
                String command = text(body, "command");
                JsonNode args = body.get("args");
                if (args == null || !args.isArray()) throw malformed("args: not an array");
                List<String> list = new ArrayList<>();
                for (JsonNode a : args) {
                    if (!a.isTextual()) throw malformed("args: not all strings");
                    list.add(a.asText());
                }
                JsonNode auth = body.get("authenticated");
                if (auth != null && !auth.isBoolean()) throw malformed("authenticated: not true or false");
                ArgumentPolicy.Checked c = policy.check(command, list);
                Runs.Run r = runs.start(c, auth != null && auth.asBoolean());
                long limitMs = c.durationNs() / 1_000_000 + c.lingerNs() / 1_000_000 + config.runMarginMs();
                schedule(() -> overdue(r, limitMs), limitMs);
                say("agent: started " + r.id + " (tsnlat " + command + " " + String.join(" ", list) + ") for " + source
                        + ", stopped by the agent if it lives past " + limitMs + " ms");
                answer.put("id", r.id);
            }
            case "status" -> status(answer, run(body));
            case "stop" -> {
                Runs.Run r = run(body);
                try {
                    Runs.stop(r);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status(answer, r);
            }
            case "list" -> {
                ArrayNode a = answer.putArray("runs");
                for (Runs.Run r : runs.all()) status(a.addObject(), r);
            }
            case "fetch" -> {
                Runs.Run r = run(body);
                if (r.running()) throw new Refused("run-not-finished", "run " + r.id + " is still running");
                JsonNode path = body.get("path");
                JsonNode offset = body.get("offset");
                if (path != null && !path.isTextual()) throw malformed("path: not a string");
                if (offset != null && (!offset.isIntegralNumber() || !offset.canConvertToLong() || offset.asLong() < 0)) {
                    throw malformed("offset: not a whole number of 0 or more");
                }
                Runs.Chunk c = Runs.chunk(r, path == null ? null : path.asText(), offset == null ? 0 : offset.asLong(),
                        AgentProtocol.FETCH_CHUNK_BYTES);
                answer.put("id", r.id);
                ArrayNode files = answer.putArray("files");
                for (Runs.Part p : c.parts()) {
                    files.addObject().put("path", p.path()).put("size", p.size()).put("offset", p.offset())
                            .put("base64", Base64.getEncoder().encodeToString(p.bytes()));
                }
                if (c.nextPath() == null) answer.putNull("next");
                else answer.putObject("next").put("path", c.nextPath()).put("offset", c.nextOffset());
            }
            case "stats" -> {
                answer.put("accepted", stats.acceptedCount());
                answer.put("started", stats.startedCount());
                ObjectNode refused = answer.putObject("refused");
                stats.refusedByReason().forEach(refused::put);
            }
            default -> throw new IllegalStateException(op.asText());
        }
        // a controller polls status a few times a second: counted (stats), not logged
        if (!op.asText().equals("status")) say("agent: accepted " + source + " " + op.asText());
        return answer;
    }

    /**
     * A run that has lived past its --duration, --metrics-linger and the margin: SIGTERM now,
     * SIGKILL after the grace, by its handle. Nothing waits in the deadline thread.
     */
    private void overdue(Runs.Run r, long limitMs) {
        if (!r.running()) return;
        say("agent: run " + r.id + " lived past " + limitMs + " ms (its --duration, --metrics-linger and "
                + config.runMarginMs() + " ms): SIGTERM");
        r.process.destroy();
        schedule(() -> {
            if (!r.running()) return;
            say("agent: run " + r.id + " still running " + Runs.STOP_GRACE_MS + " ms after SIGTERM: SIGKILL");
            r.process.destroyForcibly();
        }, Runs.STOP_GRACE_MS);
    }

    /** A task on the deadline thread after {@code ms}; null once the agent has stopped it (its runs are stopped too). */
    private ScheduledFuture<?> schedule(Runnable task, long ms) {
        try {
            return deadlines.schedule(task, ms, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    private void hello(ObjectNode answer) {
        answer.put("version", AgentProtocol.VERSION);
        answer.put("tsnlat", org.tsnlat.run.Version.get());
        String host;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            host = "";
        }
        answer.put("host", host);
        answer.put("cpus", org.tsnlat.linux.Cpus.online());
        ArrayNode running = answer.putArray("running");
        runs.running().forEach(running::add);
    }

    private static void status(ObjectNode into, Runs.Run r) {
        into.put("id", r.id);
        into.put("command", r.command);
        Integer exit = r.exitCode();
        into.put("state", exit == null ? "running" : "exited");
        into.put("pid", r.process.pid());
        if (r.command.equals("load")) into.putNull("ready"); else into.put("ready", r.ready());
        if (exit == null) into.putNull("exit"); else into.put("exit", exit);
        into.put("started", r.startedMs);
        if (exit == null || r.endedMs == 0) into.putNull("ended"); else into.put("ended", r.endedMs);
    }

    private Runs.Run run(JsonNode body) throws Refused {
        String id = text(body, "id");
        if (!id.matches("[0-9A-Za-z-]{1,64}")) throw malformed("id: not a run id");
        Runs.Run r = runs.get(id);
        if (r == null) throw new Refused("unknown-run", "no run " + id + " started by this agent");
        return r;
    }

    private static String text(JsonNode body, String field) throws Refused {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) throw malformed(field + ": not a string");
        return n.asText();
    }

    private static Refused malformed(String message) {
        return new Refused("malformed", message);
    }

    /** Refuses a nonce seen within the window; remembers it (for twice the window). */
    private void remember(String nonce, long nowMs) throws Refused {
        synchronized (nonces) {
            for (Iterator<Long> it = nonces.values().iterator(); it.hasNext(); ) {
                if (it.next() > nowMs) break;
                it.remove();
            }
            if (nonces.containsKey(nonce)) throw new Refused("replayed", "a nonce already seen");
            if (nonces.size() >= MAX_NONCES) throw new Refused("replay-cache-full", "too many requests in the window");
            nonces.put(nonce, nowMs + 2 * config.windowMs());
        }
    }

    /** A token of this source's bucket (as many as the rate, refilled at the rate). */
    private boolean takeToken(InetAddress from) {
        long now = System.nanoTime();
        double rate = config.ratePerSecond();
        synchronized (buckets) {
            if (buckets.size() > 4096) {
                buckets.values().removeIf(b -> b[0] + (now - (long) b[1]) / 1e9 * rate >= rate);
            }
            double[] b = buckets.computeIfAbsent(from, a -> new double[] {rate, now});
            b[0] = Math.min(rate, b[0] + (now - (long) b[1]) / 1e9 * rate);
            b[1] = now;
            if (b[0] < 1) return false;
            b[0] -= 1;
            return true;
        }
    }

    private ObjectNode ok() {
        ObjectNode n = AgentProtocol.json().createObjectNode();
        n.put("v", AgentProtocol.VERSION);
        n.put("ok", true);
        return n;
    }

    private static ObjectNode error(String reason, String message) {
        ObjectNode n = AgentProtocol.json().createObjectNode();
        n.put("v", AgentProtocol.VERSION);
        n.put("ok", false);
        n.put("error", reason);
        n.put("message", message);
        return n;
    }

    /**
     * Counts a refusal of a request not (yet) known to come from a key holder, and logs it, at
     * most {@link #UNAUTHENTICATED_LINES_A_SECOND} lines a second: anyone who can reach the port
     * could otherwise fill the log. The lines left out are said in one line when logging resumes;
     * the counts ({@code stats}, metrics) have them all.
     */
    private void refusedUnauthenticated(InetAddress from, String reason, String message) {
        stats.refused(reason);
        String leftOut = null;
        boolean logged;
        synchronized (logLimit) {
            long now = System.nanoTime();
            if (now - logSecondStartNs >= 1_000_000_000L || loggedThisSecond == 0) {
                if (unloggedRefusals > 0) leftOut = "agent: " + unloggedRefusals + " more refusals before a MAC was checked, not logged (counted)";
                unloggedRefusals = 0;
                loggedThisSecond = 0;
                logSecondStartNs = now;
            }
            logged = loggedThisSecond < UNAUTHENTICATED_LINES_A_SECOND;
            if (logged) loggedThisSecond++; else unloggedRefusals++;
        }
        if (leftOut != null) say(leftOut);
        if (logged) say("agent: refused " + from.getHostAddress() + " " + reason + ": " + org.tsnlat.text.Untrusted.text(message));
    }

    /** Counts and logs a refusal. */
    private void refusedOnly(InetAddress from, String reason, String message) {
        stats.refused(reason);
        say("agent: refused " + from.getHostAddress() + " " + reason + ": " + org.tsnlat.text.Untrusted.text(message));
    }

    private void unsigned(Socket s, String answer) {
        try {
            writeWithin(s, AgentProtocol.frame(answer.getBytes(StandardCharsets.US_ASCII), new byte[AgentProtocol.TAG_BYTES]),
                    config.answerTimeoutMs());
        } catch (IOException e) {
            // gone: the refusal is counted all the same
        }
    }

    /**
     * Writes a whole frame, or closes the socket when it has not gone out within {@code ms}: a
     * controller that vanished (or never reads) cannot hold a connection, and its slot, for as long
     * as TCP would take to give up.
     */
    void writeWithin(Socket s, byte[] frame, long ms) throws IOException {
        ScheduledFuture<?> deadline = schedule(() -> closeQuietly(s), ms);
        try {
            s.getOutputStream().write(frame);
            s.getOutputStream().flush();
        } finally {
            if (deadline != null) deadline.cancel(false);
        }
    }

    private void say(String line) {
        synchronized (log) {
            log.println(line);
            log.flush();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    /** Whether an address is a wildcard (0.0.0.0, ::), which the agent binds only when told to. */
    public static boolean wildcard(InetSocketAddress a) {
        return a.getAddress().isAnyLocalAddress();
    }
}
