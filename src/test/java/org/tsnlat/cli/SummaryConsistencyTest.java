package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/** A summary never contradicts itself: each count has one source and is shown once. */
class SummaryConsistencyTest {
    @TempDir Path runs;

    @Test
    void negativeLatenciesAreCountedOnceOverEveryProbeAsTheTrustVerdictsSeeThem() throws Exception {
        // the sender's clock steps 50 ms ahead at 2 s: every later one-way latency is negative
        Cli r = Cli.run("run", "-d", "4s", "--warmup", "1s", "--inject-clock-fault", "step:+50ms@2s",
                "--runs-dir", runs.toString(), "--no-live");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.UNTRUSTED);
        Matcher m = Pattern.compile("(?m)^negative latencies: ([0-9]+) \\(min (-[0-9.]+) us\\)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        long shown = Long.parseLong(m.group(1));
        long perInterval = 0;
        for (String line : Files.readAllLines(r.runDirectory().resolve(RunDirectory.INTERVALS))) {
            perInterval += RunDirectory.json().readTree(line).path("negatives").asLong();
        }
        assertThat(shown).isGreaterThan(1000).isEqualTo(perInterval);
        assertThat(r.out()).contains("none of them is in the latency figures above");
        assertThat(Double.parseDouble(m.group(2))).isLessThan(-40_000);
    }

    @Test
    void theWarmUpLineSaysAllOfThemOnlyWhenEveryProbeFellInTheWarmUp() {
        // every interval untrusted, so the main latency figures are empty: not because of the warm-up
        Cli r = Cli.run("run", "-d", "4s", "--warmup", "2s", "--inject-clock-fault", "step:+50ms@0s",
                "--runs-dir", runs.toString(), "--no-live");
        assertThat(r.out()).containsPattern("(?m)^warm-up: first 2s excluded above \\(2000 packets\\)")
                .doesNotContain("all of them");

        Cli shortRun = Cli.run("run", "-d", "1s", "--warmup", "2s", "--runs-dir", runs.toString(), "--no-live");
        assertThat(shortRun.out()).contains("warm-up: first 2s excluded above (1000 packets: all of them;");
    }
}
