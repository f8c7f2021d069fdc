package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * {@code --explain-above p99}: the run's own p99 lateness is the threshold, so about 1 % of the
 * probes after the warm-up are outliers whatever this machine's noise, said with the percentile in
 * the summary, report.json and trace/clock.json; a bad percentile is refused before anything runs.
 */
@Needs(Need.ROOT)
class ExplainPercentileTest {
    @TempDir Path runs;

    @Test
    void theRunsOwnPercentileMakesItsWorstOnePercentTheOutliers() throws Exception {
        Cli run = Cli.inChildJvm(runs.resolve("out.txt"), 120, "run", "-d", "4s", "--warmup", "1s", "--explain",
                "--explain-above", "p99", "--runs-dir", runs.resolve("runs").toString(), "--no-live");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).containsPattern("outliers \\(--explain, lateness beyond its median [0-9.]+ us by more than "
                + "[0-9.]+ us \\(the run's p99\\)\\): \\d+");
        Path dir = run.runDirectory();
        JsonNode outliers = RunDirectory.json().readTree(dir.resolve(RunDirectory.REPORT_JSON).toFile()).path("outliers");
        assertThat(outliers.path("thresholdPercentile").asText()).isEqualTo("p99");
        // 3000 probes after the warm-up: those beyond their p99, 1 % at most (ties and the histogram's
        // resolution, which never reads a percentile low, only make it fewer)
        assertThat(outliers.path("count").asLong()).as(run.out()).isBetween(1L, 30L);
        assertThat(outliers.path("thresholdNs").asLong()).isPositive();
        JsonNode clock = RunDirectory.json().readTree(dir.resolve("trace/clock.json").toFile());
        assertThat(clock.path("version").asInt()).isEqualTo(2);
        assertThat(clock.path("explainAbovePercentile").asDouble()).isEqualTo(99.0);
    }

    @Test
    void aPercentileOutsideZeroToAHundredIsRefused() {
        Cli run = Cli.run("run", "-d", "1s", "--explain", "--explain-above", "p100");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'p100' is not an outlier percentile: p and a number above 50")
                .doesNotContain("Exception");
    }
}
