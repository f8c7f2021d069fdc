package org.tsnlat.time;

/**
 * Arithmetic on signed 64-bit nanosecond values that cannot wrap around. A difference of two
 * timestamps read from a record file or a datagram can be anything (a corrupt or hostile value,
 * the absent sentinel {@code Long.MIN_VALUE}); plain {@code a - b} then wraps and a latency of
 * 292 years becomes a small, believable number. Here a result beyond +-{@link Long#MAX_VALUE}
 * is clamped to it: it keeps its sign and stays beyond every limit. The range is symmetric, so a
 * result is never {@code Long.MIN_VALUE}, the sentinel of an absent timestamp, and its
 * {@code Math.abs} never wraps. Nothing allocates; each is a few instructions, for the hot loops.
 */
public final class Saturating {
    private Saturating() {}

    /** {@code a - b}, clamped to +-{@link Long#MAX_VALUE}. */
    public static long sub(long a, long b) {
        long d = a - b;
        if (((a ^ b) & (a ^ d)) < 0) { // a and b of opposite signs, and d's sign not a's: it wrapped
            return a < 0 ? -Long.MAX_VALUE : Long.MAX_VALUE;
        }
        return clamp(d);
    }

    /** {@code a + b}, clamped to +-{@link Long#MAX_VALUE}. */
    public static long add(long a, long b) {
        long s = a + b;
        if (((a ^ s) & (b ^ s)) < 0) { // a and b of one sign, and s's sign the other: it wrapped
            return a < 0 ? -Long.MAX_VALUE : Long.MAX_VALUE;
        }
        return clamp(s);
    }

    /** {@code a * b}, clamped to +-{@link Long#MAX_VALUE}. */
    public static long mul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi != (lo >> 63)) { // the 128-bit product does not fit 64 bits
            return (a < 0) == (b < 0) ? Long.MAX_VALUE : -Long.MAX_VALUE;
        }
        return clamp(lo);
    }

    private static long clamp(long v) {
        return v == Long.MIN_VALUE ? -Long.MAX_VALUE : v;
    }

    /** |v|, with {@code Long.MIN_VALUE} (whose {@code Math.abs} is itself, negative) taken as the largest value. */
    public static long abs(long v) {
        return v == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(v);
    }

    /** True when {@code a - b} fits a {@code long} exactly. */
    public static boolean subFits(long a, long b) {
        long d = a - b;
        return ((a ^ b) & (a ^ d)) >= 0;
    }

    /**
     * {@code (a + b) / 2} exactly (rounded toward zero, as Java's {@code /} does), for any two
     * longs: the result always fits even when the sum does not.
     */
    public static long halfSum(long a, long b) {
        long s = a + b;
        if (((a ^ s) & (b ^ s)) >= 0) {
            return s / 2;
        }
        long floor = (a >> 1) + (b >> 1) + (a & b & 1);
        // here a and b have one sign; a negative odd sum rounds toward zero, one above its floor
        return a < 0 && ((a ^ b) & 1) != 0 ? floor + 1 : floor;
    }
}
