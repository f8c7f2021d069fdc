package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.record.RecordFileReader;

/** A run killed with SIGKILL mid-way still reports every whole record and says it ended abruptly. */
class KilledRunTest {
    @TempDir Path runs;

    @Test
    void reportAfterSigkillUsesEveryWholeRecord() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.tsnlat.cli.Main", "run", "--duration", "60s",
                "--warmup", "0", "--runs-dir", runs.toString(), "--no-live"))
                .redirectErrorStream(true).redirectOutput(runs.resolve("out.txt").toFile()).start();
        try {
            Path rx = awaitRecords(p);
            Thread.sleep(1500);
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(137);
            long whole;
            try (RecordFileReader r = RecordFileReader.open(rx)) {
                whole = r.wholeRecords();
            }
            assertThat(whole).isGreaterThan(500);
            Cli report = Cli.run("report", rx.getParent().toString(), "--format", "json");
            assertThat(report.exitCode()).as("the end was not seen: " + report.err()).isEqualTo(ExitCodes.END_NOT_SEEN);
            var json = org.tsnlat.rundir.RunDirectory.json().readTree(report.out());
            assertThat(json.at("/ended").asText()).startsWith("abrupt");
            long duplicates = json.at("/packets/duplicates").asLong();
            assertThat(json.at("/packets/received").asLong() + duplicates).isEqualTo(whole);
            assertThat(json.at("/metrics/latency/count").asLong()).isEqualTo(whole - duplicates);
            assertThat(Cli.run("report", rx.getParent().toString()).out()).contains("run: abrupt");
        } finally {
            p.destroyForcibly();
        }
    }

    private Path awaitRecords(Process p) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // a JVM starting on a loaded machine
        while (System.nanoTime() < until && p.isAlive()) {
            try (Stream<Path> s = Files.walk(runs)) {
                var rx = s.filter(f -> f.getFileName().toString().equals("rx.records")).findFirst();
                if (rx.isPresent() && Files.size(rx.get()) > 64 + 96 * 200) return rx.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no records appeared: " + Files.readString(runs.resolve("out.txt")));
    }
}
