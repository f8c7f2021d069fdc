package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/**
 * A loopback run's meta.json says what the host did while it measured (envDuring): CPU times,
 * softirqs and interrupts that changed, and the threads on the measuring threads' CPUs, this run's
 * tsnlat-rx and tsnlat-tx among them; the summary and report.json say it too. A run shorter than its
 * warm-up says it has no differences. No root needed: SCHED_OTHER, --rx-cpu 0 --tx-cpu 1.
 */
class EnvDuringRunTest {
    @TempDir Path tmp;

    @Test
    void aRunRecordsTheHostsCountersOverItsFiguresAndItsOwnThreadsOnTheirCpus() throws Exception {
        Cli run = Cli.run(args("-n", "3000")); // the default 2 s warm-up, then 1 s of figures
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        Path dir = run.runDirectory();
        JsonNode meta = RunDirectory.json().readTree(dir.resolve("meta.json").toFile());
        JsonNode d = meta.path("envDuring");
        assertThat(d.path("format").asText()).isEqualTo("tsnlat-env-during");
        assertThat(d.has("noDeltas")).isFalse();
        assertThat(d.path("spanNs").asLong()).isBetween(500_000_000L, 10_000_000_000L);
        assertThat(d.path("startBeforeFiguresNs").asLong()).isBetween(0L, 300_000_000L);
        assertThat(d.path("cpusOfInterest").asText()).isEqualTo("0-1");
        for (String cpu : List.of("cpu0", "cpu1")) {
            JsonNode t = d.path("cpus").path(cpu);
            for (String state : List.of("userMs", "systemMs", "idleMs", "irqMs", "softirqMs", "stealMs", "stealPercent")) {
                assertThat(t.path(state).isNumber()).as(cpu + " " + state).isTrue();
                assertThat(t.path(state).asDouble()).as(cpu + " " + state).isNotNegative();
            }
        }
        List<Long> softirqs = new ArrayList<>();
        d.path("softirqs").forEach(kind -> kind.forEach(n -> softirqs.add(n.asLong())));
        assertThat(softirqs).isNotEmpty().allMatch(n -> n >= 0);
        assertThat(d.path("interrupts").findValuesAsText("irq")).contains("LOC"); // the local timer ticks in a second
        int rx = d.path("measuringThreads").path("tsnlat-rx").asInt();
        int tx = d.path("measuringThreads").path("tsnlat-tx").asInt();
        assertThat(tids(d.path("threads").path("cpu0"))).contains(rx);
        assertThat(tids(d.path("threads").path("cpu1"))).contains(tx);

        String text = Files.readString(dir.resolve("report.txt"));
        assertThat(text).contains("during the run (").containsPattern("steal cpu0 \\d+\\.\\d %, cpu1 \\d+\\.\\d %")
                .contains("threads on cpu0 besides tsnlat-rx ").contains("threads on cpu1 besides tsnlat-tx ");
        JsonNode report = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
        assertThat(report.at("/during/cpus/cpu1/stealPercent").isNumber()).isTrue();

        // a directory from before the field: no envDuring, no such lines, still read
        ObjectNode old = (ObjectNode) meta;
        old.remove("envDuring");
        Files.writeString(dir.resolve("meta.json"), RunDirectory.json().writeValueAsString(old));
        Cli again = Cli.run("report", dir.toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).doesNotContain("during the run");
    }

    @Test
    void aRunShorterThanItsWarmupHasNoDifferences() throws Exception {
        Cli run = Cli.run(args("-n", "300")); // 0.3 s of probes, all in the 2 s warm-up
        Path dir = run.runDirectory();
        JsonNode d = RunDirectory.json().readTree(dir.resolve("meta.json").toFile()).path("envDuring");
        assertThat(d.path("noDeltas").asText()).contains("ended within its warm-up");
        assertThat(d.has("cpus")).isFalse();
        assertThat(run.out()).contains("during the run: the run ended within its warm-up");
    }

    private String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--period", "1ms", "--policy", "OTHER", "--rx-cpu", "0",
                "--tx-cpu", "1", "--no-live", "--runs-dir", tmp.resolve("runs").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static List<Integer> tids(JsonNode cpuThreads) {
        List<Integer> tids = new ArrayList<>();
        cpuThreads.path("top").forEach(t -> tids.add(t.path("tid").asInt()));
        return tids;
    }
}
