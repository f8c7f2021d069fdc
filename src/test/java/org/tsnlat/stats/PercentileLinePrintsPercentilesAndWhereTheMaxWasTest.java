package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The percentile line shows p50..p99.99, the exact max, its seq and when it happened. */
class PercentileLinePrintsPercentilesAndWhereTheMaxWasTest {
    private static final long START_NS = 5_000_000_000L;

    @Test
    void lineWithTheTimeOfTheMax() {
        assertThat(PercentileLine.line(example(), START_NS)).isEqualTo(
                "p50 86.101  p90 98.377  p99 140.033  p99.9 180.221  p99.99 205.311"
                        + "  max 210.076 (seq 123456 at +00:12:34.567)");
    }

    @Test
    void lineWithoutAStartTime() {
        assertThat(PercentileLine.line(example())).isEqualTo(
                "p50 86.101  p90 98.377  p99 140.033  p99.9 180.221  p99.99 205.311  max 210.076 (seq 123456)");
    }

    @Test
    void emptySummaryPrintsDashes() {
        assertThat(PercentileLine.line(MetricSummary.empty("latency"), START_NS))
                .isEqualTo("p50 -  p90 -  p99 -  p99.9 -  p99.99 -  max -");
    }

    @Test
    void offsetsBeyondADayAndBeforeTheStart() {
        assertThat(PercentileLine.offset(100L * 3600 * 1_000_000_000L + 999_999L)).isEqualTo("+100:00:00.000");
        assertThat(PercentileLine.offset(-1_500_000_000L)).isEqualTo("-00:00:01.500");
    }

    @Test
    void negativePercentilesFromRecordedValues() {
        MetricStats stats = new MetricStats("latency");
        for (int i = 1; i <= 100; i++) {
            stats.record(-i * 10L, i, START_NS + i);
        }
        assertThat(PercentileLine.line(stats.summary())).isEqualTo(
                "p50 -0.510  p90 -0.110  p99 -0.020  p99.9 -0.010  p99.99 -0.010  max -0.010 (seq 1)");
    }

    private static MetricSummary example() {
        SortedMap<String, Long> percentiles = new TreeMap<>();
        percentiles.put("p50", 86_101L);
        percentiles.put("p90", 98_377L);
        percentiles.put("p99", 140_033L);
        percentiles.put("p99.9", 180_221L);
        percentiles.put("p99.99", 205_311L);
        long maxTimeNs = START_NS + ((12 * 60 + 34) * 1000L + 567) * 1_000_000L + 999_999L;
        return new MetricSummary("latency", 1_800_000, 71_810, 210_076, 86_914, 11_938, 0,
                7, START_NS, 123_456, maxTimeNs, percentiles, 0);
    }
}
