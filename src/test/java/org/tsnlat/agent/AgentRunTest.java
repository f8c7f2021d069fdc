package org.tsnlat.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.wire.ProbeKey;

/**
 * Real runs through real agents on 127.0.0.1: a recv on one agent and a send on another, both
 * authenticated, waited for and fetched; a stop; a run whose controller went away; the CPU rule;
 * an agent that stops takes its runs with it.
 */
class AgentRunTest {
    @TempDir Path tmp;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    Agent rx;
    Agent tx;

    @AfterEach
    void stop() {
        if (rx != null) rx.close();
        if (tx != null) tx.close();
    }

    private Agent agent(String name) throws Exception {
        return agent(name, c -> c);
    }

    private Agent agent(String name, java.util.function.UnaryOperator<AgentConfig> how) throws Exception {
        Path k = AgentSecurityTest.keyFile(tmp, AgentSecurityTest.KEY_HEX);
        return Agent.start(how.apply(AgentConfig.of(new InetSocketAddress("127.0.0.1", 0), k, Cidr.parseList("127.0.0.1/32"),
                tmp.resolve(name))), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private AgentClient client(Agent a) throws Exception {
        return new AgentClient(a.address(), ProbeKey.read(tmp.resolve("agent-0011.key")));
    }

    private static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path onlyRunDirectory(Path fetched) throws Exception {
        try (var s = Files.list(fetched.resolve("runs"))) {
            List<Path> dirs = s.toList();
            assertThat(dirs).hasSize(1);
            return dirs.get(0);
        }
    }

    @Test
    void aRecvAndASendThroughTwoAgentsRunAndTheirDirectoriesAreFetched() throws Exception {
        rx = agent("rx");
        tx = agent("tx");
        AgentClient r = client(rx);
        AgentClient t = client(tx);
        int port = freePort();
        String recv = r.start("recv", List.of("-d", "20s", "--bind", "127.0.0.1:" + port, "--warmup", "100ms"), true);
        AgentClient.RunStatus ready = r.awaitReady(recv, Duration.ofSeconds(30));
        assertThat(ready.ready()).as(Files.readString(tmp.resolve("rx").resolve(recv).resolve("output.log"))).isTrue();
        assertThat(r.hello().running()).containsExactly(recv);
        String send = t.start("send", List.of("127.0.0.1:" + port, "-d", "2s", "--period", "2ms", "--warmup", "100ms"), true);
        AgentClient.RunStatus sent = t.waitFor(send, Duration.ofSeconds(30));
        AgentClient.RunStatus received = r.waitFor(recv, Duration.ofSeconds(30));
        assertThat(sent.running()).isFalse();
        assertThat(sent.exit()).as(Files.readString(tmp.resolve("tx").resolve(send).resolve("output.log"))).isZero();
        assertThat(received.exit()).as(Files.readString(tmp.resolve("rx").resolve(recv).resolve("output.log"))).isZero();
        assertThat(received.endedMs()).isGreaterThanOrEqualTo(received.startedMs());
        // it ended at the sender's end of session, long before its 20 s
        assertThat(received.endedMs() - received.startedMs()).isLessThan(15_000);

        Path into = tmp.resolve("fetched-rx");
        List<Path> files = r.fetch(recv, into);
        assertThat(files).contains(into.resolve("output.log"));
        Path run = onlyRunDirectory(into);
        for (String f : List.of("meta.json", "ready", "rx.records", "sync.jsonl", "intervals.jsonl", "report.txt", "report.json")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }
        var report = RunDirectory.json().readTree(run.resolve("report.json").toFile());
        assertThat(report.at("/packets/received").asLong()).isEqualTo(1000);
        var meta = RunDirectory.json().readTree(run.resolve("meta.json").toFile());
        assertThat(meta.at("/end/notes").toString()).contains("authenticated mode");
        assertThat(meta.at("/end/rejected/unauthenticated").asLong()).isZero();
        assertThat(Files.readString(into.resolve("output.log"))).contains("run directory: ");

        // a file larger than a fetch chunk comes whole, over several requests
        byte[] big = new byte[(int) (2.5 * AgentProtocol.FETCH_CHUNK_BYTES)];
        new java.util.Random(7).nextBytes(big);
        Files.write(tmp.resolve("rx").resolve(recv).resolve("runs").resolve(run.getFileName()).resolve("big.bin"), big);
        Path again = tmp.resolve("fetched-again");
        r.fetch(recv, again);
        assertThat(Files.readAllBytes(onlyRunDirectory(again).resolve("big.bin"))).isEqualTo(big);
        assertThat(Files.readAllBytes(onlyRunDirectory(again).resolve("rx.records"))).isEqualTo(Files.readAllBytes(run.resolve("rx.records")));

        Path txInto = tmp.resolve("fetched-tx");
        t.fetch(send, txInto);
        assertThat(onlyRunDirectory(txInto).resolve("tx.records")).isRegularFile();
        assertThat(r.stats().started()).isEqualTo(1);
        assertThat(r.stats().refused()).isEmpty();
    }

    @Test
    void itsRunsGetTheLaunchersMeasuringJvmSettings() throws Exception {
        String line = Files.readAllLines(Path.of("tsnlat")).stream().map(String::strip)
                .filter(l -> l.startsWith("measuring=(")).findFirst().orElseThrow();
        assertThat(Runs.MEASURING_JVM).containsExactly(line.substring("measuring=(".length(), line.length() - 1).split("\\s+"));
    }

    @Test
    void aRunningRecvIsStoppedAndAFetchWaitsForItsEnd() throws Exception {
        rx = agent("rx");
        AgentClient r = client(rx);
        String recv = r.start("recv", List.of("-d", "60s", "--bind", "127.0.0.1:" + freePort()));
        assertThat(r.awaitReady(recv, Duration.ofSeconds(30)).ready()).isTrue();
        assertThatThrownBy(() -> r.fetch(recv, tmp.resolve("early"))).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.reason()).isEqualTo("run-not-finished"));
        long t0 = System.nanoTime();
        AgentClient.RunStatus s = r.stop(recv);
        assertThat(s.running()).isFalse();
        assertThat(s.exit()).isIn(143, 8); // SIGTERM; nothing was received
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10.0);
        assertThat(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        r.fetch(recv, tmp.resolve("after"));
        assertThat(onlyRunDirectory(tmp.resolve("after")).resolve("meta.json")).isRegularFile();
    }

    @Test
    void aRunWhoseControllerWentAwayEndsAtItsDuration() throws Exception {
        rx = agent("rx");
        String recv = client(rx).start("recv", List.of("-d", "2s", "--bind", "127.0.0.1:" + freePort(), "--warmup", "0"));
        // the controller is gone: nobody asks anything until long after
        Thread.sleep(9_000);
        AgentClient.RunStatus s = client(rx).status(recv);
        assertThat(s.running()).isFalse();
        assertThat(s.exit()).isEqualTo(8); // nothing received
        assertThat(s.endedMs() - s.startedMs()).isBetween(2_000L, 9_000L);
    }

    @Test
    void measurementsOnTheSameCpusAreRefusedAndAStoppingAgentStopsItsRuns() throws Exception {
        rx = agent("rx");
        AgentClient r = client(rx);
        String first = r.start("recv", List.of("-d", "60s", "--cpu", "0", "--bind", "127.0.0.1:" + freePort()));
        for (List<String> args : List.of(List.of("-d", "1s", "--cpu", "0", "--bind", "127.0.0.1:" + freePort()),
                List.of("-d", "1s", "--bind", "127.0.0.1:" + freePort()))) {
            assertThatThrownBy(() -> r.start("recv", args)).isInstanceOfSatisfying(AgentException.class, e -> {
                assertThat(e.reason()).isEqualTo("cpu-busy");
                assertThat(e.getMessage()).contains("CPU 0 in use by run " + first);
            });
        }
        assertThatThrownBy(() -> r.start("send", List.of("127.0.0.1:9", "-d", "1s", "--cpu", "0")))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.reason()).isEqualTo("cpu-busy"));
        // load is no measurement: it runs beside
        String load = r.start("load", List.of("--sink", "--bind", "127.0.0.1:" + freePort(), "-d", "1s"));
        assertThat(r.stats().refused()).containsEntry("cpu-busy", 3L);
        assertThat(r.stats().started()).isEqualTo(2);
        long pid = r.status(first).pid();
        assertThat(r.waitFor(load, Duration.ofSeconds(30)).exit()).isZero();
        rx.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("agent stopped (1 run stopped)");
        try (var s = Files.list(tmp.resolve("rx"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(first, load);
        }
    }

    @Test
    void aRunThatOutlivesItsDurationAndMarginIsStoppedByTheAgent() throws Exception {
        // no margin: a recv of 1 s lives longer than 1 s (its JVM starts first, and with no sender it waits the
        // whole duration), so the agent's deadline always comes before its own end
        rx = agent("rx", c -> c.withRunMarginMs(0));
        AgentClient r = client(rx);
        String recv = r.start("recv", List.of("-d", "1s", "--bind", "127.0.0.1:" + freePort(), "--warmup", "0"));
        AgentClient.RunStatus s = r.waitFor(recv, Duration.ofSeconds(60));
        assertThat(s.running()).isFalse();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("agent: run " + recv + " lived past 1000 ms")
                .contains("stopped by the agent if it lives past 1000 ms");
        assertThat(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
