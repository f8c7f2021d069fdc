package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tsnlat.rundir.RunDirectory;

/**
 * A campaign resumed after a controller killed without a goodbye (SIGKILL), over two real agents
 * on loopback (their runs real recv and send JVMs), the controller in a JVM of its own: a run whose
 * two ends were started goes on without it, and is fetched by the next invocation, not made again;
 * a receiver left without its sender is stopped, not waited for; a run recorded done whose
 * directory is gone is made again; a kept run that cannot be compared makes the exit 4, not 0.
 */
class CampaignResumeTest extends TwoLoopbackAgents {
    /** A plan of one pair, a to b on loopback, one variant, 3 s runs. */
    private Path plan(int repetitions) throws Exception {
        Path p = tmp.resolve("plan.yaml");
        Files.writeString(p, """
                name: resume
                keyFile: fleet.key
                duration: 3s
                repetitions: %d
                agents: {a: "127.0.0.1:%d", b: "127.0.0.1:%d"}
                pairs: [{name: a-to-b, sender: a, receiver: b, to: "127.0.0.1:7787"}]
                variants: [{name: v1}]
                """.formatted(repetitions, a.address().getPort(), b.address().getPort()));
        return p;
    }

    private static JsonNode run(Path dir, String id) throws Exception {
        for (JsonNode r : RunDirectory.json().readTree(dir.resolve("index.json").toFile()).path("runs")) {
            if (r.path("id").asText().equals(id)) return r;
        }
        return null;
    }

    /** Starts the campaign in a JVM of its own and kills it (SIGKILL) once its index shows {@code when}. */
    private void killedWhen(Path plan, Path dir, java.util.function.Predicate<JsonNode> when) throws Exception {
        Path out = tmp.resolve("killed.out");
        Process p = Cli.startInChildJvm(out, "campaign", plan.toString(), "--dir", dir.toString());
        try {
            long until = System.nanoTime() + 120_000_000_000L;
            while (true) {
                assertThat(p.isAlive() && System.nanoTime() < until).as(Files.readString(out)).isTrue();
                JsonNode r = Files.exists(dir.resolve("index.json")) ? run(dir, "v1/a-to-b/rep-1") : null;
                if (r != null && when.test(r)) break;
                Thread.sleep(20);
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aRunWhoseEndsWereStartedIsFetchedNotMadeAgain() throws Exception {
        Path dir = tmp.resolve("c1");
        Path plan = plan(1);
        killedWhen(plan, dir, r -> !r.at("/sender/runId").isNull());
        JsonNode killed = run(dir, "v1/a-to-b/rep-1");
        assertThat(killed.path("state").asText()).isEqualTo("started");
        long until = System.nanoTime() + 120_000_000_000L;
        while (a.running() + b.running() > 0) { // both ends end without the controller: what it would have fetched
            assertThat(System.nanoTime()).as("the ends end at their duration").isLessThan(until);
            Thread.sleep(100);
        }
        Cli c = Cli.run("campaign", plan.toString(), "--dir", dir.toString());
        assertThat(c.exitCode()).as(c.out() + c.err()).isZero();
        assertThat(c.out()).contains("started by an interrupted invocation, ended: fetched").contains("1 run done, 0 failed");
        JsonNode r = run(dir, "v1/a-to-b/rep-1");
        assertThat(r.path("state").asText()).isEqualTo("done");
        assertThat(r.at("/receiver/runId").asText()).as("the killed invocation's run, not another")
                .isEqualTo(killed.at("/receiver/runId").asText());
        assertThat(r.at("/sender/runId").asText()).isEqualTo(killed.at("/sender/runId").asText());
        assertThat(r.path("started").asText()).isEqualTo(killed.path("started").asText());
        assertThat(r.path("received").asLong()).isEqualTo(3000);
        assertThat(dir.resolve(r.at("/receiver/dir").asText()).resolve("report.json")).exists();
        assertThat(dir.resolve(r.at("/sender/dir").asText()).resolve("meta.json")).exists();
        assertThat(a.stats().startedCount() + b.stats().startedCount()).as("nothing started again").isEqualTo(2);
    }

    @Test
    void aReceiverLeftWithoutItsSenderIsStoppedNotWaitedFor() throws Exception {
        Path dir = tmp.resolve("c2");
        Path plan = plan(1);
        killedWhen(plan, dir, r -> !r.at("/receiver/runId").isNull() && r.at("/sender/runId").isNull());
        assertThat(b.running()).as("the receiver, started").isEqualTo(1);
        String orphan = run(dir, "v1/a-to-b/rep-1").at("/receiver/runId").asText();
        Cli c = Cli.run("campaign", plan.toString(), "--dir", dir.toString());
        assertThat(c.exitCode()).as(c.out() + c.err()).isZero();
        assertThat(c.out()).contains("its receiver on b (" + orphan + "), left without a sender by an interrupted "
                + "invocation, stopped; made again").doesNotContain("still runs");
        JsonNode r = run(dir, "v1/a-to-b/rep-1");
        assertThat(r.path("state").asText()).isEqualTo("done");
        assertThat(r.at("/receiver/runId").asText()).isNotEqualTo(orphan);
    }

    @Test
    void aRunWhoseDirectoryIsGoneIsMadeAgainAndOneThatCannotBeComparedExits4() throws Exception {
        Path dir = tmp.resolve("c3");
        Path plan = plan(2);
        Cli first = Cli.run("campaign", plan.toString(), "--dir", dir.toString());
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        JsonNode rep1 = run(dir, "v1/a-to-b/rep-1");
        JsonNode rep2 = run(dir, "v1/a-to-b/rep-2");
        org.assertj.core.util.Files.delete(dir.resolve("runs/v1/a-to-b/rep-2").toFile()); // lost
        Files.delete(dir.resolve(rep1.at("/receiver/dir").asText()).resolve("meta.json")); // damaged
        Cli again = Cli.run("campaign", plan.toString(), "--dir", dir.toString());
        assertThat(again.out()).contains("v1/a-to-b/rep-2: recorded done, but its receiver's report "
                + rep2.at("/receiver/dir").asText() + "/report.json is not there: made again")
                .contains("resuming: 1 run already done kept").contains("2 runs done (1 of them before this invocation)");
        assertThat(run(dir, "v1/a-to-b/rep-2").at("/receiver/runId").asText()).isNotEqualTo(rep2.at("/receiver/runId").asText());
        assertThat(run(dir, "v1/a-to-b/rep-2").path("received").asLong()).isEqualTo(3000);
        assertThat(again.err()).contains("compare failed (exit 4)").contains("no meta.json");
        assertThat(again.exitCode()).as("not 0: the comparison was not made").isEqualTo(ExitCodes.RUN_DIRECTORY);
    }
}
