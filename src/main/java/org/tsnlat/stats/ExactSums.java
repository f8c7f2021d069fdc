package org.tsnlat.stats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Exact running sum and sum of squares of signed 64-bit values, in plain {@code long} words so
 * that {@link #add(long)} never allocates.
 *
 * <p>The sum is a signed 128-bit integer ({@code sumHi:sumLo}); it cannot overflow, since
 * {@code |sum| <= 2^63 * 2^63 = 2^126} for any count that fits a {@code long}. The sum of
 * squares is an unsigned integer of 192 bits ({@code sqTop:sqHi:sqLo}): each square is at most
 * {@code 2^126}, so the top word only comes into play for values beyond about 2^48 ns (78
 * hours) in long runs, but with it the sums stay exact for every possible input.
 *
 * <p>Mean and population standard deviation are computed from the exact integers with
 * {@link BigInteger}/{@link BigDecimal} at summary time, so they are exact up to the final
 * rounding to {@code double}.
 */
final class ExactSums {
    private static final MathContext DIVIDE_CONTEXT = new MathContext(40);
    private static final MathContext SQRT_CONTEXT = MathContext.DECIMAL128;

    private long sumHi;
    private long sumLo;
    private long sqTop;
    private long sqHi;
    private long sqLo;

    /** Adds {@code value} to the sum and {@code value * value} to the sum of squares. */
    void add(long value) {
        addToSum(value >> 63, value);
        addToSquares(0, Math.multiplyHigh(value, value), value * value);
    }

    /** Adds the sums of {@code other} to these. */
    void add(ExactSums other) {
        addToSum(other.sumHi, other.sumLo);
        addToSquares(other.sqTop, other.sqHi, other.sqLo);
    }

    void reset() {
        sumHi = 0;
        sumLo = 0;
        sqTop = 0;
        sqHi = 0;
        sqLo = 0;
    }

    private void addToSum(long hi, long lo) {
        long newLo = sumLo + lo;
        long carry = Long.compareUnsigned(newLo, sumLo) < 0 ? 1 : 0;
        sumLo = newLo;
        sumHi = sumHi + hi + carry;
    }

    private void addToSquares(long top, long hi, long lo) {
        long newLo = sqLo + lo;
        long carryLo = Long.compareUnsigned(newLo, sqLo) < 0 ? 1 : 0;
        long partHi = sqHi + hi;
        long carryHi = Long.compareUnsigned(partHi, sqHi) < 0 ? 1 : 0;
        long newHi = partHi + carryLo;
        if (Long.compareUnsigned(newHi, partHi) < 0) {
            carryHi++;
        }
        sqLo = newLo;
        sqHi = newHi;
        sqTop = sqTop + top + carryHi;
    }

    /** The exact sum as a {@link BigInteger}. */
    BigInteger sum() {
        return BigInteger.valueOf(sumHi).shiftLeft(64).add(unsigned(sumLo));
    }

    /** The exact sum of squares as a {@link BigInteger}. */
    BigInteger sumOfSquares() {
        return unsigned(sqTop).shiftLeft(64).add(unsigned(sqHi)).shiftLeft(64).add(unsigned(sqLo));
    }

    /** Mean of {@code count} values, rounded once to the nearest double; 0 when count is 0. */
    double meanNs(long count) {
        if (count == 0) {
            return 0.0;
        }
        return new BigDecimal(sum()).divide(BigDecimal.valueOf(count), DIVIDE_CONTEXT).doubleValue();
    }

    /**
     * Population standard deviation of {@code count} values: {@code sqrt((n*S2 - S1^2) / n^2)},
     * with the numerator exact; 0 when count is 0.
     */
    double populationStddevNs(long count) {
        if (count == 0) {
            return 0.0;
        }
        BigInteger n = BigInteger.valueOf(count);
        BigInteger s1 = sum();
        BigInteger numerator = n.multiply(sumOfSquares()).subtract(s1.multiply(s1));
        if (numerator.signum() <= 0) {
            return 0.0;
        }
        BigDecimal variance = new BigDecimal(numerator).divide(new BigDecimal(n.multiply(n)), DIVIDE_CONTEXT);
        return variance.sqrt(SQRT_CONTEXT).doubleValue();
    }

    private static BigInteger unsigned(long word) {
        BigInteger value = BigInteger.valueOf(word & Long.MAX_VALUE);
        return word < 0 ? value.setBit(63) : value;
    }
}
