package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * MetricStats agrees with a naive reference (sorted arrays and BigDecimal) on random signed
 * values: exact figures exactly, mean and stddev within 1 ulp, percentiles within
 * HdrHistogram's resolution and with the right sign.
 *
 * <p>The reference computes with 60-digit decimals (DECIMAL128 for the square root) rather
 * than DECIMAL64: 16 decimal digits are coarser than a double's 53 bits, so a 1-ulp check
 * against a DECIMAL64 reference could fail on the reference's own rounding.
 */
class MetricStatsMatchesNaiveReferenceTest {
    static final double[] CHECKED_PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};
    private static final MathContext REFERENCE = new MathContext(60);

    @Provide
    static Arbitrary<List<Long>> signedValues() {
        Arbitrary<Long> huge = Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L);
        Arbitrary<Long> small = Arbitraries.longs().between(-3000, 3000);
        Arbitrary<Long> edges = Arbitraries.of(0L, -1L, 1L, -39L, 1_000_000_000_000L, -1_000_000_000_000L);
        Arbitrary<Long> nearPeriod = Arbitraries.longs().between(870_000, 1_130_000);
        return Arbitraries.frequencyOf(
                        Tuple.of(3, huge), Tuple.of(3, small),
                        Tuple.of(1, edges), Tuple.of(3, nearPeriod))
                .list().ofMinSize(1).ofMaxSize(2000);
    }

    @Property(tries = 300)
    void exactFiguresEqualTheReference(@ForAll("signedValues") List<Long> values) {
        MetricStats stats = recordAll(values);
        MetricSummary summary = stats.summary();

        int minIndex = 0;
        int maxIndex = 0;
        long negatives = 0;
        for (int i = 0; i < values.size(); i++) {
            long v = values.get(i);
            if (v < values.get(minIndex)) {
                minIndex = i;
            }
            if (v > values.get(maxIndex)) {
                maxIndex = i;
            }
            if (v < 0) {
                negatives++;
            }
        }
        assertThat(summary.count()).isEqualTo(values.size());
        assertThat(summary.minNs()).isEqualTo(values.get(minIndex));
        assertThat(summary.maxNs()).isEqualTo(values.get(maxIndex));
        assertThat(summary.minSeq()).isEqualTo(minIndex);
        assertThat(summary.maxSeq()).isEqualTo(maxIndex);
        assertThat(summary.minTimeNs()).isEqualTo(timeOf(minIndex));
        assertThat(summary.maxTimeNs()).isEqualTo(timeOf(maxIndex));
        assertThat(summary.negativeCount()).isEqualTo(negatives);
        assertThat(summary.histogramClamped()).isZero();
    }

    @Property(tries = 300)
    void meanAndStddevAreWithinOneUlpOfTheReference(@ForAll("signedValues") List<Long> values) {
        MetricSummary summary = recordAll(values).summary();
        BigDecimal n = BigDecimal.valueOf(values.size());
        BigDecimal sum = BigDecimal.ZERO;
        for (long v : values) {
            sum = sum.add(BigDecimal.valueOf(v));
        }
        BigDecimal mean = sum.divide(n, REFERENCE);
        BigDecimal squaredDeviations = BigDecimal.ZERO;
        for (long v : values) {
            BigDecimal deviation = BigDecimal.valueOf(v).subtract(mean);
            squaredDeviations = squaredDeviations.add(deviation.multiply(deviation));
        }
        double expectedMean = mean.doubleValue();
        double expectedStddev = squaredDeviations.divide(n, REFERENCE).sqrt(MathContext.DECIMAL128).doubleValue();

        assertThat(Math.abs(summary.meanNs() - expectedMean)).isLessThanOrEqualTo(Math.ulp(expectedMean));
        assertThat(Math.abs(summary.stddevNs() - expectedStddev)).isLessThanOrEqualTo(Math.ulp(expectedStddev));
    }

    @Property(tries = 300)
    void percentilesAreWithinHistogramResolutionOfTheSortedValue(@ForAll("signedValues") List<Long> values) {
        MetricStats stats = recordAll(values);
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        for (double p : CHECKED_PERCENTILES) {
            long expected = sorted[(int) naiveRank(p, sorted.length) - 1];
            long actual = stats.percentileNs(p);
            assertThat(Math.abs(actual - expected))
                    .as("p%s of %d values: expected %d, got %d", p, sorted.length, expected, actual)
                    .isLessThanOrEqualTo(Math.abs(expected) / 1000 + 1);
            assertThat(Long.signum(actual)).as("sign of p%s", p).isEqualTo(Long.signum(expected));
            assertThat(actual).as("p%s is never below the true value", p).isGreaterThanOrEqualTo(expected);
        }
        assertThat(stats.percentileNs(100)).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void rankReadsThePercentileAsTheDecimalItPrintsAs() {
        // In double arithmetic 99.9 / 100 * 1000 is 999.0000000000001, whose ceiling is 1000.
        assertThat(MetricStats.rankOf(99.9, 1000)).isEqualTo(999);
        assertThat(MetricStats.rankOf(99.99, 10_000)).isEqualTo(9999);
        assertThat(MetricStats.rankOf(50, 1)).isEqualTo(1);
        assertThat(MetricStats.rankOf(0.0001, 10)).isEqualTo(1);
        assertThat(MetricStats.rankOf(100, 7)).isEqualTo(7);
    }

    @Test
    void percentilesOutsideZeroToHundredAreRefused() {
        MetricStats stats = new MetricStats("latency");
        stats.record(1, 0, 0);
        assertThatThrownBy(() -> stats.percentileNs(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.percentileNs(100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.percentileNs(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code ceil(p / 100 * n)} with p read as the decimal it prints as. */
    static long naiveRank(double p, long n) {
        return new BigDecimal(Double.toString(p)).multiply(BigDecimal.valueOf(n))
                .divide(BigDecimal.valueOf(100)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static MetricStats recordAll(List<Long> values) {
        MetricStats stats = new MetricStats("latency");
        for (int i = 0; i < values.size(); i++) {
            stats.record(values.get(i), i, timeOf(i));
        }
        return stats;
    }

    static long timeOf(int index) {
        return 1_700_000_000_000_000_000L + index * 1_000_000L;
    }
}
