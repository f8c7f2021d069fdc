package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * Issue 17's campaign over the local lab as a fleet: four hosts (network namespaces on a bridge),
 * an agent on each; a plan of 2 variants x 2 repetitions over two pairs that share no agent (a to
 * b, c to d, measuring at once). The controller (in host a) is killed (SIGKILL) once the first run
 * is done; run again, it resumes: the runs done are kept, the rest made, every run directory
 * collected, the index and the comparison written.
 */
@Needs({Need.ROOT, Need.IP})
class CampaignFleetTest {
    @TempDir static Path tmp;
    static Fleet fleet;
    static Path plan;
    static Path campaignDir;
    static Cli resumed;
    static JsonNode firstDone;
    static String killedOutput;

    @BeforeAll
    static void aCampaignKilledAndResumed() throws Exception {
        Path key = tmp.resolve("fleet.key");
        Files.writeString(key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        fleet = Fleet.start(tmp, 4, key);
        plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, """
                version: 1
                name: fleet-demo
                keyFile: fleet.key
                duration: 3000ms     # sent to the agents as 3s
                repetitions: 2
                agents:
                  a: %s
                  b: %s
                  c: %s
                  d: %s
                pairs:
                  - {name: a-to-b, sender: a, receiver: b, to: "%s:7788"}
                  - {name: c-to-d, sender: c, receiver: d, to: "%s:7788"}
                variants:
                  - {name: plain}
                  - {name: big, send: [--size, "512"]}
                authenticated: true
                """.formatted(fleet.agent("a"), fleet.agent("b"), fleet.agent("c"), fleet.agent("d"),
                fleet.address("b"), fleet.address("d")));
        campaignDir = tmp.resolve("campaign");
        Path killedOut = tmp.resolve("killed.txt");
        Process first = new ProcessBuilder(fleet.tsnlat("a", "campaign", plan.toString(), "--dir", campaignDir.toString()))
                .redirectErrorStream(true).redirectOutput(killedOut.toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (firstDone == null) {
            if (!first.isAlive() || System.nanoTime() > until) {
                first.destroyForcibly();
                throw new AssertionError("no run done before the kill: " + Files.readString(killedOut));
            }
            Thread.sleep(200);
            firstDone = firstDoneIn(campaignDir);
        }
        first.destroyForcibly().waitFor(); // SIGKILL: no hook, no goodbye; its agents' runs end at their duration
        killedOutput = Files.readString(killedOut);
        resumed = Cli.process(tmp, 300, fleet.tsnlat("a", "campaign", plan.toString(), "--dir", campaignDir.toString()));
    }

    @AfterAll
    static void fleetDown() throws Exception {
        if (fleet != null) fleet.close();
    }

    private static JsonNode firstDoneIn(Path dir) {
        try {
            if (!Files.exists(dir.resolve("index.json"))) return null;
            for (JsonNode r : RunDirectory.json().readTree(dir.resolve("index.json").toFile()).path("runs")) {
                if (r.path("state").asText().equals("done")) return r;
            }
        } catch (java.io.IOException partlyWritten) {
            // written by a move: never half; a read racing the first creation may see nothing
        }
        return null;
    }

    @Test
    void theResumedCampaignKeptTheRunDoneAndMadeTheRest() throws Exception {
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming: ").contains(" already done kept")
                .contains("8 runs done (").contains("0 failed");
        JsonNode index = RunDirectory.json().readTree(campaignDir.resolve("index.json").toFile());
        JsonNode kept = null;
        for (JsonNode r : index.path("runs")) {
            if (r.path("id").asText().equals(firstDone.path("id").asText())) kept = r;
        }
        assertThat(kept).isNotNull();
        assertThat(kept.at("/receiver/runId").asText()).as("not made again").isEqualTo(firstDone.at("/receiver/runId").asText());
        assertThat(kept.path("ended").asText()).isEqualTo(firstDone.path("ended").asText());
    }

    @Test
    void everyRunIsCollectedWithItsTwoRunDirectories() throws Exception {
        JsonNode index = RunDirectory.json().readTree(campaignDir.resolve("index.json").toFile());
        assertThat(index.path("format").asText()).isEqualTo("tsnlat-campaign-index");
        List<String> ids = new ArrayList<>();
        for (JsonNode r : index.path("runs")) {
            ids.add(r.path("id").asText());
            assertThat(r.path("state").asText()).as(r.toString()).isEqualTo("done");
            assertThat(r.at("/receiver/exit").asInt(-1)).as(r.toString()).isZero();
            assertThat(r.at("/sender/exit").asInt(-1)).as(r.toString()).isZero();
            assertThat(r.path("received").asLong()).as(r.toString()).isEqualTo(3000);
            Path rx = campaignDir.resolve(r.at("/receiver/dir").asText());
            Path tx = campaignDir.resolve(r.at("/sender/dir").asText());
            assertThat(rx.resolve("report.json")).exists();
            assertThat(rx.resolve("meta.json")).exists();
            assertThat(tx.resolve("meta.json")).exists();
            assertThat(rx.toString()).contains("/runs/" + r.path("variant").asText() + "/" + r.path("pair").asText()
                    + "/rep-" + r.path("repetition").asInt() + "/recv/");
            JsonNode report = RunDirectory.json().readTree(rx.resolve("report.json").toFile());
            assertThat(report.at("/packets/lost").asLong()).isZero();
            if (r.path("variant").asText().equals("big")) {
                JsonNode meta = RunDirectory.json().readTree(tx.resolve("meta.json").toFile());
                assertThat(meta.toString()).contains("512");
            }
        }
        assertThat(ids).containsExactlyInAnyOrder("plain/a-to-b/rep-1", "plain/c-to-d/rep-1", "big/a-to-b/rep-1",
                "big/c-to-d/rep-1", "plain/a-to-b/rep-2", "plain/c-to-d/rep-2", "big/a-to-b/rep-2", "big/c-to-d/rep-2");
    }

    @Test
    void theComparisonOfAllRunsIsWritten() throws Exception {
        String text = Files.readString(campaignDir.resolve("compare.txt"));
        assertThat(text).contains("plain/a-to-b/rep-1").contains("big/c-to-d/rep-2").contains("packets received")
                .contains("  big: send --size 512; recv -\n").contains("  plain: send -; recv -\n")
                .doesNotContain("nothing: same");
        assertThat(campaignDir.resolve("compare.html")).isNotEmptyFile();
        assertThat(campaignDir.resolve("plan.yaml")).hasSameTextualContentAs(plan);
        JsonNode index = RunDirectory.json().readTree(campaignDir.resolve("index.json").toFile());
        assertThat(index.at("/compare/runs").asInt()).isEqualTo(8);
    }

    @Test
    void pairsThatShareNoAgentMeasuredAtOnce() {
        // both pairs of the first wave were started before either was done
        String out = killedOutput + resumed.out();
        assertThat(out).contains("a-to-b/rep-1: receiver on b").contains("c-to-d/rep-1: receiver on d");
        int startedSecond = Math.max(out.indexOf("plain/a-to-b/rep-1: receiver on b"), out.indexOf("plain/c-to-d/rep-1: receiver on d"));
        int doneFirst = Math.min(indexOr(out, "plain/a-to-b/rep-1: done"), indexOr(out, "plain/c-to-d/rep-1: done"));
        assertThat(startedSecond).as(out).isLessThan(doneFirst);
    }

    private static int indexOr(String s, String what) {
        int i = s.indexOf(what);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
