package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.rundir.RunDirectory;

/** Tier 2: `tsnlat run` over 127.0.0.1, 3000 probes at 1 ms, then `tsnlat report` on its directory. */
class LoopbackRunTest {
    @TempDir static Path runs;
    static Cli run;
    static Path dir;

    @BeforeAll
    static void measure() {
        run = Cli.run("run", "--count", "3000", "--period", "1ms", "--warmup", "0", "--runs-dir", runs.toString(), "--no-live");
        dir = run.runDirectory();
    }

    @Test
    void printsTheFieldSummaryAndTheRunDirectory() {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^Total: 3000 packets$")
                .containsPattern("(?m)^  latency min/avg/max/stddev \\(usec\\): [0-9]+\\.[0-9]{3}/[0-9]+\\.[0-9]{3}/[0-9]+\\.[0-9]{3}/[0-9]+\\.[0-9]{3}$")
                .containsPattern("(?m)^  delta min/avg/max/stdev \\(usec\\): [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+$");
        assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().equals("meta.json"));
    }

    @Test
    void losesNothingAndEveryLatencyIsPositive() throws Exception {
        JsonNode r = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
        assertThat(r.at("/packets/lost").asLong()).isZero();
        assertThat(r.at("/packets/received").asLong()).isEqualTo(3000);
        assertThat(r.at("/metrics/latency/negativeCount").asLong()).isZero();
        assertThat(r.at("/metrics/latency/minNs").asLong()).isPositive();
        try (RecordFileReader reader = RecordFileReader.open(dir.resolve("rx.records"))) {
            PacketRecord rec = new PacketRecord();
            long n = 0;
            while (reader.next(rec)) {
                assertThat(rec.swRxNs - rec.appTxNs).as("latency of seq %d", rec.seq).isPositive();
                n++;
            }
            assertThat(n).isEqualTo(3000);
        }
    }

    @Test
    void followUpsCarryTheSendersKernelTxTimestampsOfThePreviousProbe() throws Exception {
        java.util.Map<Long, long[]> txStamps = new java.util.HashMap<>();
        try (RecordFileReader reader = RecordFileReader.open(dir.resolve("tx.records"))) {
            PacketRecord rec = new PacketRecord();
            while (reader.next(rec)) {
                txStamps.put(rec.seq, new long[] {rec.schedTxNs, rec.swTxNs});
            }
        }
        assertThat(txStamps).hasSize(3000);
        try (RecordFileReader reader = RecordFileReader.open(dir.resolve("rx.records"))) {
            PacketRecord rec = new PacketRecord();
            long checked = 0;
            while (reader.next(rec)) {
                if (rec.seq > 0) {
                    long[] prev = txStamps.get(rec.seq - 1);
                    assertThat(new long[] {rec.fuSchedTxNs, rec.fuSwTxNs}).as("follow-up in seq %d", rec.seq).isEqualTo(prev);
                    assertThat(prev[0]).isPositive();
                    checked++;
                }
            }
            assertThat(checked).isEqualTo(2999);
        }
    }

    @Test
    void inSyncEveryIntervalIsTrustedAndNothingExcluded() throws Exception {
        JsonNode r = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
        assertThat(r.at("/trust/intervals").asInt()).isBetween(3, 4);
        assertThat(r.at("/trust/trusted").asInt()).isEqualTo(r.at("/trust/intervals").asInt());
        assertThat(r.at("/trust/excludedPackets").asLong()).isZero();
        assertThat(r.at("/metrics").has("latency-all")).isFalse();
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void deltaAverageIsWithinOnePercentOfThePeriod() throws Exception {
        JsonNode r = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
        assertThat(r.at("/metrics/delta/meanNs").asDouble()).isBetween(990_000.0, 1_010_000.0);
    }

    @Test
    void reportRebuildsTheLiveSummaryFieldByField() throws Exception {
        Cli json = Cli.run("report", dir.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(RunDirectory.json().readTree(json.out()))
                .isEqualTo(RunDirectory.json().readTree(dir.resolve("report.json").toFile()));
        Cli text = Cli.run("report", dir.toString());
        assertThat(text.out()).isEqualTo(Files.readString(dir.resolve("report.txt")));
    }

    @Test
    void sayWhichTimestampsAndSchedulingWereUsed() throws Exception {
        assertThat(run.out()).contains("sw rx (3000) minus sender's app tx").contains("run: complete");
        JsonNode meta = RunDirectory.json().readTree(dir.resolve("meta.json").toFile());
        assertThat(meta.at("/tuning/threads").size()).isEqualTo(2);
        java.util.BitSet allowed = org.tsnlat.linux.Scheduling.getAffinity();
        if (allowed.cardinality() >= 2 && org.tsnlat.linux.Scheduling.geteuid() == 0) {
            // real-time and no placement asked for: the two threads on CPUs of their own
            int last = allowed.length() - 1;
            assertThat(meta.at("/tuning/threads/0").asText()).startsWith("tsnlat-rx:")
                    .contains(", CPUs " + allowed.previousSetBit(last - 1) + ",");
            assertThat(meta.at("/tuning/threads/1").asText()).startsWith("tsnlat-tx:").contains(", CPUs " + last + ",");
        }
        assertThat(meta.at("/end/sent").asLong()).isEqualTo(3000);
        assertThat(meta.at("/end/announcedTotal").asLong()).isEqualTo(3000);
    }
}
