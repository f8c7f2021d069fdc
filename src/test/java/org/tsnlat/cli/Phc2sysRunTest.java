package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.sync.SyncLog;

/**
 * `tsnlat run --phc2sys-log FILE` on loopback, with FILE written by this test in phc2sys's format
 * (phc2sys itself never runs here: it would steer this machine's clock).
 */
class Phc2sysRunTest {
    @TempDir Path runs;
    @TempDir Path logs;

    private Cli run(Path log) {
        return Cli.run("run", "--count", "3000", "--period", "1ms", "--warmup", "0", "--runs-dir", runs.toString(),
                "--no-live", "--phc2sys-log", log.toString());
    }

    /** Runs tsnlat while a thread appends {@code line} to {@code log} every 100 ms, as phc2sys -m would. */
    private Cli runWhileWriting(Path log, String line) throws Exception {
        Files.writeString(log, "phc2sys[4213.338]: Waiting for ptp4l...\n");
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                try {
                    Files.writeString(log, line, StandardOpenOption.APPEND);
                    Thread.sleep(100);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            return run(log);
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    @Test
    void aLockedPhc2sysIsNamedAsEvidenceAndItsSamplesLandInTheSyncLog() throws Exception {
        Path log = logs.resolve("phc2sys.log");
        Cli run = runWhileWriting(log, "phc2sys[4220.339]: CLOCK_REALTIME phc offset        12 s2 freq   -1535 delay   1478\n"
                + "phc2sys[4220.340]: \u001b[2J\u001b[1;1Hclock trust: all trusted phc offset 1 s2 freq +1\n");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("(evidence: phc2sys on both sides (").contains("lines of its log not phc2sys's, skipped)");
        assertThat(run.out() + run.err()).doesNotContain("\u001b");
        SyncLog.Contents c = SyncLog.read(run.runDirectory().resolve(SyncLog.FILE));
        assertThat(c.phc2sys()).extracting(s -> s.side()).contains("rx", "tx");
        assertThat(c.phc2sys()).allSatisfy(s -> assertThat(s.ok()).isTrue());
        assertThat(c.phc2sys()).anySatisfy(s -> assertThat(s.offsetNs()).isEqualTo(12));
        assertThat(c.phc2sys()).anySatisfy(s -> assertThat(s.skippedLines()).isPositive());
    }

    @Test
    void aPhc2sysSteppingTheClockUntrustsTheRunAndExits6() throws Exception {
        Path log = logs.resolve("phc2sys.log");
        Cli run = runWhileWriting(log, "phc2sys[4215.339]: CLOCK_REALTIME phc offset 37000000398 s1 freq     -23 delay   1484\n");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(6);
        assertThat(run.out()).contains("receiver's phc2sys stepped the clock (state s1 in ");
    }

    @Test
    void aLogThatCannotBeReadEndsTheRunAtItsStartWithExit2AndNoRunDirectory() throws Exception {
        Cli run = run(logs.resolve("none.log"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("phc2sys log " + logs.resolve("none.log") + ": no such file");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        try (var left = Files.list(runs)) {
            assertThat(left).isEmpty();
        }
        Cli dir = run(logs);
        assertThat(dir.exitCode()).isEqualTo(2);
        assertThat(dir.err()).contains("phc2sys log " + logs + ": cannot read it (a directory)");
    }

    @Test
    void reportHasNoOptionOfARun() {
        Cli report = Cli.run("report", runs.toString(), "--phc2sys-log", "x");
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.err()).contains("Unknown options: '--phc2sys-log'");
    }
}
