package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * An explicit --policy FIFO that the kernel refuses does not run quietly as SCHED_OTHER: it is
 * refused before the warm-up (exit 9), unless --best-effort asks to run anyway. The process is
 * denied real-time scheduling the way a container or an unprivileged user is: as root, by
 * dropping CAP_SYS_NICE from its bounding set (setpriv); otherwise it has none already.
 */
@Needs(Need.SETPRIV)
class PolicyNotGrantedTest {
    @TempDir Path runs;

    private record Ran(int exit, String output) {}

    private Ran runWithoutSysNice(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (Scheduling.geteuid() == 0) {
            cmd.addAll(List.of("setpriv", "--bounding-set", "-sys_nice", "--"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.tsnlat.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = runs.resolve("out-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), Files.readString(out));
    }

    @Test
    void anExplicitPolicyThatCannotBeAppliedDoesNotRun() throws Exception {
        Ran r = runWithoutSysNice("run", "--policy", "FIFO", "-d", "1s", "--warmup", "0", "--no-live",
                "--runs-dir", runs.resolve("r").toString());
        assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.NOT_GRANTED);
        assertThat(r.output()).contains("--policy FIFO: SCHED_FIFO 80 not in force").contains("--best-effort")
                .doesNotContain("warming up").doesNotContain("Exception");
    }

    @Test
    void bestEffortRunsAnywayAndSaysWhatWasNotInForce() throws Exception {
        Ran r = runWithoutSysNice("run", "--policy", "FIFO", "--best-effort", "-d", "1s", "--warmup", "0",
                "--no-live", "--runs-dir", runs.resolve("b").toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SCHED_FIFO 80 not in force").contains("tsnlat-rx: SCHED_OTHER");
    }
}
