package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed (SIGKILL) at any moment, the first seconds included (JVM start, checks, the JIT
 * warm-up, the first probes), leaves either no run directory or one that report recognises:
 * no "not a tsnlat run directory", no stack trace, an exit code that says the end was not seen
 * (7) or that nothing was measured (8).
 */
class KillAtRandomMomentsTest {
    @TempDir Path runs;

    @Test
    void reportRecognisesWhateverAKillLeaves() throws Exception {
        Random random = new Random(20261202);
        List<Long> moments = new ArrayList<>(List.of(0L, 150L, 400L, 800L));
        for (int i = 0; i < 8; i++) {
            moments.add(1_000L + random.nextInt(14_000));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> seen = new ArrayList<>();
        for (long killAfterMs : moments) {
            Path parent = runs.resolve("k" + killAfterMs);
            Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), "org.tsnlat.cli.Main", "run", "-d", "30s", "--warmup", "1s",
                    "--no-live", "--runs-dir", parent.toString())
                    .redirectErrorStream(true).redirectOutput(runs.resolve("out-" + killAfterMs).toFile()).start();
            Thread.sleep(killAfterMs);
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            if (!Files.isDirectory(parent)) {
                seen.add(killAfterMs + " ms: nothing left");
                continue;
            }
            try (Stream<Path> dirs = Files.list(parent)) {
                for (Path dir : dirs.filter(d -> !d.getFileName().toString().startsWith(".")).toList()) {
                    Cli r = Cli.run("report", dir.toString());
                    seen.add(killAfterMs + " ms: exit " + r.exitCode());
                    assertThat(r.exitCode()).as(killAfterMs + " ms: " + r.out() + r.err())
                            .isIn(ExitCodes.END_NOT_SEEN, ExitCodes.NOTHING_MEASURED);
                    assertThat(r.err() + r.out()).as(killAfterMs + " ms").doesNotContain("not a tsnlat run directory")
                            .doesNotContain("Exception").doesNotContain("internal error");
                    assertThat(r.out()).contains("run: abrupt");
                }
            }
        }
        System.out.println("killed at: " + seen);
        assertThat(seen).anyMatch(s -> s.endsWith("exit 7")); // some kills fell in the measurement itself
    }
}
