package org.tsnlat.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Each operation against exact BigInteger arithmetic, clamped to +-Long.MAX_VALUE, over the extremes. */
class SaturatingProperties {
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @Provide
    Arbitrary<Long> extreme() {
        return Extremes.longs();
    }

    private static long clamped(BigInteger exact) {
        return exact.max(MAX.negate()).min(MAX).longValueExact();
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    @Property(tries = 2000)
    void subAddMulAreExactOrClampedWithTheirSign(@ForAll("extreme") long a, @ForAll("extreme") long b) {
        assertThat(Saturating.sub(a, b)).isEqualTo(clamped(big(a).subtract(big(b))));
        assertThat(Saturating.add(a, b)).isEqualTo(clamped(big(a).add(big(b))));
        assertThat(Saturating.mul(a, b)).isEqualTo(clamped(big(a).multiply(big(b))));
        assertThat(Saturating.subFits(a, b)).isEqualTo(big(a).subtract(big(b)).bitLength() < 64);
    }

    @Property(tries = 2000)
    void halfSumIsExactForAnyTwoLongs(@ForAll("extreme") long a, @ForAll("extreme") long b) {
        // BigInteger.divide truncates toward zero, as Java's / does
        assertThat(Saturating.halfSum(a, b)).isEqualTo(big(a).add(big(b)).divide(BigInteger.TWO).longValueExact());
    }

    @Property(tries = 500)
    void absIsNeverNegative(@ForAll("extreme") long v) {
        assertThat(Saturating.abs(v)).isEqualTo(clamped(big(v).abs()));
    }
}
