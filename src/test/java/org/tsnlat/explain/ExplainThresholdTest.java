package org.tsnlat.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.stats.SignedHistogram;

/**
 * {@code --explain-above p99.9}: a percentile of the run's lateness as the outlier threshold, in
 * the trigger while the run goes on, in the analysis after it, and in {@code trace/clock.json}
 * (version 2; version 1 files, spans only, still read: golden samples of both).
 */
class ExplainThresholdTest {
    private static final long MS = 1_000_000;

    @Test
    void aPercentileIsPAndANumberAboveZeroAndBelowAHundred() {
        assertThat(ExplainThreshold.parsePercentile("p99.9")).contains(ExplainThreshold.percentile(99.9));
        assertThat(ExplainThreshold.parsePercentile("P90")).contains(ExplainThreshold.percentile(90));
        assertThat(ExplainThreshold.parsePercentile("200us")).isEmpty();
        assertThat(ExplainThreshold.percentile(99.0).percentileName()).isEqualTo("p99");
        assertThat(ExplainThreshold.percentile(99.99).percentileName()).isEqualTo("p99.99");
        assertThat(ExplainThreshold.span(200_000).percentileName()).isNull();
        // at or below the median (p50) a percentile makes no outlier threshold: half the probes would be outliers
        for (String bad : new String[] {"p100", "p50", "p10", "p0", "p", "px", "p-1", "pNaN"}) {
            assertThatThrownBy(() -> ExplainThreshold.parsePercentile(bad)).as(bad)
                    .hasMessage("'" + bad + "' is not an outlier percentile: p and a number above 50 (the median, which "
                            + "outliers are measured beyond) and below 100, e.g. p99.9");
        }
        assertThatThrownBy(() -> new ExplainThreshold(200_000, 99.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExplainThreshold(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePercentilesSpanIsItsLatenessBeyondTheMedian() {
        SignedHistogram h = new SignedHistogram();
        for (int i = 1; i <= 1000; i++) h.record(i * 1_000L); // 1 us .. 1000 us
        ExplainThreshold p99 = ExplainThreshold.percentile(99);
        // the 990th value, 990 us (at histogram resolution: never below), minus a median of 500 us
        assertThat(p99.spanBeyond(h, 500_000)).isBetween(490_000L, 491_000L);
        assertThat(ExplainThreshold.span(200_000).spanBeyond(h, 500_000)).isEqualTo(200_000);
        assertThat(p99.spanBeyond(new SignedHistogram(), 0)).as("no probe: nothing is an outlier").isEqualTo(Long.MAX_VALUE);
        SignedHistogram flat = new SignedHistogram();
        for (int i = 0; i < 100; i++) flat.record(50_000);
        assertThat(p99.spanBeyond(flat, flat.valueAtRank(50))).as("a flat run: only what is beyond it").isEqualTo(1);
    }

    /**
     * Probes 50-80 us late, every 500th 1 ms more (0.2 %), probe 3500 300 us more: with p99.9 the
     * running threshold is the rare 1 ms stalls' (the seven after the trigger's settling kept, each
     * a window of its own), and 3500, which a 200 us span would keep too, is below it.
     */
    @Test
    void theTriggerKeepsWhatIsBeyondTheRunningPercentile() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRing ring = new TraceRing(64, out, Long.MAX_VALUE);
        OutlierTrigger trigger = new OutlierTrigger(ring, 0, ExplainThreshold.percentile(99.9), Breaktrace.Rule.OFF);
        long start = 1_796_000_000_000_000_000L;
        OutlierTriggerTest.feed(ring, start, 4000);
        for (int seq = 0; seq < 4000; seq++) {
            long scheduled = start + seq * MS;
            long late = 50_000 + (seq % 7) * 5_000 + (seq % 500 == 250 ? MS : 0) + (seq == 3500 ? 300_000 : 0);
            trigger.consider(seq, scheduled, scheduled + late);
        }
        ring.finish();
        assertThat(ring.windows()).as("750, 1250, ... 3750; not 3500").isEqualTo(7);
        assertThat(out.toString(StandardCharsets.US_ASCII)).contains("line 2250\n", "line 3250\n", "line 3750\n");
    }

    @Test
    void clockFilesOfBothVersionsAreRead(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve(TraceSession.DIRECTORY));
        Path file = dir.resolve(TraceSession.DIRECTORY).resolve(TraceClock.FILE);
        Files.copy(resource("clock-v1-sample.json"), file);
        TraceClock v1 = TraceClock.read(dir);
        assertThat(v1.explainAbove()).isEqualTo(ExplainThreshold.span(200_000));
        assertThat(v1.runMinusTraceNs()).isEqualTo(-37_000_000_000L);
        Files.delete(file);
        Files.copy(resource("clock-v2-sample.json"), file);
        assertThat(TraceClock.read(dir).explainAbove()).isEqualTo(ExplainThreshold.percentile(99.9));

        // written and read back the same: a span as version 1 (older builds read it), a percentile as version 2
        for (ExplainThreshold t : new ExplainThreshold[] {ExplainThreshold.span(150_000), ExplainThreshold.percentile(99.99)}) {
            new TraceClock("tai", "TAI", 0, t).write(dir);
            assertThat(TraceClock.read(dir).explainAbove()).isEqualTo(t);
            assertThat(org.tsnlat.rundir.RunDirectory.json().readTree(file.toFile()).path("version").asInt())
                    .isEqualTo(t.isPercentile() ? 2 : 1);
        }
        Files.writeString(file, "{\"version\":2,\"traceClock\":\"tai\",\"runClock\":\"TAI\",\"runMinusTraceNs\":0,"
                + "\"explainAboveNs\":0,\"explainAbovePercentile\":100}\n");
        assertThatThrownBy(() -> TraceClock.read(dir)).hasMessageContaining("not a version 1 or 2 trace clock file");
    }

    private static Path resource(String name) {
        try {
            return Path.of(ExplainThresholdTest.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
