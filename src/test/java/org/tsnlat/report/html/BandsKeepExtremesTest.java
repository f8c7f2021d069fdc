package org.tsnlat.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Downsampling a long run to a bounded number of columns never loses its extremes. */
class BandsKeepExtremesTest {
    @Test
    void foldedColumnsKeepEveryIntervalsMinAndMax() {
        int intervals = 86_400;
        Bands b = new Bands(2000);
        long[] min = new long[intervals];
        long[] max = new long[intervals];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < intervals; i++) {
            min[i] = Long.MAX_VALUE;
            max[i] = Long.MIN_VALUE;
            for (int k = 0; k < 20; k++) {
                long v = rnd.nextInt(1_000_000) - (i == 777 ? 5_000_000 : 0);
                b.add(i, v);
                min[i] = Math.min(min[i], v);
                max[i] = Math.max(max[i], v);
            }
            if (i % 1000 == 0) b.event(i, 1);
        }
        b.finish();
        assertThat(b.columns()).isLessThanOrEqualTo(2000);
        long events = 0;
        for (int c = 0; c < b.columns(); c++) {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int i = c * b.intervalsPerColumn(); i < Math.min(intervals, (c + 1) * b.intervalsPerColumn()); i++) {
                lo = Math.min(lo, min[i]);
                hi = Math.max(hi, max[i]);
            }
            assertThat(b.min(c)).as("column %d min", c).isEqualTo(lo);
            assertThat(b.max(c)).as("column %d max", c).isEqualTo(hi);
            assertThat(b.p50(c)).isBetween(lo, hi);
            assertThat(b.p99(c)).isBetween(b.p50(c), hi);
            events += b.events(c);
        }
        assertThat(events).isEqualTo(87);
    }

    @Test
    void shortRunHasOneColumnPerIntervalWithExactPercentiles() {
        Bands b = new Bands(2000);
        for (int v = 1; v <= 1000; v++) b.add(0, v);
        for (int v = 1; v <= 100; v++) b.add(2, -v);
        b.finish();
        assertThat(b.columns()).isEqualTo(3);
        assertThat(b.intervalsPerColumn()).isEqualTo(1);
        assertThat(new long[] {b.min(0), b.p50(0), b.p99(0), b.max(0)}).containsExactly(1, 500, 990, 1000);
        assertThat(b.empty(1)).isTrue();
        assertThat(new long[] {b.min(2), b.p50(2), b.p99(2), b.max(2)}).containsExactly(-100, -51, -2, -1);
    }
}
