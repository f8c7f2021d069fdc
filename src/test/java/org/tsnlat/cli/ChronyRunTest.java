package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.sync.Chronyd;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** `tsnlat run --chrony SOCKET` against a real chronyd -x: its readings land in sync.jsonl and in the verdicts. */
class ChronyRunTest {
    @TempDir Path runs;

    private Cli run(Path socket) {
        return Cli.run("run", "--count", "3000", "--period", "1ms", "--warmup", "0", "--runs-dir", runs.toString(),
                "--no-live", "--chrony", socket.toString());
    }

    @Test
    @Needs({Need.ROOT, Need.CHRONYD, Need.CHRONYC})
    void aSynchronisedChronydOnBothSidesIsNamedAsEvidence() throws Exception {
        try (Chronyd chronyd = Chronyd.start(10)) {
            Cli run = run(chronyd.socket());
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("(evidence: chronyd on both sides");
            SyncLog.Contents c = SyncLog.read(run.runDirectory().resolve(SyncLog.FILE));
            assertThat(c.chrony()).extracting(s -> s.side()).contains("rx", "tx");
            assertThat(c.chrony()).allSatisfy(s -> assertThat(s.tracking().leapStatus()).isEqualTo("Normal"));
        }
    }

    @Test
    @Needs({Need.ROOT, Need.CHRONYD, Need.CHRONYC})
    void anUnsynchronisedChronydUntrustsTheRunAndExits6() {
        try (Chronyd chronyd = Chronyd.start(null)) {
            Cli run = run(chronyd.socket());
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(6);
            assertThat(run.out()).contains("receiver's chronyd not synchronised (leap status Not synchronised");
        }
    }

    @Test
    void reportHasNoOptionOfARun() {
        Cli report = Cli.run("report", runs.toString(), "--chrony");
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.err()).contains("Unknown option: '--chrony'");
        assertThat(Cli.run("report", "--help").out()).doesNotContain("--chrony").doesNotContain("--ptp-socket")
                .doesNotContain("--ptp-domain");
    }
}
