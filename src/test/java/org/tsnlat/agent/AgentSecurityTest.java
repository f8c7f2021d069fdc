package org.tsnlat.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.wire.ProbeKey;

/**
 * A real agent on 127.0.0.1 and hostile requests over real sockets: each refused, counted under
 * its reason, and nothing started (no child process, no run directory).
 */
class AgentSecurityTest {
    static final String KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir Path tmp;
    Path dir;
    Agent agent;
    ProbeKey key;
    byte[] controlKey;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    static Path keyFile(Path in, String hex) throws IOException {
        Path k = in.resolve("agent-" + hex.substring(0, 4) + ".key");
        Files.writeString(k, hex + "\n");
        Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-------"));
        return k;
    }

    @BeforeEach
    void start() throws Exception {
        dir = tmp.resolve("agent-runs");
        Path k = keyFile(tmp, KEY_HEX);
        key = ProbeKey.read(k);
        controlKey = AgentProtocol.controlKey(key);
        agent = startAgent(AgentConfig.of(new InetSocketAddress("127.0.0.1", 0), k, Cidr.parseList("127.0.0.1/32"), dir)
                .withMaxRequest(1024).withRequestTimeoutMs(1000).withRate(1000));
    }

    private Agent startAgent(AgentConfig c) {
        return Agent.start(c, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
    }

    private AgentClient client() {
        return new AgentClient(agent.address(), key);
    }

    /** What came back on a raw connection: null for a close without a frame. */
    record Answer(String body, byte[] tag) {
        boolean unsignedRefusal() {
            return body != null && body.equals(AgentProtocol.UNSIGNED_REFUSAL) && java.util.Arrays.equals(tag, new byte[32]);
        }
    }

    private Answer raw(byte[] bytes, InetAddress from, boolean halfClose) throws IOException {
        try (Socket s = new Socket()) {
            if (from != null) s.bind(new InetSocketAddress(from, 0));
            s.connect(agent.address(), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            if (halfClose) s.shutdownOutput();
            InputStream in = s.getInputStream();
            try {
                AgentProtocol.Frame f = AgentProtocol.read(in, 1 << 20);
                return new Answer(new String(f.body(), StandardCharsets.UTF_8), f.tag());
            } catch (AgentProtocol.FrameException | java.net.SocketException e) {
                return new Answer(null, null);
            }
        }
    }

    private Answer raw(byte[] bytes) throws IOException {
        return raw(bytes, null, false);
    }

    private ObjectNode request(String op) {
        return AgentProtocol.request(AgentProtocol.newNonce(), System.currentTimeMillis(), AgentProtocol.to(agent.address()), op);
    }

    /** The signed answer's JSON, its MAC checked against the request's nonce. */
    private JsonNode signedAnswer(ObjectNode request) throws IOException {
        Answer a = raw(AgentProtocol.signedRequest(controlKey, request));
        assertThat(a.body()).as("an answer").isNotNull();
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        byte[] nonce = HexFormat.of().parseHex(request.path("nonce").asText());
        assertThat(AgentProtocol.sameTag(AgentProtocol.answerTag(controlKey, nonce, body), a.tag())).as("answer MAC").isTrue();
        return AgentProtocol.json().readTree(body);
    }

    private void assertRefusedSigned(ObjectNode request, String reason) throws IOException {
        JsonNode a = signedAnswer(request);
        assertThat(a.path("ok").asBoolean()).as(a.toString()).isFalse();
        assertThat(a.path("error").asText()).as(a.toString()).isEqualTo(reason);
    }

    private void assertNothingRan() throws IOException {
        assertThat(agent.stats().startedCount()).isZero();
        if (Files.exists(dir)) {
            try (var s = Files.list(dir)) {
                assertThat(s.toList()).isEmpty();
            }
        }
    }

    private long refused(String reason) {
        return agent.stats().refusedCount(reason);
    }

    @Test
    void aGoodHelloIsAnsweredAndSigned() throws Exception {
        AgentClient.Hello h = client().hello();
        assertThat(h.version()).isEqualTo(AgentProtocol.VERSION);
        assertThat(h.cpus()).isPositive();
        assertThat(h.running()).isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains(Agent.LISTENING + " 127.0.0.1:")
                .contains("agent: accepted 127.0.0.1 hello");
    }

    @Test
    void aWrongKeyIsRefusedUnsignedAndCounted() throws Exception {
        ProbeKey other = ProbeKey.of(HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100"));
        assertThatThrownBy(() -> new AgentClient(agent.address(), other).start("recv", List.of("-d", "1s")))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.reason()).isEqualTo("refused");
                    assertThat(e.exit().code()).isEqualTo(2);
                });
        assertThat(refused("bad-mac")).isEqualTo(1);
        assertNothingRan();
    }

    @Test
    void aReplayedFrameIsRefusedAndRunsNothingTwice() throws Exception {
        ObjectNode r = request("start");
        r.put("command", "lab");
        r.putArray("args");
        byte[] frame = AgentProtocol.signedRequest(controlKey, r);
        raw(frame);
        Answer second = raw(frame);
        assertThat(second.body()).contains("\"error\":\"replayed\"");
        assertThat(refused("replayed")).isEqualTo(1);
        ObjectNode hello = request("hello");
        byte[] helloFrame = AgentProtocol.signedRequest(controlKey, hello);
        assertThat(raw(helloFrame).body()).contains("\"ok\":true");
        assertThat(raw(helloFrame).body()).contains("\"error\":\"replayed\"");
        assertThat(refused("replayed")).isEqualTo(2);
        assertNothingRan();
    }

    @Test
    void aTimeOutsideTheWindowIsRefused() throws Exception {
        for (long off : new long[] {-31_000, 31_000, -86_400_000}) {
            ObjectNode r = AgentProtocol.request(AgentProtocol.newNonce(), System.currentTimeMillis() + off,
                    AgentProtocol.to(agent.address()), "hello");
            assertRefusedSigned(r, "stale-time");
        }
        assertThat(refused("stale-time")).isEqualTo(3);
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItIsRead() throws Exception {
        // only the length: the agent answers without waiting for the 2000 bytes announced
        Answer a = raw(ByteBuffer.allocate(4).putInt(2000).array());
        assertThat(a.unsignedRefusal()).isTrue();
        assertThat(raw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}).unsignedRefusal()).isTrue();
        // garbage that is no frame: its first bytes read as a huge length
        assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).unsignedRefusal()).isTrue();
        assertThat(refused("oversized")).isEqualTo(3);
        assertNothingRan();
    }

    @Test
    void malformedFramesAreRefusedAndCounted() throws Exception {
        byte[] good = AgentProtocol.signedRequest(controlKey, request("hello"));
        // cut short, the writer gone
        assertThat(raw(java.util.Arrays.copyOf(good, good.length - 5), null, true).unsignedRefusal()).isTrue();
        assertThat(refused("truncated")).isEqualTo(1);
        // an empty frame
        assertThat(raw(new byte[4]).unsignedRefusal()).isTrue();
        // garbage body and tag
        byte[] garbage = new byte[4 + 40 + 32];
        new java.util.Random(1).nextBytes(garbage);
        ByteBuffer.wrap(garbage).putInt(40);
        assertThat(raw(garbage).unsignedRefusal()).isTrue();
        assertThat(refused("bad-mac")).isEqualTo(1);
        // signed, but not JSON, or JSON without a nonce: nothing to bind an answer to
        for (String body : new String[] {"{\"v\":1,", "[1,2]", "{\"v\":1,\"op\":\"hello\"}", "{\"v\":1} trailing"}) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            assertThat(raw(AgentProtocol.frame(b, AgentProtocol.requestTag(controlKey, b))).unsignedRefusal()).as(body).isTrue();
        }
        // signed with a nonce: refused with a signed answer
        ObjectNode extra = request("hello");
        extra.put("debug", true);
        assertRefusedSigned(extra, "malformed");
        ObjectNode badTime = request("hello");
        badTime.put("time", "now");
        assertRefusedSigned(badTime, "malformed");
        ObjectNode badArgs = request("start");
        badArgs.put("command", "recv");
        badArgs.put("args", "-d 1s");
        assertRefusedSigned(badArgs, "malformed");
        ObjectNode numbers = request("start");
        numbers.put("command", "recv");
        numbers.putArray("args").add("-d").add(1);
        assertRefusedSigned(numbers, "malformed");
        ObjectNode pathId = request("fetch");
        pathId.put("id", "../../etc");
        assertRefusedSigned(pathId, "malformed");
        ObjectNode dup = request("hello");
        byte[] b = AgentProtocol.bytes(dup);
        String twice = new String(b, StandardCharsets.UTF_8).replace("\"op\"", "\"op\":\"stats\",\"op\"");
        byte[] t = twice.getBytes(StandardCharsets.UTF_8);
        assertThat(raw(AgentProtocol.frame(t, AgentProtocol.requestTag(controlKey, t))).unsignedRefusal()).isTrue();
        assertThat(refused("malformed")).isEqualTo(1 + 4 + 5 + 1);
        ObjectNode v1 = request("hello");
        v1.put("v", 1);
        assertRefusedSigned(v1, "bad-version");
        assertRefusedSigned(request("shell"), "unknown-op");
        assertRefusedSigned(request("Hello"), "unknown-op");
        assertThat(refused("unknown-op")).isEqualTo(2);
        assertNothingRan();
    }

    @Test
    void aSourceOutsideAllowIsClosedOnWithoutAWord() throws Exception {
        byte[] frame = AgentProtocol.signedRequest(controlKey, request("hello"));
        Answer a = raw(frame, InetAddress.getByName("127.0.0.3"), false);
        assertThat(a.body()).isNull();
        assertThat(refused("source-not-allowed")).isEqualTo(1);
        // the same frame from an allowed address: its nonce was never recorded
        assertThat(raw(frame).body()).contains("\"ok\":true");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("agent: refused 127.0.0.3 source-not-allowed");
    }

    @Test
    void otherCommandsAreRefused() throws Exception {
        for (String command : new String[] {"lab", "tune", "sh", "run", "report", "agent", "/bin/sh", "recv;sh", "RECV", ""}) {
            assertThatThrownBy(() -> client().start(command, List.of("-d", "1s")))
                    .as(command).isInstanceOfSatisfying(AgentException.class, e -> {
                        assertThat(e.reason()).isEqualTo("command-not-allowed");
                        assertThat(e.exit().code()).isEqualTo(2);
                    });
        }
        assertThat(refused("command-not-allowed")).isEqualTo(10);
        assertNothingRan();
    }

    @Test
    void optionsOutsideTheListAreRefused() throws Exception {
        List<List<String>> bad = List.of(
                List.of("recv", "-d", "1s", "--runs-dir", "/etc"),
                List.of("recv", "-d", "1s", "--runs-dir=/etc"),
                List.of("recv", "-d", "1s", "--key-file", "/etc/shadow"),
                List.of("send", "127.0.0.1:9", "-d", "1s", "--out", "x"),
                List.of("recv", "-d", "1s", "--ptp-socket", "/var/run/ptp4l"),
                List.of("recv", "-d", "1s", "--plan", "/etc/passwd"),
                List.of("recv", "-d", "1s", "--phc2sys-log", "/etc/shadow"),
                List.of("recv", "-d", "1s", "--chrony"),
                List.of("send", "127.0.0.1:9", "-d", "1s", "--inject-clock-fault", "step:+1s@1s"),
                List.of("recv", "-d", "1s", "--live"),
                List.of("recv", "-d", "1s", "--help"),
                List.of("recv", "-d", "1s", "-h"),
                List.of("recv", "-d", "1s", "-n5"),
                List.of("recv", "127.0.0.1"),
                List.of("recv", "-d", "1s", "extra"),
                List.of("recv"),
                List.of("recv", "--bind", "127.0.0.1:7788"),
                List.of("send", "127.0.0.1:9", "-n", "100"),
                List.of("load", "127.0.0.1:9"),
                List.of("recv", "-d", "2h"),
                List.of("recv", "--duration=61m"),
                List.of("recv", "-d", "1s", "-d", "2s"),
                List.of("recv", "-d", "1s; rm -rf /"),
                List.of("recv", "-d", "$(reboot)"),
                List.of("recv", "-d", "1s", "--bind", "example.com:7788"),
                List.of("send", "localhost:7788", "-d", "1s"),
                List.of("send", "-d", "1s"),
                List.of("send", "127.0.0.1:99999", "-d", "1s"),
                List.of("send", "127.0.0.1:9", "127.0.0.2:9", "-d", "1s"),
                List.of("recv", "-d", "1s", "--cpu", "0-4096"),
                List.of("recv", "-d", "1s", "--cpu", "../0"),
                List.of("recv", "-d", "1s", "--interface", "-eth0"),
                List.of("load", "--sink", "127.0.0.1:9", "-d", "1s"),
                List.of("load", "-d", "1s"),
                List.of("recv", "-d", "1s", "--best-effort=yes"),
                List.of("recv", "-d", "1s", "--cpu"),
                List.of("recv", "-d", "1s", "--cpu", "1-0"),
                List.of("recv", "-d", "1.5ns"),
                List.of("recv", "-d1s"),
                List.of("send", "127.0.0.1:9", "-d", "1s", "--base-time", "9999999999999999999"),
                List.of("send", "999.1.1.1:9", "-d", "1s"),
                List.of("recv", "-d", "1s", "--metrics", "0.0.0.0:9464"),
                List.of("recv", "-d", "1s", "--metrics", "127.0.0.1:9464", "--metrics-linger", "1h"));
        for (List<String> line : bad) {
            assertThatThrownBy(() -> client().start(line.get(0), line.subList(1, line.size())))
                    .as(String.join(" ", line)).isInstanceOfSatisfying(AgentException.class,
                            e -> assertThat(e.reason()).isEqualTo("argument-not-allowed"));
        }
        assertThat(refused("argument-not-allowed")).isEqualTo(bad.size());
        assertThat(agent.stats().refusedByReason()).containsOnlyKeys("argument-not-allowed");
        assertThatThrownBy(() -> client().start("recv", List.of())).hasMessageContaining("--duration is required");
        assertNothingRan();
        // the refusals are readable by an authenticated stats request
        AgentClient.Stats s = client().stats();
        assertThat(s.refused()).containsEntry("argument-not-allowed", bad.size() + 1L);
        assertThat(s.started()).isZero();
    }

    @Test
    void statusStopAndFetchOfNoSuchRunAreRefused() throws Exception {
        assertThatThrownBy(() -> client().status("20260101-000000-recv-1"))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.reason()).isEqualTo("unknown-run"));
        assertThatThrownBy(() -> client().stop("x")).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.reason()).isEqualTo("unknown-run"));
        assertThatThrownBy(() -> client().fetch("x", tmp.resolve("into"))).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.reason()).isEqualTo("unknown-run"));
        assertThat(refused("unknown-run")).isEqualTo(3);
        assertNothingRan();
    }

    @Test
    void aSlowClientIsCutOffAndDoesNotHoldTheAgent() throws Exception {
        try (Socket slow = new Socket()) {
            slow.connect(agent.address(), 2000);
            slow.getOutputStream().write(new byte[] {0, 0});
            slow.getOutputStream().flush();
            long t0 = System.nanoTime();
            // meanwhile others are served
            assertThat(client().hello().version()).isEqualTo(AgentProtocol.VERSION);
            slow.setSoTimeout(5000);
            assertThat(slow.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(3.0);
        }
        // counted by the request's thread once the deadline has closed its socket: a moment after the close
        for (int i = 0; i < 100 && refused("timeout") == 0; i++) Thread.sleep(20);
        assertThat(refused("timeout")).isEqualTo(1);
    }

    @Test
    void moreThanTheRateFromOneSourceIsRefused() throws Exception {
        agent.close();
        agent = startAgent(AgentConfig.of(new InetSocketAddress("127.0.0.1", 0), keyFile(tmp, KEY_HEX),
                Cidr.parseList("127.0.0.0/8"), dir).withRate(3));
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 10; i++) {
            Answer a = raw(AgentProtocol.signedRequest(controlKey, request("start")));
            if (a.body().equals(AgentProtocol.UNSIGNED_RATE_LIMITED)) {
                assertThat(a.tag()).containsOnly(0);
                limited++;
            } else {
                assertThat(a.body()).contains("\"error\":\"malformed\""); // counted, never started
                ok++;
            }
        }
        assertThat(ok).isBetween(3, 7); // a burst of 3, and 3 a second after it (a slow machine lets a few more through)
        assertThat(refused("rate-limited")).isEqualTo(limited).isGreaterThanOrEqualTo(3);
        // another source address has a bucket of its own
        byte[] frame = AgentProtocol.signedRequest(controlKey, request("hello"));
        assertThat(raw(frame, InetAddress.getByName("127.0.0.4"), false).body()).contains("\"ok\":true");
        // the client waits out a refusal for the rate and tries again
        long t0 = System.nanoTime();
        assertThat(client().hello().version()).isEqualTo(AgentProtocol.VERSION);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(3.0);
        assertNothingRan();
    }

    @Test
    void aWildcardListenAddressIsTheCommandsToRefuseAndABusyPortExitsThree() {
        assertThat(Agent.wildcard(new InetSocketAddress("0.0.0.0", 1))).isTrue();
        assertThat(Agent.wildcard(new InetSocketAddress("::", 1))).isTrue();
        assertThatThrownBy(() -> startAgent(AgentConfig.of(agent.address(), tmp.resolve("agent-0011.key"),
                Cidr.parseList("127.0.0.1"), dir))).isInstanceOfSatisfying(org.tsnlat.run.SetupException.class,
                        e -> assertThat(e.exit().code()).isEqualTo(3));
    }

    @Test
    void aSourceOutsideAllowTakesNoConnectionAndItsRefusalsAreAllCountedButLoggedAtARate() throws Exception {
        agent.close();
        agent = startAgent(AgentConfig.of(new InetSocketAddress("127.0.0.1", 0), keyFile(tmp, KEY_HEX),
                Cidr.parseList("127.0.0.1/32"), dir).withMaxConnections(1).withRequestTimeoutMs(30_000));
        int n = 200;
        long t0 = System.nanoTime();
        try (Socket holder = new Socket()) {
            holder.connect(agent.address(), 2000); // allowed, says nothing: holds the one connection
            for (int i = 0; i < n; i++) {
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
                    s.connect(agent.address(), 2000);
                }
            }
            for (int i = 0; i < 500 && refused("source-not-allowed") < n; i++) Thread.sleep(20);
            assertThat(refused("source-not-allowed")).isEqualTo(n);
            assertThat(refused("too-many-connections")).as("an address outside --allow never takes a connection").isZero();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long lines = log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("source-not-allowed")).count();
        assertThat(lines).isPositive().isLessThanOrEqualTo(Agent.UNAUTHENTICATED_LINES_A_SECOND * ((long) seconds + 2));
    }

    @Test
    void anAnswerNobodyReadsIsCutOffAtItsDeadline() throws Exception {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    Socket reader = new Socket()) {
                reader.setReceiveBufferSize(4096);
                reader.connect(ss.getLocalSocketAddress(), 2000);
                try (Socket s = ss.accept()) {
                    s.setSendBufferSize(4096);
                    byte[] frame = new byte[16 << 20]; // far more than both ends' buffers: the write blocks
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> agent.writeWithin(s, frame, 300)).isInstanceOf(IOException.class);
                    assertThat(s.isClosed()).isTrue();
                    assertThat((System.nanoTime() - t0) / 1e9).isGreaterThanOrEqualTo(0.29).isLessThan(30.0);
                }
            }
        });
    }

    @Test
    void aFaultOfTheAgentsOwnIsAnsweredSignedAndTheAgentGoesOn() throws Exception {
        // the fault stood in for by a missing java.class.path: the start of the run's process fails with a NullPointerException
        String classPath = System.clearProperty("java.class.path");
        try {
            ObjectNode r = request("start");
            r.put("command", "load");
            r.putArray("args").add("--sink").add("-d").add("1s").add("-b").add("127.0.0.1:0");
            JsonNode a = signedAnswer(r);
            assertThat(a.path("error").asText()).as(a.toString()).isEqualTo("internal-error");
        } finally {
            System.setProperty("java.class.path", classPath);
        }
        assertThat(refused("internal-error")).isEqualTo(1);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("agent: refused 127.0.0.1 internal-error: java.lang.NullPointerException");
        assertThat(client().hello().version()).isEqualTo(AgentProtocol.VERSION);
    }

    @Test
    void aRequestSignedForAnotherAgentWithTheSameKeyIsRefusedAndRunsNothing() throws Exception {
        Agent b = startAgent(AgentConfig.of(new InetSocketAddress("127.0.0.1", 0), keyFile(tmp, KEY_HEX),
                Cidr.parseList("127.0.0.1/32"), tmp.resolve("b-runs")));
        try {
            ObjectNode r = request("start"); // to this test's agent A
            r.put("command", "load");
            r.putArray("args").add("--sink").add("-d").add("1s").add("-b").add("127.0.0.1:0");
            byte[] frame = AgentProtocol.signedRequest(controlKey, r);
            Answer a;
            try (Socket s = new Socket()) {
                s.connect(b.address(), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write(frame);
                AgentProtocol.Frame f = AgentProtocol.read(s.getInputStream(), 1 << 20);
                a = new Answer(new String(f.body(), StandardCharsets.UTF_8), f.tag());
            }
            assertThat(a.body()).contains("\"error\":\"wrong-agent\"").contains("the request is for " + AgentProtocol.to(agent.address()));
            assertThat(b.stats().refusedCount("wrong-agent")).isEqualTo(1);
            assertThat(b.stats().startedCount()).isZero();
            assertThat(tmp.resolve("b-runs")).doesNotExist();
            // the same port on another address of this host is another agent too
            ObjectNode other = AgentProtocol.request(AgentProtocol.newNonce(), System.currentTimeMillis(),
                    "127.0.0.2:" + agent.address().getPort(), "hello");
            assertRefusedSigned(other, "wrong-agent");
            // a name or no port is no address of an agent
            for (String to : List.of("localhost:" + agent.address().getPort(), "127.0.0.1")) {
                assertRefusedSigned(AgentProtocol.request(AgentProtocol.newNonce(), System.currentTimeMillis(), to, "hello"),
                        "malformed");
            }
            // another text of the same address is the same agent
            ObjectNode same = AgentProtocol.request(AgentProtocol.newNonce(), System.currentTimeMillis(),
                    "127.000.0.1:" + agent.address().getPort(), "hello");
            assertThat(signedAnswer(same).path("ok").asBoolean()).isTrue();
            assertThat(refused("wrong-agent")).isEqualTo(1);
        } finally {
            b.close();
        }
    }

    @Test
    void aRequestDatedBeforeTheAgentStartedIsRefusedThoughInsideTheWindow() throws Exception {
        agent.close();
        long before = System.currentTimeMillis();
        Thread.sleep(20);
        agent = startAgent(AgentConfig.of(new InetSocketAddress("127.0.0.1", 0), keyFile(tmp, KEY_HEX),
                Cidr.parseList("127.0.0.1/32"), dir));
        ObjectNode r = AgentProtocol.request(AgentProtocol.newNonce(), before, AgentProtocol.to(agent.address()), "hello");
        JsonNode a = signedAnswer(r);
        assertThat(a.path("error").asText()).as(a.toString()).isEqualTo("stale-time");
        assertThat(a.path("message").asText()).contains("before this agent started");
        assertThat(client().hello().version()).isEqualTo(AgentProtocol.VERSION);
        assertNothingRan();
    }

    @Test
    void aFileWhereTheRunsDirectoryShouldBeIsAStartFailureNotAnEndlessLoop() throws Exception {
        Files.writeString(dir, "not a directory");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> client().start("load", List.of("--sink", "-d", "1s", "-b", "127.0.0.1:0")))
                        .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.reason()).isEqualTo("start-failed")));
        assertThat(agent.stats().startedCount()).isZero();
    }
}
