package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * Issue 14's third acceptance: a UDP flood through the receiver's interface (the lab's load, 2
 * Gbit/s asked through a veth pair: as much as this machine's two CPUs move) during a 12 s run
 * with --explain. The flood's own work, its sink's and its sender's threads holding the
 * receiver's CPU in the kernel and its NET_RX softirq, is named for the outliers it causes: at
 * least three explained outliers have more than half their excess covered by it, each late in
 * its pick-up (the packet in, the receiver not yet running) or its wake-up (the flood's sender
 * holding the sender's CPU), some in the pick-up, and the load is among the run's top causes. (How many outliers the flood causes varies by run and host; which stage, and that the
 * flood is named for them, does not.)
 */
@Needs({Need.ROOT, Need.IP})
class ExplainFloodTest {
    @TempDir Path runs;

    private static boolean flood(String cause) {
        return cause.contains("tsnlat-load") || cause.contains("NET_RX softirq");
    }

    @Test
    void aUdpFloodIsNamedForTheOutliersItCausesInTheirPickUp() throws Exception {
        Cli run = Cli.inChildJvm(runs.resolve("out.txt"), 180, "run", "-t", "veth", "--load", "2gbit", "-d", "12s",
                "--rx-cpu", "0", "--tx-cpu", "1", "--explain", "--runs-dir", runs.resolve("runs").toString(), "--no-live");
        String both = run.out();
        assertThat(run.exitCode()).as(both).isZero();
        assertThat(both).contains("background load sent");
        Path dir = run.runDirectory();
        JsonNode outliers = RunDirectory.json().readTree(dir.resolve(RunDirectory.REPORT_JSON).toFile()).path("outliers");
        assertThat(outliers.isObject()).as(both).isTrue();
        List<String> byFlood = new ArrayList<>();
        for (JsonNode o : outliers.path("explained")) {
            long floodNs = 0;
            for (JsonNode c : o.path("causes")) {
                if (flood(c.path("cause").asText())) floodNs += c.path("ns").asLong();
            }
            if (floodNs * 2 > o.path("excessNs").asLong()) {
                byFlood.add(o.path("seq").asLong() + " " + o.path("lateStage").asText() + " " + floodNs / 1000 + " us");
            }
        }
        System.out.printf("--explain under a UDP flood through veth: %d outliers, %d explained, %d of them mostly the flood's: %s%n",
                outliers.path("count").asLong(), outliers.path("explained").size(), byFlood.size(), byFlood);
        assertThat(byFlood).as("explained outliers mostly the flood's: %s", both).hasSizeGreaterThanOrEqualTo(3);
        // the flood's threads hold the receiver's CPU (pick-up) or, its sender, the sender's (wake-up)
        assertThat(byFlood).as("late in their pick-up or wake-up").allMatch(s -> s.contains(" pick-up ") || s.contains(" wake-up "));
        assertThat(byFlood).as("some late in their pick-up").anyMatch(s -> s.contains(" pick-up "));
        List<String> top = new ArrayList<>();
        outliers.path("topCauses").forEach(c -> top.add(c.path("cause").asText()));
        assertThat(top).as("the run's top causes").anyMatch(ExplainFloodTest::flood);
        assertThat(Files.readString(dir.resolve(RunDirectory.REPORT_TXT))).contains("tsnlat-load");
    }
}
