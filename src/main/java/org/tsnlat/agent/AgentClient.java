package org.tsnlat.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsnlat.exit.Exit;
import org.tsnlat.wire.ProbeKey;

/**
 * A controller's side of the agent protocol (docs/agent.md): one connection per request, each
 * request signed with the control key derived from {@code key}, each answer's MAC (bound to the
 * request's nonce) checked before it is believed. Every failure is an {@link AgentException}: a
 * refusal carries the agent's reason and exits 2; an agent that cannot be reached, closes without
 * an answer or answers with a wrong MAC exits 3.
 *
 * <p>Not thread-safe only in the sense that it holds no connection: each call is independent.
 */
public final class AgentClient {
    /** How long a connection may take to open. */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** How long an answer may take (a stop waits up to the agent's 5 s grace; a fetch reads files). */
    static final int ANSWER_TIMEOUT_MS = 30_000;
    /** Between two status requests of {@link #waitFor}. */
    static final long POLL_MS = 250;
    /** How long a request refused for the agent's --rate is tried again. */
    static final long RATE_RETRY_MS = 3_000;

    private final InetSocketAddress agent;
    private final byte[] controlKey;

    /** A client of the agent at {@code host:port} (an address or a name, resolved now). */
    public AgentClient(String host, int port, ProbeKey key) {
        this(new InetSocketAddress(host, port), key);
    }

    public AgentClient(InetSocketAddress agent, ProbeKey key) {
        this.agent = agent;
        this.controlKey = AgentProtocol.controlKey(key);
    }

    /** What {@code hello} says of the agent. */
    public record Hello(int version, String tsnlat, String host, int cpus, List<String> running) {}

    /**
     * A run's state: {@code exit} and {@code endedMs} are null while it runs; times in ms of the
     * agent's CLOCK_REALTIME; {@code ready}: a recv or send has written its run directory's ready
     * file (a receiver listens), null for load; {@code pid}: the child's process id on the agent's host.
     */
    public record RunStatus(String id, String command, boolean running, Integer exit, long startedMs, Long endedMs,
            Boolean ready, long pid) {}

    /** The agent's counters: requests carried out, runs started, refusals by reason. */
    public record Stats(long accepted, long started, Map<String, Long> refused) {}

    public Hello hello() {
        JsonNode a = call(request("hello"));
        List<String> running = new ArrayList<>();
        a.path("running").forEach(n -> running.add(n.asText()));
        return new Hello(a.path("version").asInt(), a.path("tsnlat").asText(), a.path("host").asText(),
                a.path("cpus").asInt(), List.copyOf(running));
    }

    /** Starts {@code tsnlat COMMAND ARGS} (recv, send or load; a --duration among the args) on the agent's host; returns its id. */
    public String start(String command, List<String> args) {
        return start(command, args, false);
    }

    /** As {@link #start(String, List)}; {@code authenticated}: the agent adds its own --key-file (recv and send). */
    public String start(String command, List<String> args, boolean authenticated) {
        ObjectNode r = request("start");
        r.put("command", command);
        args.forEach(r.putArray("args")::add);
        if (authenticated) r.put("authenticated", true);
        return call(r).path("id").asText();
    }

    public RunStatus status(String id) {
        return status(call(withId("status", id)));
    }

    /** Asks for the status until the run has ended or {@code timeout} has passed; returns the last status. */
    public RunStatus waitFor(String id, Duration timeout) throws InterruptedException {
        return poll(id, timeout, s -> false);
    }

    /**
     * Asks for the status until a recv or send is ready (its ready file written: a receiver
     * listens), has ended, or {@code timeout} has passed; returns the last status.
     */
    public RunStatus awaitReady(String id, Duration timeout) throws InterruptedException {
        return poll(id, timeout, s -> Boolean.TRUE.equals(s.ready()));
    }

    /** The status, asked for until the run has ended, {@code enough} holds, or the timeout has passed. */
    private RunStatus poll(String id, Duration timeout, java.util.function.Predicate<RunStatus> enough)
            throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            RunStatus s = status(id);
            if (!s.running() || enough.test(s) || System.nanoTime() - until >= 0) return s;
            Thread.sleep(POLL_MS);
        }
    }

    /** Stops a run (SIGTERM, SIGKILL after a 5 s grace); returns its status once ended. */
    public RunStatus stop(String id) {
        return status(call(withId("stop", id)));
    }

    /**
     * Writes a finished run's files under {@code into} (its output.log, and runs/NAME/... for recv
     * and send), as they are in the agent's directory of the run, a chunk of at most 1 MiB a
     * request; returns the files written.
     */
    public List<Path> fetch(String id, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        Map<String, Path> written = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        String path = null;
        long offset = 0;
        do {
            ObjectNode r = withId("fetch", id);
            if (path != null) r.put("path", path).put("offset", offset);
            JsonNode a = call(r);
            for (JsonNode f : a.path("files")) {
                String name = f.path("path").asText();
                Path p = root.resolve(name).normalize();
                if (name.isEmpty() || Path.of(name).isAbsolute() || !p.startsWith(root) || p.equals(root)) {
                    throw badAnswer("named a file outside the run: " + org.tsnlat.text.Untrusted.text(name));
                }
                long at = f.path("offset").asLong();
                long have = written.containsKey(name) ? Files.size(p) : 0;
                if (at != have) throw badAnswer("sent " + name + " from byte " + at + ", not " + have);
                Files.createDirectories(p.getParent());
                byte[] bytes = Base64.getDecoder().decode(f.path("base64").asText());
                if (at == 0) Files.write(p, bytes); else Files.write(p, bytes, java.nio.file.StandardOpenOption.APPEND);
                written.put(name, p);
                sizes.put(name, f.path("size").asLong());
            }
            JsonNode next = a.path("next");
            if (next.isObject() && !a.path("files").isEmpty()) {
                path = next.path("path").asText();
                offset = next.path("offset").asLong();
            } else {
                path = null;
            }
        } while (path != null);
        for (var e : sizes.entrySet()) {
            if (Files.size(written.get(e.getKey())) != e.getValue()) {
                throw badAnswer(e.getKey() + " came to " + Files.size(written.get(e.getKey())) + " bytes, not " + e.getValue());
            }
        }
        return List.copyOf(written.values());
    }

    private AgentException badAnswer(String what) {
        return new AgentException("bad-answer", "agent " + where() + " " + what, Exit.NETWORK, null);
    }

    public Stats stats() {
        JsonNode a = call(request("stats"));
        Map<String, Long> refused = new LinkedHashMap<>();
        a.path("refused").properties().forEach(e -> refused.put(e.getKey(), e.getValue().asLong()));
        return new Stats(a.path("accepted").asLong(), a.path("started").asLong(), Map.copyOf(refused));
    }

    private ObjectNode request(String op) {
        return AgentProtocol.request(AgentProtocol.newNonce(), System.currentTimeMillis(),
                agent.isUnresolved() ? agent.getHostString() + ":" + agent.getPort() : AgentProtocol.to(agent), op);
    }

    private ObjectNode withId(String op, String id) {
        ObjectNode r = request(op);
        r.put("id", id);
        return r;
    }

    private static RunStatus status(JsonNode a) {
        return new RunStatus(a.path("id").asText(), a.path("command").asText(), a.path("state").asText().equals("running"),
                a.path("exit").isNull() || a.path("exit").isMissingNode() ? null : a.path("exit").asInt(),
                a.path("started").asLong(), a.path("ended").isNumber() ? a.path("ended").asLong() : null,
                a.path("ready").isBoolean() ? a.path("ready").asBoolean() : null, a.path("pid").asLong());
    }

    /**
     * Sends one signed request, reads and checks the answer; an answer that is a refusal is thrown.
     * A refusal for the rate of this address is tried again, a fresh request each time, for up to
     * {@link #RATE_RETRY_MS}.
     */
    private JsonNode call(ObjectNode request) {
        long until = System.nanoTime() + RATE_RETRY_MS * 1_000_000;
        while (true) {
            try {
                return callOnce(request);
            } catch (AgentException e) {
                if (!e.reason().equals("rate-limited") || System.nanoTime() - until >= 0) throw e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentException("network", "interrupted", Exit.NETWORK, e);
            }
            request.put("nonce", AgentProtocol.newNonce()).put("time", System.currentTimeMillis());
        }
    }

    private JsonNode callOnce(ObjectNode request) {
        String op = request.path("op").asText();
        byte[] nonce = HexFormat.of().parseHex(request.path("nonce").asText());
        AgentProtocol.Frame f;
        try (Socket s = new Socket()) {
            s.connect(agent, CONNECT_TIMEOUT_MS);
            s.setSoTimeout(ANSWER_TIMEOUT_MS);
            s.getOutputStream().write(AgentProtocol.signedRequest(controlKey, request));
            s.getOutputStream().flush();
            f = AgentProtocol.read(s.getInputStream(), AgentProtocol.MAX_ANSWER_BYTES);
        } catch (AgentProtocol.FrameException e) {
            throw new AgentException("network", "agent " + where() + ": no whole answer to " + op + " ("
                    + e.getMessage() + "; closed by the agent: is this address in its --allow?)", Exit.NETWORK, e);
        } catch (SocketTimeoutException e) {
            throw new AgentException("network", "agent " + where() + ": no answer to " + op + " within "
                    + ANSWER_TIMEOUT_MS / 1000 + " s", Exit.NETWORK, e);
        } catch (IOException e) {
            throw new AgentException("network", "agent " + where() + ": " + org.tsnlat.exit.Reasons.of(e), Exit.NETWORK, e);
        }
        if (Arrays.equals(f.tag(), new byte[AgentProtocol.TAG_BYTES])
                && Arrays.equals(f.body(), AgentProtocol.UNSIGNED_REFUSAL.getBytes(StandardCharsets.US_ASCII))) {
            throw new AgentException("refused", "agent " + where() + " refused " + op + " without authenticating it: "
                    + "another key, or a request too large or malformed (its log says which)",
                    Exit.USAGE, null);
        }
        if (Arrays.equals(f.tag(), new byte[AgentProtocol.TAG_BYTES])
                && Arrays.equals(f.body(), AgentProtocol.UNSIGNED_RATE_LIMITED.getBytes(StandardCharsets.US_ASCII))) {
            throw new AgentException("rate-limited", "agent " + where() + " refused " + op + ": more requests from this "
                    + "address than its --rate", Exit.USAGE, null);
        }
        if (!AgentProtocol.sameTag(AgentProtocol.answerTag(controlKey, nonce, f.body()), f.tag())) {
            throw new AgentException("bad-answer", "agent " + where() + ": the answer to " + op
                    + " has a wrong MAC (another key, or not the agent)", Exit.NETWORK, null);
        }
        JsonNode a;
        try {
            a = AgentProtocol.json().readTree(f.body());
        } catch (IOException e) {
            throw new AgentException("bad-answer", "agent " + where() + ": the answer to " + op + " is not JSON", Exit.NETWORK, e);
        }
        if (a.path("v").asInt() != AgentProtocol.VERSION) {
            throw new AgentException("bad-answer", "agent " + where() + " answers in protocol version "
                    + a.path("v").asText() + ", not " + AgentProtocol.VERSION, Exit.NETWORK, null);
        }
        if (!a.path("ok").asBoolean()) {
            String reason = a.path("error").asText();
            throw new AgentException(reason, "agent " + where() + " refused " + op + ": "
                    + org.tsnlat.text.Untrusted.text(a.path("message").asText()) + " (" + reason + ")", Exit.USAGE, null);
        }
        return a;
    }

    private String where() {
        return Agent.hostPort(agent);
    }
}
