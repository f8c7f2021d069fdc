package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/**
 * Ctrl-C or SIGTERM while a run that has ended waits (--metrics-linger) for a scrape of its final
 * figures: the wait ends at once and the summary and the reports are written as ever, the run as it
 * ended (complete, not interrupted: every probe was measured); the process exits with the signal's
 * code. Before, the wait went on, the signal's grace (15 s) ran out first, and nothing was printed
 * nor report.json written.
 */
class MetricsLingerSignalTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalDuringTheLingerEndsItAndTheReportsAreWritten(String signal, int exit) throws Exception {
        Path out = tmp.resolve("out.txt");
        Process p = Cli.startInChildJvm(out, "run", "-n", "500", "--period", "1ms", "--warmup", "100ms",
                "--metrics", "127.0.0.1:0", "--metrics-linger", "10m", "--no-live", "--runs-dir", tmp.resolve("runs").toString());
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // the 0.5 s of probes are over: it lingers, nobody scrapes, and it says so
            while (!Files.readString(out).contains("tsnlat run: metrics: the measurement has ended; its final figures are "
                    + "served until a scrape takes them, at most 10m (--metrics-linger; Ctrl-C ends the wait)")) {
                assertThat(p.isAlive() && System.nanoTime() < until).as(Files.readString(out)).isTrue();
                Thread.sleep(50);
            }
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String printed = Files.readString(out);
            assertThat(p.exitValue()).as(printed).isEqualTo(exit);
            assertThat(printed).contains("tsnlat run: metrics: stopped (Ctrl-C or SIGTERM) before a scrape saw the final figures")
                    .contains("run: complete").contains("run directory: ").doesNotContain("Exception");
            Path dir = Path.of(printed.lines().filter(l -> l.startsWith("run directory: ")).findFirst().orElseThrow()
                    .substring(15));
            assertThat(RunDirectory.json().readTree(dir.resolve("meta.json").toFile()).at("/end/reason").asText())
                    .isEqualTo("complete");
            var report = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
            assertThat(report.at("/packets/received").asLong()).isEqualTo(500);
        } finally {
            p.destroyForcibly();
        }
    }
}
