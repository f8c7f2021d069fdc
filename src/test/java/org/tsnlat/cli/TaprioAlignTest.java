package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** --taprio-align on this machine: lo has no taprio (nor has the kernel), so send and run refuse with exit 3, before any probe. */
class TaprioAlignTest {
    @TempDir Path runs;

    @Test
    @Needs(Need.TC)
    void sendAndRunRefuseWithoutATaprioOnTheEgressInterface() throws Exception {
        for (String cmd : new String[] {"run", "send 127.0.0.1:9"}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(cmd.split(" ")));
            args.addAll(java.util.List.of("-n", "5", "--taprio-align", "--taprio-shift", "100us", "--runs-dir", runs.toString()));
            Cli c = Cli.run(args.toArray(String[]::new));
            assertThat(c.exitCode()).as(cmd + ": " + c.err()).isEqualTo(3);
            assertThat(c.err()).as(cmd).contains("--taprio-align: the egress qdisc of lo is ").contains(", not taprio")
                    .contains("(docs/tsn.md)");
        }
        try (var dirs = java.nio.file.Files.list(runs)) {
            assertThat(dirs.toList()).as("refused before a run directory").isEmpty();
        }
    }

    @Test
    void theShiftNeedsAlignAndAlignExcludesABaseTime() {
        Cli shift = Cli.run("send", "127.0.0.1:9", "-n", "5", "--taprio-shift", "1us", "--runs-dir", runs.toString());
        assertThat(shift.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(shift.err()).contains("--taprio-shift needs --taprio-align");
        Cli base = Cli.run("send", "127.0.0.1:9", "-n", "5", "--taprio-align", "--base-time", "0", "--runs-dir", runs.toString());
        assertThat(base.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(base.err()).contains("--taprio-align and --base-time exclude each other: give one");
    }
}
