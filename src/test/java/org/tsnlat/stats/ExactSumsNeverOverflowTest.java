package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The sum and sum of squares stay exact over the whole signed 64-bit range, where a plain
 * {@code long} or {@code double} accumulator would overflow or round.
 */
class ExactSumsNeverOverflowTest {

    @Property(tries = 300)
    void sumsEqualBigIntegerSums(@ForAll @Size(max = 500) List<Long> values) {
        ExactSums sums = new ExactSums();
        BigInteger sum = BigInteger.ZERO;
        BigInteger squares = BigInteger.ZERO;
        for (long v : values) {
            sums.add(v);
            BigInteger big = BigInteger.valueOf(v);
            sum = sum.add(big);
            squares = squares.add(big.multiply(big));
        }
        assertThat(sums.sum()).isEqualTo(sum);
        assertThat(sums.sumOfSquares()).isEqualTo(squares);
    }

    @Property(tries = 100)
    void mergedSumsEqualSumsOfAll(@ForAll List<Long> first, @ForAll List<Long> second) {
        ExactSums a = new ExactSums();
        ExactSums b = new ExactSums();
        ExactSums all = new ExactSums();
        first.forEach(v -> { a.add(v); all.add(v); });
        second.forEach(v -> { b.add(v); all.add(v); });
        a.add(b);
        assertThat(a.sum()).isEqualTo(all.sum());
        assertThat(a.sumOfSquares()).isEqualTo(all.sumOfSquares());
    }

    @Test
    void extremeValuesBeyondOneHundredAndTwentyEightBitsOfSquares() {
        MetricStats stats = new MetricStats("extreme");
        for (int i = 0; i < 8; i++) {
            stats.record(Long.MIN_VALUE, i, i);
            stats.record(Long.MAX_VALUE, 100 + i, i);
        }
        MetricSummary summary = stats.summary();
        assertThat(summary.minNs()).isEqualTo(Long.MIN_VALUE);
        assertThat(summary.maxNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(summary.minSeq()).isZero();
        assertThat(summary.maxSeq()).isEqualTo(100);
        assertThat(summary.meanNs()).isEqualTo(-0.5);
        assertThat(summary.stddevNs()).isEqualTo(9.223372036854775807E18);
        assertThat(summary.negativeCount()).isEqualTo(8);
        assertThat(summary.histogramClamped()).isEqualTo(16);
        long edgeNs = SignedHistogram.HIGHEST_TRACKABLE_NS;
        assertThat(stats.percentileNs(50)).as("clamped to the histogram's edge")
                .isBetween(-edgeNs, -edgeNs + edgeNs / 1000);
        assertThat(stats.percentileNs(100)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void negativeValuesAreNeitherWrappedNorDropped() {
        MetricStats stats = new MetricStats("latency");
        stats.record(-39, 1, 10);
        stats.record(86_914, 2, 20);
        stats.record(-39, 3, 30);
        MetricSummary summary = stats.summary();
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.negativeCount()).isEqualTo(2);
        assertThat(summary.minNs()).isEqualTo(-39);
        assertThat(summary.minSeq()).as("first occurrence wins").isEqualTo(1);
        assertThat(summary.meanNs()).isEqualTo((86_914 - 78) / 3.0);
        assertThat(UsecFormat.usec(summary.minNs())).isEqualTo("-0.039");
        assertThat(stats.percentileNs(50)).isEqualTo(-39);
    }
}
