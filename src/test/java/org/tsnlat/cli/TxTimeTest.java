package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * --txtime (SO_TXTIME launch times, docs/tsn.md) over loopback: accepted by the kernel, not
 * enforced (lo has no etf or taprio), every probe received; bad usage refused with exit 2.
 */
class TxTimeTest {
    @TempDir Path runs;

    @Test
    void anOffsetOfThePeriodOrMoreIsRefused() {
        Cli c = Cli.run("run", "-n", "5", "--period", "1ms", "--txtime", "1ms", "--runs-dir", runs.toString());
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("--txtime 1ms must be less than the period (1ms)");
        Cli send = Cli.run("send", "127.0.0.1:9", "-n", "5", "--period", "1ms", "--txtime", "2ms",
                "--runs-dir", runs.toString());
        assertThat(send.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(send.err()).contains("--txtime 2ms must be less than the period (1ms)");
    }

    @Test
    void aZeroOrNegativeOffsetIsRefused() {
        for (String offset : new String[] {"0us", "-5us"}) {
            Cli c = Cli.run("run", "-n", "5", "--txtime", offset, "--runs-dir", runs.toString());
            assertThat(c.exitCode()).as(offset).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).as(offset).contains("--txtime");
        }
    }

    @Test
    void theDeadlineModeNeedsAnOffset() {
        for (String cmd : new String[] {"run", "send 127.0.0.1:9"}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(cmd.split(" ")));
            args.addAll(java.util.List.of("-n", "5", "--txtime-deadline", "--runs-dir", runs.toString()));
            Cli c = Cli.run(args.toArray(String[]::new));
            assertThat(c.exitCode()).as(cmd).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).as(cmd).contains("--txtime-deadline needs --txtime");
        }
    }

    @Test
    @Needs(Need.ROOT)
    void runWithALaunchTimeOverLoopbackReceivesEveryProbe() throws Exception {
        Cli r = Cli.run("run", "-n", "600", "--period", "1ms", "--warmup", "100ms", "--txtime", "200us",
                "--txtime-deadline", "--no-live", "--runs-dir", runs.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        var report = RunDirectory.json().readTree(r.runDirectory().resolve("report.json").toFile());
        assertThat(report.at("/packets/received").asLong()).isEqualTo(600);
        assertThat(report.at("/packets/lost").asLong()).isZero();
    }
}
