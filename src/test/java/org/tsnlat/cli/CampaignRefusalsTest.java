package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tsnlat.rundir.RunDirectory;

/**
 * A campaign's other half, over two real agents on loopback: an agent that does not answer stops
 * it before any run (exit 3); a run the agents refuse is recorded failed with the agent's reason
 * (exit 1; a CPU the agent's host does not have, which only the agent can know), made again by the next invocation; another plan in the same directory, or a second
 * invocation while one runs, is refused (exit 2); a campaign stopped by SIGTERM stops the ends it
 * started on its agents and records the run interrupted. Only that last test measures.
 */
class CampaignRefusalsTest extends TwoLoopbackAgents {
    private Path plan(String name, int agentBPort, String recvOptions) throws Exception {
        return plan(name, agentBPort, "3s", "[{name: v1, recv: " + recvOptions + "}, {name: v2, recv: " + recvOptions + "}]");
    }

    /** A plan of one pair, a to b (b at {@code agentBPort}), with these variants (YAML). */
    private Path plan(String name, int agentBPort, String duration, String variants) throws Exception {
        Path p = tmp.resolve(name + ".yaml");
        Files.writeString(p, """
                name: %s
                keyFile: fleet.key
                duration: %s
                agents: {a: "127.0.0.1:%d", b: "127.0.0.1:%d"}
                pairs: [{name: a-to-b, sender: a, receiver: b, to: "127.0.0.1:7788"}]
                variants: %s
                """.formatted(name, duration, a.address().getPort(), agentBPort, variants));
        return p;
    }

    @Test
    void anAgentThatDoesNotAnswerStopsTheCampaignBeforeAnyRun() throws Exception {
        int nobody = org.tsnlat.testing.PrometheusServer.freePort();
        Path dir = tmp.resolve("c1");
        Cli c = Cli.run("campaign", plan("gone", nobody, "[]").toString(), "--dir", dir.toString());
        assertThat(c.exitCode()).as(c.out() + c.err()).isEqualTo(ExitCodes.NETWORK);
        assertThat(c.err()).contains("agent b (127.0.0.1:" + nobody + ")").contains("is 'tsnlat agent' running there")
                .doesNotContain("Exception");
        assertThat(RunDirectory.json().readTree(dir.resolve("index.json").toFile()).path("runs")).isEmpty();
        assertThat(a.stats().startedCount()).isZero();
        // nothing was made in that directory: the plan, mended, may go on in it
        Cli mended = Cli.run("campaign", plan("gone", b.address().getPort(), "[--cpu, \"4000\"]").toString(), "--dir",
                dir.toString());
        assertThat(mended.exitCode()).as(mended.out() + mended.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(mended.out()).contains("0 runs done, 2 failed");
    }

    @Test
    void aRunTheAgentsRefuseIsRecordedFailedAndMadeAgainNextTime() throws Exception {
        Path dir = tmp.resolve("c2");
        Path plan = plan("refused", b.address().getPort(), "[--cpu, \"4000\"]");
        Cli c = Cli.run("campaign", plan.toString(), "--dir", dir.toString());
        assertThat(c.exitCode()).as(c.out() + c.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(c.out()).contains("v1/a-to-b/rep-1: FAILED: ").contains("--cpu 4000: this machine's online CPUs are")
                .contains("0 runs done, 2 failed").contains("nothing to compare");
        JsonNode runs = RunDirectory.json().readTree(dir.resolve("index.json").toFile()).path("runs");
        assertThat(runs).hasSize(2);
        for (JsonNode r : runs) {
            assertThat(r.path("state").asText()).isEqualTo("failed");
            assertThat(r.path("why").asText()).contains("--cpu 4000");
        }
        assertThat(b.stats().refusedCount("argument-not-allowed")).isEqualTo(2);
        assertThat(a.stats().startedCount() + b.stats().startedCount()).as("nothing ran").isZero();
        Cli again = Cli.run("campaign", plan.toString(), "--dir", dir.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(b.stats().refusedCount("argument-not-allowed")).as("failed runs are made again").isEqualTo(4);
    }

    @Test
    void aSenderRefusedAfterItsReceiverStartedLeavesNothingRunning() throws Exception {
        Path dir = tmp.resolve("c6");
        Path plan = plan("half", b.address().getPort(), "30s", "[{name: v1, send: [--cpu, \"4000\"]}]");
        Cli c = Cli.run("campaign", plan.toString(), "--dir", dir.toString());
        assertThat(c.exitCode()).as(c.out() + c.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(c.out()).contains("v1/a-to-b/rep-1: FAILED: ").contains("--cpu 4000: this machine's online CPUs are");
        assertThat(b.stats().startedCount()).as("the receiver was started").isEqualTo(1);
        assertThat(b.running()).as("and stopped with its run, not left for its 90 s").isZero();
    }

    @Test
    void aKeyFileThatIsNotThereSaysWhereItWasLookedFor() throws Exception {
        Path plan = plan("nokey", b.address().getPort(), "[]");
        Files.writeString(plan, Files.readString(plan).replace("keyFile: fleet.key", "keyFile: ~/fleet.key"));
        Cli c = Cli.run("campaign", plan.toString(), "--dir", tmp.resolve("c7").toString());
        assertThat(c.exitCode()).as(c.out() + c.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("keyFile ~/fleet.key: ").contains("keyFile is relative to the plan's directory")
                .doesNotContain("Exception");
    }

    @Test
    void anotherPlanInTheSameDirectoryIsRefused() throws Exception {
        Path dir = tmp.resolve("c3");
        Cli first = Cli.run("campaign", plan("one", b.address().getPort(), "[--cpu, \"4000\"]").toString(), "--dir", dir.toString());
        assertThat(first.exitCode()).isEqualTo(ExitCodes.FAILED);
        Cli other = Cli.run("campaign", plan("two", b.address().getPort(), "[]").toString(), "--dir", dir.toString());
        assertThat(other.exitCode()).as(other.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).contains("holds campaign 'one' of another plan").contains("give another --dir");
    }

    @Test
    void aSecondInvocationWhileOneRunsIsRefused() throws Exception {
        Path dir = tmp.resolve("c4");
        Files.createDirectories(dir);
        // another process holds the directory's lock (fcntl, as a running campaign's JVM does): a JVM of its own
        Path locker = tmp.resolve("Locker.java");
        Files.writeString(locker, """
                public class Locker {
                    public static void main(String[] a) throws Exception {
                        try (var ch = java.nio.channels.FileChannel.open(java.nio.file.Path.of(a[0]),
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                                var lock = ch.lock()) {
                            System.out.println("locked");
                            System.out.flush();
                            Thread.sleep(60_000);
                        }
                    }
                }
                """);
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                locker.toString(), dir.resolve(".lock").toString()).redirectErrorStream(true).start();
        try {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("locked");
            Cli c = Cli.run("campaign", plan("busy", b.address().getPort(), "[]").toString(), "--dir", dir.toString());
            assertThat(c.exitCode()).as(c.out() + c.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).contains("another tsnlat campaign is running in this directory");
            assertThat(a.stats().startedCount() + b.stats().startedCount()).as("nothing ran").isZero();
        } finally {
            holder.destroy();
            holder.waitFor();
        }
    }

    @Test
    void aCampaignStoppedBySigtermStopsItsRunsOnTheAgents() throws Exception {
        Path dir = tmp.resolve("c5");
        Path plan = plan("long", b.address().getPort(), "60s", "[{name: v1}]");
        Path out = tmp.resolve("campaign.out");
        Process p = Cli.startInChildJvm(out, "campaign", plan.toString(), "--dir", dir.toString());
        try {
            long until = System.nanoTime() + 90_000_000_000L;
            while (!Files.readString(out).contains("v1/a-to-b/rep-1: receiver on b")) {
                assertThat(p.isAlive() && System.nanoTime() < until).as(Files.readString(out)).isTrue();
                Thread.sleep(100);
            }
            assertThat(a.running() + b.running()).as("both ends running").isEqualTo(2);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(143);
            assertThat(a.running() + b.running()).as("stopped with the campaign, not at their 60 s").isZero();
            assertThat(Files.readString(out)).contains("interrupted: 1 run stopped on their agents")
                    .as("a run stopped is not said done").doesNotContain("v1/a-to-b/rep-1: done");
            JsonNode run = RunDirectory.json().readTree(dir.resolve("index.json").toFile()).path("runs").get(0);
            assertThat(run.path("state").asText()).isEqualTo("failed");
            assertThat(run.path("why").asText()).startsWith("interrupted");
        } finally {
            p.destroyForcibly();
        }
    }
}
