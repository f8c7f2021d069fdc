package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tsnlat compare` puts runs side by side and lists what differed in how they were made. */
class CompareCommandTest {
    @TempDir Path runs;

    @Test
    void summariesSideBySideWithSettingDifferences() {
        Path a = Cli.run("run", "-n", "400", "--warmup", "0", "--runs-dir", runs.resolve("a").toString(), "--no-live").runDirectory();
        Path b = Cli.run("run", "-n", "400", "--warmup", "0", "-i", "500us", "--runs-dir", runs.resolve("b").toString(),
                "--no-live").runDirectory();
        Cli c = Cli.run("compare", a.toString(), b.toString(), "--name", "slow,fast", "--html", runs.resolve("compare.html").toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).containsPattern("(?m)^ +slow +fast$")
                .containsPattern("(?m)^packets received +400 +400$")
                .containsPattern("(?m)^latency p99 +[0-9.]+ +[0-9.]+$")
                .contains("configuration and settings, slow -> fast:")
                .contains("config.periodNs: 1000000 -> 500000")
                .doesNotContain("config.baseTimeNs")
                .contains("environment, slow -> fast:");
    }

    @Test
    void mismatchedNamesAreUsageError() {
        Cli c = Cli.run("compare", runs.toString(), runs.toString(), "--name", "one");
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("--name gives 1 names for 2 directories");
    }
}
