package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/** Ctrl-C (SIGINT) stops a run early, and the summary and a complete run directory are still written. */
class InterruptedRunTest {
    @TempDir Path runs;

    @Test
    void sigintWritesTheSummaryAndACompleteDirectory() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = runs.resolve("out.txt");
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.tsnlat.cli.Main", "run", "--duration", "60s",
                "--warmup", "500ms", "--runs-dir", runs.resolve("r").toString(), "--live"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out).matches("(?s).* rx [1-9][0-9]* received .*") && System.nanoTime() < until) {
                Thread.sleep(100); // the live line shows probes are flowing
            }
            Thread.sleep(1000);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String printed = Files.readString(out);
            assertThat(p.exitValue()).as(printed).isEqualTo(130);
            assertThat(printed).containsPattern("(?m)^ +[0-9.]+ s rx [0-9]+ received 0 lost 0 rejected +latency cur/min/avg/max ")
                    .containsPattern("(?m)^Total: [0-9]+ packets$").contains("run: interrupted");
            Path dir = Path.of(printed.lines().filter(l -> l.startsWith("run directory: ")).findFirst().orElseThrow()
                    .substring(15));
            var meta = RunDirectory.json().readTree(dir.resolve("meta.json").toFile());
            assertThat(meta.at("/end/reason").asText()).isEqualTo("interrupted");
            long sent = meta.at("/end/sent").asLong();
            assertThat(sent).isBetween(1000L, 59_000L);
            var report = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
            assertThat(report.at("/packets/received").asLong()).isEqualTo(sent);
            assertThat(report.at("/packets/lost").asLong()).isZero();
            assertThat(Cli.run("report", dir.toString()).out()).isEqualTo(Files.readString(dir.resolve("report.txt")));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigtermDuringALongSleepEndsWithinASliceAndStillWritesEverything() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = runs.resolve("send.txt");
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.tsnlat.cli.Main", "send", "127.0.0.1:9", "--period", "40s",
                "-n", "3", "--runs-dir", runs.resolve("s").toString()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out).contains("tsnlat send: measuring") && System.nanoTime() < until) {
                Thread.sleep(50); // the loop runs: past the JIT warm-up
            }
            Thread.sleep(1500); // the schedule starts at the next whole 40 s of the clock: asleep till then
            long killedAt = System.nanoTime();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt)).isLessThan(5_000);
            String printed = Files.readString(out);
            assertThat(p.exitValue()).as(printed).isEqualTo(143);
            assertThat(printed).contains("run: interrupted").contains("run directory: ");
        } finally {
            p.destroyForcibly();
        }
    }
}
