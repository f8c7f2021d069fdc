package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.sync.SyncLog;

/**
 * Issue 12 item 2: intervals in the warm-up are judged and shown, marked as such, but decide
 * neither the exit code nor the headline's counts. A synthetic run of 5 s (warm-up 2 s) with one
 * two-way estimate 5 ms off: in the first second it is a warm-up stretch and the report exits 0;
 * in the fourth it is an untrusted interval and the report exits 6.
 */
class WarmupVerdictsTest {
    private static final long S = 1_000_000_000L;

    @TempDir Path tmp;

    private Path runWithBadEstimateAt(long atNs) throws Exception {
        Path dir = tmp.resolve("run-" + atNs);
        Cli synth = Cli.run("synth", dir.toString(), "--packets", "5000", "--no-ptp");
        assertThat(synth.exitCode()).as(synth.err()).isZero();
        Files.writeString(dir.resolve(SyncLog.FILE), "{\"kind\":\"twoway\",\"timeNs\":" + (SyntheticRun.BASE_NS + atNs)
                + ",\"samples\":1,\"offsetNs\":5000000,\"delayNs\":1000}\n", StandardOpenOption.APPEND);
        return dir;
    }

    @Test
    void anUntrustedIntervalInTheWarmupIsShownAndDecidesNothing() throws Exception {
        Cli r = Cli.run("report", runWithBadEstimateAt(S / 2).toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("clock trust: 5 intervals of 1s: 3 trusted, 0 suspect, 0 untrusted, "
                + "2 in the warm-up (0 suspect, 1 untrusted: shown, never counted)");
        assertThat(r.out()).containsPattern("(?m)^  warm-up, untrusted \\+00:00:00\\.000 to \\+00:00:01\\.000 \\(\\d+ packets\\): "
                + "two-way offset");
    }

    @Test
    void theSameIntervalAfterTheWarmupIsUntrusted() throws Exception {
        Cli r = Cli.run("report", runWithBadEstimateAt(3 * S + S / 2).toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(6);
        assertThat(r.out()).contains("clock trust: 5 intervals of 1s: 2 trusted, 0 suspect, 1 untrusted, 2 in the warm-up (");
        assertThat(r.out()).containsPattern("(?m)^  untrusted \\+00:00:03\\.000 to \\+00:00:04\\.000");
    }
}
