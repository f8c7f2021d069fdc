package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.agent.AgentClient;
import org.tsnlat.wire.ProbeKey;

/** 'tsnlat agent' on the command line: its refusals with their exit codes, and a real one stopped by SIGTERM with its run. */
class AgentCommandTest {
    @TempDir Path tmp;

    private Path key() throws Exception {
        return org.tsnlat.testing.KeyFiles.write(tmp.resolve("tsnlat.key"), org.tsnlat.testing.KeyFiles.ONE);
    }

    @Test
    void aWildcardAddressIsRefusedUnlessMeant() throws Exception {
        for (String any : List.of("0.0.0.0:7790", "[::]:7790")) {
            Cli c = Cli.run("agent", "--listen", any, "--key-file", key().toString(), "--allow", "127.0.0.1");
            assertThat(c.exitCode()).as(c.text()).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).contains("is a wildcard").contains("--listen-any").doesNotContain("Exception");
        }
    }

    @Test
    void badOptionsExitTwoWithoutAStackTrace() throws Exception {
        for (List<String> bad : List.of(List.of("--listen", "127.0.0.1", "--allow", "127.0.0.1"),
                List.of("--listen", "127.0.0.1:7790", "--allow", "localhost"),
                List.of("--listen", "127.0.0.1:7790", "--allow", "127.0.0.1", "--rate", "fast"),
                List.of("--listen", "127.0.0.1:7790", "--allow", "10.0.0.0/40"))) {
            List<String> args = new java.util.ArrayList<>(List.of("agent", "--key-file", key().toString()));
            args.addAll(bad);
            Cli c = Cli.run(args.toArray(String[]::new));
            assertThat(c.exitCode()).as(c.text()).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        Path open = tmp.resolve("open.key");
        Files.writeString(open, "00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Cli c = Cli.run("agent", "--listen", "127.0.0.1:0", "--key-file", open.toString(), "--allow", "127.0.0.1");
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("others may read or change it");
    }

    @Test
    void anAddressInUseExitsThree() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli c = Cli.run("agent", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--key-file", key().toString(),
                    "--allow", "127.0.0.1");
            assertThat(c.exitCode()).as(c.text()).isEqualTo(ExitCodes.NETWORK);
            assertThat(c.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("Exception");
        }
    }

    @Test
    void aMetricsAddressInUseExitsThreeBeforeTheAgentListens() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli c = Cli.run("agent", "--listen", "127.0.0.1:0", "--key-file", key().toString(), "--allow", "127.0.0.1",
                    "--dir", tmp.resolve("runs").toString(), "--metrics", "127.0.0.1:" + taken.getLocalPort());
            assertThat(c.exitCode()).as(c.text()).isEqualTo(ExitCodes.NETWORK);
            assertThat(c.text()).contains("--metrics 127.0.0.1:" + taken.getLocalPort() + ": cannot serve there")
                    .doesNotContain("agent listening on").doesNotContain("Exception");
        }
    }

    @Test
    void itSaysWhenItListensAndSigtermStopsItAndItsRuns() throws Exception {
        Path out = tmp.resolve("agent.out");
        Process p = Cli.startInChildJvm(out, "agent", "--listen", "127.0.0.1:0", "--key-file", key().toString(),
                "--allow", "127.0.0.1/32", "--dir", tmp.resolve("runs").toString());
        try {
            int port = listeningPort(out);
            AgentClient client = new AgentClient("127.0.0.1", port, ProbeKey.read(key()));
            String id = client.start("recv", List.of("-d", "60s", "--bind", "127.0.0.1:0"));
            long pid = client.awaitReady(id, Duration.ofSeconds(30)).pid();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(143);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(Files.readString(out)).contains("agent: accepted 127.0.0.1 start").contains("agent stopped (1 run stopped)")
                    .doesNotContain("Exception");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void itsMetricsCountRequestsRefusalsAndRuns() throws Exception {
        Path out = tmp.resolve("agent-metrics.out");
        int metricsPort = org.tsnlat.testing.PrometheusServer.freePort();
        Process p = Cli.startInChildJvm(out, "agent", "--listen", "127.0.0.1:0", "--key-file", key().toString(),
                "--allow", "127.0.0.1/32", "--dir", tmp.resolve("runs").toString(), "--metrics", "127.0.0.1:" + metricsPort);
        try {
            int port = listeningPort(out);
            AgentClient client = new AgentClient("127.0.0.1", port, ProbeKey.read(key()));
            client.hello();
            Path other = org.tsnlat.testing.KeyFiles.write(tmp.resolve("other.key"), org.tsnlat.testing.KeyFiles.OTHER);
            AgentClient wrong = new AgentClient("127.0.0.1", port, ProbeKey.read(other));
            org.assertj.core.api.Assertions.assertThatThrownBy(wrong::hello).isInstanceOf(org.tsnlat.agent.AgentException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.start("sh", List.of("-c", "id")))
                    .isInstanceOf(org.tsnlat.agent.AgentException.class);
            String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(text).contains("tsnlat_agent_requests_total 1.0")
                    .contains("tsnlat_agent_runs_started_total 0.0")
                    .contains("tsnlat_agent_runs_running 0.0")
                    .doesNotContain("tsnlat_ended")
                    .containsPattern("tsnlat_agent_refused_total\\{reason=\"[a-z-]+\"} 1.0")
                    .contains("tsnlat_agent_refused_total{reason=\"command-not-allowed\"} 1.0");
            assertThat(Files.readString(out)).contains("agent: metrics for Prometheus at http://127.0.0.1:" + metricsPort);
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    /**
     * An agent killed without a goodbye (SIGKILL, a crash) leaves no measurement running unknown to
     * any agent: its recv sees it gone and stops as on SIGTERM, its run directory completed. (It
     * ran on to its duration, 60 s here, where a restarted agent could start another on its CPUs.)
     */
    @Test
    void aRunEndsWhenItsAgentIsKilled() throws Exception {
        Path out = tmp.resolve("agent-killed.out");
        Process p = Cli.startInChildJvm(out, "agent", "--listen", "127.0.0.1:0", "--key-file", key().toString(),
                "--allow", "127.0.0.1/32", "--dir", tmp.resolve("runs").toString());
        ProcessHandle recv = null;
        try {
            int port = listeningPort(out);
            AgentClient client = new AgentClient("127.0.0.1", port, ProbeKey.read(key()));
            int probePort = org.tsnlat.testing.PrometheusServer.freePort();
            String id = client.start("recv", List.of("--bind", "127.0.0.1:" + probePort, "--duration", "60s"));
            assertThat(client.awaitReady(id, java.time.Duration.ofSeconds(60)).ready()).isTrue();
            recv = p.toHandle().children().findFirst().orElseThrow();
            p.destroyForcibly().waitFor(); // SIGKILL: the agent says nothing to its children
            ProcessHandle child = recv;
            assertThat(child.onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).get()).as("the recv ended with its agent")
                    .isNotNull();
            Path runDir = tmp.resolve("runs").resolve(id);
            String log = Files.readString(runDir.resolve("output.log"));
            assertThat(log).contains("tsnlat recv: the agent that started it (pid " + p.pid() + ") is gone: stopping, as on SIGTERM");
            try (var dirs = Files.list(runDir.resolve("runs"))) {
                Path run = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
                assertThat(run.resolve("report.json")).as("its summary and reports written, as on SIGTERM: " + log).isRegularFile();
            }
        } finally {
            p.destroyForcibly();
            if (recv != null) recv.destroyForcibly(); // ours (our agent's), by its handle, should it outlive the test
        }
    }

    /** The port of the agent's "agent listening on 127.0.0.1:PORT" line in {@code out}, waited for up to 15 s. */
    private static int listeningPort(Path out) throws Exception {
        String line = null;
        for (int i = 0; i < 300 && line == null; i++) {
            line = Files.readString(out).lines().filter(l -> l.startsWith("agent listening on 127.0.0.1:")).findFirst().orElse(null);
            if (line == null) Thread.sleep(50);
        }
        assertThat(line).as(Files.readString(out)).isNotNull();
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
    }
}
