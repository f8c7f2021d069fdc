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
 * Issue 14's clock forensics: the sender's clock steps back 5 ms 4 s into the run, so from then on
 * every probe looks 5 ms late; the two-way check makes those intervals untrusted, and --explain
 * attributes their outliers to the clock first, not to the network. Then `tsnlat explain` reads the
 * same from the directory, tells one probe's story, and refuses what it cannot tell.
 */
@Needs(Need.ROOT)
class ExplainClockStepTest {
    @TempDir Path runs;

    @Test
    void outliersOfAnUntrustedIntervalAreTheClocksFirstAndExplainTellsTheirStory() throws Exception {
        Cli r = Cli.run("run", "-d", "8s", "--inject-clock-fault", "step:-5ms@4s", "--explain", "--explain-above", "1ms",
                "--runs-dir", runs.toString(), "--no-live");
        String both = r.out() + r.err();
        assertThat(r.exitCode()).as(both).isEqualTo(6);
        JsonNode report = RunDirectory.json().readTree(r.runDirectory().resolve(RunDirectory.REPORT_JSON).toFile());
        JsonNode outliers = report.path("outliers");
        assertThat(outliers.path("thresholdNs").asLong()).isEqualTo(1_000_000);
        // the medians come from the trusted intervals before the step: every probe after it is about 5 ms late
        assertThat(outliers.path("count").asLong()).as(both).isGreaterThan(3000);
        long afterStep = 0;
        long inEpisodes = 0;
        long lastOfStep = -1;
        for (JsonNode o : outliers.path("explained")) {
            // the step is at 4 s; episodes that end before it are the machine's own outliers (the step's
            // episode may have its worst probe just before 4.1 s: judged by where the episode ends)
            if (o.path("episodeLastSeq").asLong() < 4_100) continue;
            afterStep++;
            inEpisodes += o.path("episodeOutliers").asLong();
            if (lastOfStep < 0) lastOfStep = o.path("episodeLastSeq").asLong();
            assertThat(o.path("latenessNs").asLong()).isGreaterThan(4_000_000);
            // its own interval untrusted, or (its worst probe just before the step was seen: a step within
            // an interval is judged in the next) some of its episode's
            assertThat(o.path("clock").asText()).as(o.toString()).contains("clocks were untrusted");
        }
        assertThat(afterStep).as("explained outliers after the step").isPositive();
        assertThat(inEpisodes).as("outliers in their episodes").isGreaterThan(3000);
        assertThat(r.out()).contains("outliers (--explain").contains("clocks were untrusted");

        // a probe of the step's episode inside the untrusted stretch, early enough that the running
        // median had not yet moved to the step's lateness (half the probes after it by the run's end),
        // so its trace was kept
        assertThat(lastOfStep).isGreaterThan(4_500);
        long seq = 4_500;
        Cli story = Cli.run("explain", r.runDirectory().toString(), "--seq", Long.toString(seq));
        assertThat(story.exitCode()).as(story.err()).isZero();
        assertThat(story.out()).startsWith("probe " + seq + ": lateness").contains("  clock: the interval's clocks were untrusted")
                .containsPattern("(?m)^  (wake-up|send|network|pick-up) .*<- late$").contains("  trace (");
        Cli list = Cli.run("explain", r.runDirectory().toString());
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).startsWith("outliers (--explain");
        assertThat(Cli.run("explain", r.runDirectory().toString(), "--seq", "99999999").exitCode()).isEqualTo(2);

        Cli plain = Cli.run("run", "-n", "300", "--warmup", "0", "--runs-dir", runs.resolve("plain").toString(), "--no-live");
        assertThat(plain.exitCode()).isZero();
        Cli none = Cli.run("explain", plain.runDirectory().toString());
        assertThat(none.exitCode()).isEqualTo(4);
        assertThat(none.err()).contains("no kernel trace");
        assertThat(Cli.run("run", "-n", "10", "--explain-above", "1ms", "--runs-dir", runs.toString()).exitCode()).isEqualTo(2);
    }
}
