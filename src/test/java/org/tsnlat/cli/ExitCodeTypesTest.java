package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.exit.Exit;
import org.tsnlat.exit.UsageException;
import org.tsnlat.rundir.RunDirectoryException;
import org.tsnlat.run.SetupException;

/**
 * Exit codes come from the failure's type, never from a guess: an exception that carries no exit
 * code is an internal fault (1), whatever its class; options out of range are refused as they are
 * parsed (2); a write that fails fails the command (4).
 */
class ExitCodeTypesTest {
    @TempDir static Path tmp;
    static Path run;

    @BeforeAll
    static void aRun() {
        Cli c = Cli.run("run", "-n", "200", "-i", "1ms", "--warmup", "0", "--runs-dir", tmp.toString(), "--no-live");
        assertThat(c.exitCode()).as(c.out() + c.err()).isZero();
        run = c.runDirectory();
    }

    @Test
    void anUntypedIllegalArgumentIsAnInternalFaultNotBadUsage() {
        assertThat(Main.exitCode(new IllegalArgumentException("a bug"))).isEqualTo(1);
        assertThat(Main.oneLine(new IllegalArgumentException("a bug"))).startsWith("internal error:");
        assertThat(Main.exitCode(new IllegalStateException())).isEqualTo(1);
    }

    @Test
    void typedFailuresCarryTheirOwnCode() {
        assertThat(Main.exitCode(new UsageException("x"))).isEqualTo(2);
        assertThat(Main.exitCode(new RunDirectoryException("x"))).isEqualTo(4);
        assertThat(Main.exitCode(new SetupException("x", null))).isEqualTo(3);
        assertThat(Main.exitCode(new SetupException(Exit.NOT_GRANTED, "x", null))).isEqualTo(9);
        assertThat(Main.oneLine(new UsageException("one\ntwo"))).isEqualTo("one");
    }

    @Test
    void outOfRangeOptionsAreRefusedAtParseTimeWithTheirName() {
        String dir = run.toString();
        for (String[] bad : new String[][] {
                {"--trust-interval", "1ns"}, {"--trust-interval", "2h"}, {"--histogram-max", "2000000000"},
                {"--histogram-max", "-5"}, {"--max-min-drift", "0"}, {"--max-min-drift", "NaN"}, {"--ptp-domain", "300"}}) {
            Cli c = Cli.run("report", dir, "--format", "histogram", bad[0], bad[1]);
            assertThat(c.exitCode()).as(String.join(" ", bad) + ": " + c.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).contains(bad[0]).doesNotContain("internal error").doesNotContain("Exception");
        }
        for (String[] bad : new String[][] {{"--count", "0"}, {"--priority", "0"}, {"--priority", "100"}, {"--reflect-every", "-1"}, {"--size", "65508"}}) {
            Cli c = Cli.run("run", bad[0], bad[1], "--runs-dir", tmp.toString());
            assertThat(c.exitCode()).as(String.join(" ", bad) + ": " + c.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).contains(bad[0]).doesNotContain("internal error");
        }
    }

    @Test
    void aReportThatCannotBeWrittenFailsNamingTheFileAndTheReason() {
        Cli c = Cli.run("report", run.toString(), "-o", "/dev/full");
        assertThat(c.exitCode()).as(c.err()).isEqualTo(ExitCodes.RUN_DIRECTORY);
        assertThat(c.err()).contains("/dev/full: cannot write (No space left on device)");

        Cli missing = Cli.run("report", run.toString(), "-o", tmp.resolve("no/such/dir/r.txt").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.RUN_DIRECTORY);
        assertThat(missing.err()).contains("r.txt: cannot write (no such file)");
    }

    @Test
    void standardOutputThatFailsFailsTheCommand() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"report", run.toString()}, new PrintStream(full, true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(ExitCodes.RUN_DIRECTORY);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("standard output: cannot write");
    }

    @Test
    void theDocsListEveryExitCodeWithItsMeaning() throws Exception {
        String page = Files.readString(Path.of("docs/exit-codes.md"));
        String readme = Files.readString(Path.of("README.md"));
        for (Exit e : Exit.values()) {
            assertThat(page).as("docs/exit-codes.md").contains("| " + e.code() + " | " + e.meaning() + " |");
            assertThat(readme).as("README.md").containsPattern("(?m)^\\| " + e.code() + " \\| ");
        }
    }
}
