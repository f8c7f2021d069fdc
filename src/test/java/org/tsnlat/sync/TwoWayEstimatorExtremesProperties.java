package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsnlat.record.Timestamps;
import org.tsnlat.time.Extremes;

/**
 * The two-way estimator fed the extremes of a signed 64-bit value (and the absent sentinel) for
 * each of t1..t4: an estimate it emits has the exact NTP offset and delay; a sample whose figures
 * cannot be computed exactly is refused and counted, never averaged as a small number.
 */
class TwoWayEstimatorExtremesProperties {
    private static final long S = 1_000_000_000L;

    @Provide
    Arbitrary<Long> extreme() {
        return Extremes.longs();
    }

    private static BigInteger b(long v) {
        return BigInteger.valueOf(v);
    }

    @Property(tries = 3000)
    void anEstimateIsExactOrTheSampleIsRefused(@ForAll("extreme") long t1, @ForAll("extreme") long t2,
                                               @ForAll("extreme") long t3, @ForAll("extreme") long t4) {
        List<TwoWayEstimate> out = new ArrayList<>();
        TwoWayEstimator e = new TwoWayEstimator(0, S, out::add);
        e.add(t1, t2, t3, t4);
        e.finish(Long.MAX_VALUE);
        BigInteger delay = b(t4).subtract(b(t1)).subtract(b(t3).subtract(b(t2)));
        BigInteger offset = b(t2).subtract(b(t1)).add(b(t3).subtract(b(t4))).divide(BigInteger.TWO);
        boolean present = Timestamps.present(t1) && Timestamps.present(t2) && Timestamps.present(t3) && Timestamps.present(t4);
        assertThat(e.impossible() + e.negativeDelays() + out.size()).isEqualTo(1);
        if (!present) {
            assertThat(e.impossible()).isEqualTo(1);
            return;
        }
        if (out.isEmpty()) {
            assertThat(e.negativeDelays() == 1 ? delay.signum() < 0 : true).isTrue();
            return;
        }
        TwoWayEstimate est = out.getFirst();
        assertThat(b(est.delayNs())).isEqualTo(delay);
        assertThat(b(est.offsetNs())).isEqualTo(offset);
        assertThat(est.delayNs()).isNotNegative();
    }

    @Property(tries = 1000)
    void theStaticFormulasAreExactWhenComputable(@ForAll("extreme") long t1, @ForAll("extreme") long t2,
                                                 @ForAll("extreme") long t3, @ForAll("extreme") long t4) {
        if (!TwoWayEstimator.computable(t1, t2, t3, t4)) return;
        assertThat(b(TwoWayEstimator.delayNs(t1, t2, t3, t4)))
                .isEqualTo(b(t4).subtract(b(t1)).subtract(b(t3).subtract(b(t2))));
        assertThat(b(TwoWayEstimator.offsetNs(t1, t2, t3, t4)))
                .isEqualTo(b(t2).subtract(b(t1)).add(b(t3).subtract(b(t4))).divide(BigInteger.TWO));
    }
}
