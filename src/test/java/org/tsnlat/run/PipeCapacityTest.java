package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** A hot loop's record pipe holds 16 s at the period, within bounds; a receiver alone gets the default. */
class PipeCapacityTest {
    @Test
    void sizedByThePeriod() {
        assertThat(Measurement.pipeCapacity(1_000_000)).isEqualTo(1 << 14);      // 1 ms: 16 000 -> 16 384
        assertThat(Measurement.pipeCapacity(100_000)).isEqualTo(1 << 16);        // 100 us: 160 000, at most 65 536
        assertThat(Measurement.pipeCapacity(10_000_000)).isEqualTo(1 << 12);     // 10 ms: 1 600, at least 4 096
        assertThat(Measurement.pipeCapacity(0)).isEqualTo(Measurement.PIPE_UNKNOWN_PERIOD);
    }

    @Property
    void aPowerOfTwoThatHoldsTheSpanWithinTheBounds(@ForAll @LongRange(min = 1, max = 3_600_000_000_000L) long periodNs) {
        int c = Measurement.pipeCapacity(periodNs);
        assertThat(Integer.bitCount(c)).isEqualTo(1);
        assertThat(c).isBetween(Measurement.PIPE_MIN, Measurement.PIPE_MAX);
        if (c < Measurement.PIPE_MAX) {
            assertThat((long) c * periodNs).isGreaterThanOrEqualTo(Math.min(Measurement.PIPE_HOLDS_NS,
                    Measurement.PIPE_MIN * periodNs));
        }
    }
}
