package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabState;
import org.tsnlat.lab.Role;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.sync.PortState;
import org.tsnlat.sync.PtpManagementClient;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * A run in a lab with ptp4l on both ends; the receiver's ptp4l is stopped halfway: the run goes
 * on and completes, and every interval after the stop is untrusted for that reason.
 */
@Needs({Need.ROOT, Need.IP, Need.PTP4L, Need.PMC})
class PtpStoppedMidRunTest {
    @TempDir Path runs;

    /** Waits until the run's directory says its loops run (its ready file). */
    private void awaitMeasuring() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            try (var files = Files.walk(runs)) {
                if (files.anyMatch(f -> f.getFileName().toString().equals(RunDirectory.READY))) return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run did not start measuring within 60 s");
    }

    @Test
    void intervalsAfterPtp4lStopsAreUntrustedAndTheRunCompletes() throws Exception {
        String name = "run-" + ProcessHandle.current().pid();
        var run = CompletableFuture.supplyAsync(() -> Cli.run("run", "--lab", "veth", "--ptp", "-d", "16s",
                "--warmup", "0", "--runs-dir", runs.toString(), "--no-live"));
        LabState lab = awaitLab(name);
        try (PtpManagementClient c = PtpManagementClient.open(lab.ptpSocket(Role.LISTENER), 0, 0, Duration.ofMillis(300))) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            while (c.portDataSet().portState() != PortState.SLAVE && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            assertThat(c.portDataSet().portState()).isEqualTo(PortState.SLAVE);
        }
        awaitMeasuring(); // the lab waits for a settled slave before the run starts: kill ptp4l once it measures
        Thread.sleep(2000);
        long stoppedTaiNs = Clock.readNs(ClockId.TAI);
        ProcessHandle.of(lab.ptp4lPids().get(Role.LISTENER)).orElseThrow().destroy(); // ptp4l we started, by pid
        Cli r = run.get(60, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.UNTRUSTED);
        assertThat(r.out()).contains("run: complete").contains("receiver's ptp4l not answering");
        Path dir = r.runDirectory();
        assertThat(dir.resolve("report.json")).exists();
        long originNs;
        try (RecordFileReader rr = RecordFileReader.open(dir.resolve("rx.records"))) {
            PacketRecord rec = new PacketRecord();
            assertThat(rr.next(rec)).isTrue();
            originNs = rec.swRxNs;
        }
        List<JsonNode> intervals = Files.readAllLines(dir.resolve("intervals.jsonl")).stream().map(l -> {
            try {
                return RunDirectory.json().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        int after = 0;
        for (JsonNode i : intervals) {
            long start = originNs + i.path("startNs").asLong();
            if (start >= stoppedTaiNs + 1_000_000_000L) {
                assertThat(i.path("trust").asText()).as(i.toString()).isEqualTo("UNTRUSTED");
                assertThat(i.path("reasons").toString()).contains("receiver's ptp4l not answering");
                after++;
            }
        }
        assertThat(after).as("intervals after the stop").isGreaterThanOrEqualTo(2);
    }

    private static LabState awaitLab(String name) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            var s = Lab.status(name);
            if (s.isPresent() && s.get().ptp4lPids().containsKey(Role.LISTENER) && s.get().ptpSocket(Role.LISTENER) != null
                    && Files.exists(s.get().ptpSocket(Role.LISTENER))) {
                return s.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("lab " + name + " never came up");
    }
}
