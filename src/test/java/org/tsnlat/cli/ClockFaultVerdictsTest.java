package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.stats.MetricStats;
import org.tsnlat.stats.UsecFormat;

/**
 * The verdicts follow an injected fault of the sender's clock (both ends share one kernel clock
 * here, so the fault is the only disagreement): a +50 ms step halfway through a 20 s run, and a
 * 100 ppm drift.
 */
class ClockFaultVerdictsTest {
    private static final long S = 1_000_000_000L;
    @TempDir Path runs;

    private static List<JsonNode> intervals(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("intervals.jsonl")).stream().map(l -> {
            try {
                return RunDirectory.json().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void aStepHalfwayMakesTheRestUntrustedAndTheTrustedFiguresAreTheFirstHalfs() throws Exception {
        Cli r = Cli.run("run", "-d", "20s", "--warmup", "0", "--inject-clock-fault", "step:+50ms@10s",
                "--runs-dir", runs.toString(), "--no-live");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.UNTRUSTED);
        Path dir = r.runDirectory();
        JsonNode report = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
        assertThat(report.at("/packets/received").asLong()).isEqualTo(20_000);
        assertThat(report.at("/packets/lost").asLong()).isZero();

        List<JsonNode> iv = intervals(dir);
        int firstUntrusted = iv.stream().filter(i -> i.path("trust").asText().equals("UNTRUSTED"))
                .mapToInt(i -> i.path("index").asInt()).min().orElseThrow();
        assertThat(iv.subList(firstUntrusted, iv.size())).allMatch(i -> i.path("trust").asText().equals("UNTRUSTED"));

        // the step came 10 s after the run's start (the fault's origin): find it in the sender's
        // records and check the first untrusted interval begins within 1 s before it
        long originRxNs = -1;
        MetricStats firstHalf = new MetricStats("latency");
        long stepRxNs = Long.MAX_VALUE;
        try (RecordFileReader rx = RecordFileReader.open(dir.resolve("rx.records"))) {
            PacketRecord rec = new PacketRecord();
            while (rx.next(rec)) {
                if (originRxNs < 0) originRxNs = rec.swRxNs;
                long latency = rec.swRxNs - rec.appTxNs;
                if (latency < -40_000_000L) stepRxNs = Math.min(stepRxNs, rec.swRxNs);
                if (rec.swRxNs < originRxNs + firstUntrusted * S) firstHalf.record(latency, rec.seq, rec.swRxNs);
            }
        }
        long firstUntrustedStart = originRxNs + firstUntrusted * S;
        assertThat(stepRxNs - firstUntrustedStart).as("first untrusted interval starts within 1 s before the step")
                .isBetween(0L, S);
        assertThat(firstHalf.count()).isBetween(8_000L, 10_500L);
        String expected = UsecFormat.fieldLine("latency min/avg/max/stddev", firstHalf.summary());
        assertThat(r.out()).contains("  " + expected + "\n");
        assertThat(report.at("/metrics/latency/count").asLong()).isEqualTo(firstHalf.count());
        assertThat(report.at("/metrics/latency-all/count").asLong()).as("every probe, the untrusted ones too")
                .isEqualTo(20_000);
        assertThat(r.out()).as("the longer name keeps its column").containsPattern("\n  latency-all +p50 ");
    }

    @Test
    void aDriftMarksIntervalsOnceTheOffsetPassesTheLimit() throws Exception {
        Cli r = Cli.run("run", "-d", "8s", "--warmup", "0", "--inject-clock-fault", "drift:100ppm",
                "--runs-dir", runs.toString(), "--no-live");
        Path dir = r.runDirectory();
        // 100 ppm reaches the 50 us two-way limit (and makes latencies negative) within 0.5 s of
        // the fault's origin, which is ~0.2 s before the first probe: from interval 1 on, none is trusted
        List<JsonNode> iv = intervals(dir);
        assertThat(iv).hasSizeGreaterThanOrEqualTo(7);
        assertThat(iv.subList(1, iv.size())).allSatisfy(i -> assertThat(i.path("trust").asText()).as(i.toString())
                .isIn("SUSPECT", "UNTRUSTED"));
        assertThat(iv.get(iv.size() - 2).path("reasons").toString()).contains("two-way offset");
    }
}
