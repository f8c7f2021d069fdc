package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Microseconds are printed exactly, with their sign, as in the field reports. */
class UsecFormatPrintsSignedExactMicrosecondsTest {

    @Test
    void negativeNanosecondsKeepTheirSign() {
        assertThat(UsecFormat.usec(-39L)).isEqualTo("-0.039");
        assertThat(UsecFormat.usec(-1L)).isEqualTo("-0.001");
        assertThat(UsecFormat.usec(-1000L)).isEqualTo("-1.000");
        assertThat(UsecFormat.usec(-71_810L)).isEqualTo("-71.810");
    }

    @Test
    void integerNanosecondsPrintExactly() {
        assertThat(UsecFormat.usec(0L)).isEqualTo("0.000");
        assertThat(UsecFormat.usec(7L)).isEqualTo("0.007");
        assertThat(UsecFormat.usec(71_810L)).isEqualTo("71.810");
        assertThat(UsecFormat.usec(210_076L)).isEqualTo("210.076");
        assertThat(UsecFormat.usec(Long.MAX_VALUE)).isEqualTo("9223372036854775.807");
        assertThat(UsecFormat.usec(Long.MIN_VALUE)).isEqualTo("-9223372036854775.808");
    }

    @Test
    void doublesRoundHalfEvenToThreeDecimals() {
        assertThat(UsecFormat.usec(999_999.4)).isEqualTo("999.999");
        assertThat(UsecFormat.usec(999_999.5)).isEqualTo("1000.000");
        assertThat(UsecFormat.usec(86_913.5)).isEqualTo("86.914");
        assertThat(UsecFormat.usec(86_914.5)).isEqualTo("86.914");
        assertThat(UsecFormat.usec(0.5)).isEqualTo("0.000");
        assertThat(UsecFormat.usec(1.5)).isEqualTo("0.002");
        assertThat(UsecFormat.usec(-38.6)).isEqualTo("-0.039");
        assertThat(UsecFormat.usec(-0.4)).isEqualTo("0.000");
        assertThat(UsecFormat.usec(Double.NaN)).isEqualTo("-");
    }

    @Test
    void fieldLineMatchesTheFieldReport() {
        MetricSummary summary = new MetricSummary("latency", 1_800_000, 71_810, 210_076, 86_913.7, 11_938.2,
                0, 1, 2, 3, 4, new TreeMap<>(), 0);
        assertThat(UsecFormat.fieldLine("latency min/avg/max/stddev", summary))
                .isEqualTo("latency min/avg/max/stddev (usec): 71.810/86.914/210.076/11.938");
    }

    @Test
    void fieldLineOfRecordedNanoseconds() {
        MetricStats stats = new MetricStats("delta");
        stats.record(878_466, 0, 0);
        stats.record(1_131_045, 1, 1);
        stats.record(990_486, 2, 2);
        assertThat(UsecFormat.fieldLine("delta min/avg/max/stdev", stats.summary()))
                .isEqualTo("delta min/avg/max/stdev (usec): 878.466/999.999/1131.045/103.334");
    }

    @Test
    void fieldLineOfNothingIsDashes() {
        assertThat(UsecFormat.fieldLine("latency min/avg/max/stddev", MetricSummary.empty("latency")))
                .isEqualTo("latency min/avg/max/stddev (usec): -/-/-/-");
    }
}
