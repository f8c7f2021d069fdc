package org.tsnlat.record;

/**
 * The one convention for timestamps in tsnlat: signed 64-bit nanoseconds, and a missing one is
 * {@link #ABSENT}, never 0 (0 is a valid instant on a monotonic clock and a trap in arithmetic).
 */
public final class Timestamps {
    /** A timestamp that was not taken or not delivered. */
    public static final long ABSENT = Long.MIN_VALUE;

    private Timestamps() {
    }

    /** True unless {@code tNs} is {@link #ABSENT}. */
    public static boolean present(long tNs) {
        return tNs != ABSENT;
    }
}
