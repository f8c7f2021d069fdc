package org.tsnlat.time;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Signed 64-bit inputs for overflow properties: the extremes, the absent sentinel, and ordinary values mixed in. */
public final class Extremes {
    private Extremes() {}

    /** Long.MIN_VALUE (also Timestamps.ABSENT), Long.MAX_VALUE, 0, +-1, their neighbours, and any long. */
    public static Arbitrary<Long> longs() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1,
                        0L, 1L, -1L, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2 + 1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
    }
}
