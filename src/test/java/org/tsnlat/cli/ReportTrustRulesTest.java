package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.sync.SyncLog;

/**
 * The trust rules as {@code tsnlat report} applies them to a synthetic run of 5 s (warm-up 2 s,
 * no ptp4l) with a two-way estimate a second added to its sync log, one of them off.
 *
 * <p>Issue 12 item 2: intervals in the warm-up are judged and shown, marked as such, but decide
 * neither the exit code nor the headline's counts. Item 4: the help of {@code --max-twoway-offset}
 * says the rule the verdicts follow (the d/2 band).
 */
class ReportTrustRulesTest {
    private static final long S = 1_000_000_000L;
    private static final long US = 1_000L;

    @TempDir Path tmp;

    private Path runWithEstimate(long atNs, long offsetNs, long delayNs) throws Exception {
        Path dir = tmp.resolve("run-" + atNs + "-" + offsetNs);
        Cli synth = Cli.run("synth", dir.toString(), "--packets", "5000", "--no-ptp");
        assertThat(synth.exitCode()).as(synth.err()).isZero();
        // one estimate each second, as a sender makes them: this one off, the others 0 (an interval
        // without its own is judged by the latest earlier estimate)
        StringBuilder lines = new StringBuilder();
        for (int second = 0; second < 5; second++) {
            boolean off = atNs / S == second;
            lines.append("{\"kind\":\"twoway\",\"timeNs\":").append(SyntheticRun.BASE_NS + (off ? atNs : second * S + S / 2))
                    .append(",\"samples\":1,\"offsetNs\":").append(off ? offsetNs : 0).append(",\"delayNs\":")
                    .append(delayNs).append("}\n");
        }
        Files.writeString(dir.resolve(SyncLog.FILE), lines, StandardOpenOption.APPEND);
        return dir;
    }

    @Test
    void anUntrustedIntervalInTheWarmupIsShownAndDecidesNothing() throws Exception {
        Cli r = Cli.run("report", runWithEstimate(S / 2, 5_000 * US, US).toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("clock trust: 5 intervals of 1s: 3 trusted, 0 suspect, 0 untrusted, "
                + "2 in the warm-up (0 suspect, 1 untrusted: shown, never counted)");
        assertThat(r.out()).containsPattern("(?m)^  warm-up, untrusted \\+00:00:00\\.000 to \\+00:00:01\\.000 \\(\\d+ packets\\): "
                + "two-way offset");
    }

    @Test
    void theSameIntervalAfterTheWarmupIsUntrusted() throws Exception {
        Cli r = Cli.run("report", runWithEstimate(3 * S + S / 2, 5_000 * US, US).toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(6);
        assertThat(r.out()).contains("clock trust: 5 intervals of 1s: 2 trusted, 0 suspect, 1 untrusted, 2 in the warm-up (evidence");
        assertThat(r.out()).containsPattern("(?m)^  untrusted \\+00:00:03\\.000 to \\+00:00:04\\.000");
    }

    @Test
    void maxTwowayOffsetDoesWhatItsHelpSays() throws Exception {
        Cli help = Cli.run("report", "--help");
        String text = help.out().replaceAll("\\s+", " ");
        assertThat(text).contains("an interval is untrusted only when the estimate is beyond the limit by more than d/2,"
                + " suspect when beyond it by less, or beyond half the limit");
        // limit 1 us, round trip 20 us (d/2 = 10 us): 8 us off is within the band, 30 us is beyond it
        Cli within = Cli.run("report", runWithEstimate(3 * S + S / 2, 8 * US, 20 * US).toString(), "--max-twoway-offset", "1us");
        assertThat(within.exitCode()).as(within.out()).isZero();
        assertThat(within.out()).contains("1 suspect, 0 untrusted")
                .contains("two-way offset 8.000 us beyond 1.000 us but within half the round trip (10.000 us)");
        Path off30 = runWithEstimate(3 * S + S / 2, 30 * US, 20 * US);
        Cli beyond = Cli.run("report", off30.toString(), "--max-twoway-offset", "1us");
        assertThat(beyond.exitCode()).as(beyond.out()).isEqualTo(6);
        assertThat(beyond.out()).contains("0 suspect, 1 untrusted");
        // half the limit: 30 us against 50 us is suspect, though the clocks may well agree
        Cli half = Cli.run("report", off30.toString());
        assertThat(half.exitCode()).isZero();
        assertThat(half.out()).contains("two-way offset 30.000 us beyond half the limit");
    }
}
