package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --breaktrace SPAN} on run, send and recv: refused without --explain as --explain-above is
 * (one line, exit 2, nothing measured), and said in each command's help with its default (off).
 */
class BreaktraceOptionsTest {
    @TempDir Path runs;

    @Test
    void breaktraceWithoutExplainIsRefusedInEveryMeasuringCommand() throws Exception {
        for (String cmd : new String[] {"run", "send 127.0.0.1", "recv"}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(cmd.split(" ")));
            args.addAll(java.util.List.of("-n", "10", "--breaktrace", "1ms", "--runs-dir", runs.toString(), "--no-live"));
            Cli c = Cli.run(args.toArray(String[]::new));
            assertThat(c.exitCode()).as(cmd + ": " + c.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err().lines().count()).as(c.err()).isEqualTo(1);
            assertThat(c.err()).as(cmd).contains("--breaktrace needs --explain").doesNotContain("Exception");
        }
        try (var left = Files.list(runs)) {
            assertThat(left).as("no run directory left behind").isEmpty();
        }
        assertThat(Cli.run("run", "--explain", "--breaktrace", "5").err()).contains("--breaktrace").contains("has no unit");
        assertThat(Cli.run("run", "--explain", "--breaktrace", "0ms").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpSaysWhatBreaktraceDoesAndThatItIsOffByDefault() {
        for (String cmd : new String[] {"run", "send", "recv"}) {
            String help = Cli.run(cmd, "--help").out().replaceAll("\\s+", " ");
            assertThat(help).as(cmd).contains("--breaktrace=SPAN").contains("With --explain, as cyclictest's --breaktrace")
                    .contains("running median by more than SPAN").contains("(default: off)");
        }
    }
}
