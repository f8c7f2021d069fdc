package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * After warm-up, {@link MetricStats#record} and {@link SeqTracker#accept} allocate nothing:
 * 100 000 calls each leave the thread's allocated-bytes counter unchanged.
 */
class HotPathAllocatesNothingTest {
    private static final int CALLS = 100_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long[] values = new long[CALLS];
    private final long[] seqs = new long[CALLS];
    private long[] sink;

    HotPathAllocatesNothingTest() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < CALLS; i++) {
            // Signed, including values beyond the histogram's range (clamped there).
            values[i] = random.nextInt(100) == 0
                    ? random.nextLong()
                    : random.nextLong(-2_000_000, 5_000_000_000L);
            // Mostly in order, with duplicates, reordering, gaps and a few far jumps back.
            seqs[i] = switch (random.nextInt(50)) {
                case 0 -> Math.max(0, i - 1);
                case 1 -> i + 3;
                case 2 -> Math.max(0, i - 5_000);
                default -> i;
            };
        }
    }

    @Test
    void recordAllocatesNothing() {
        MetricStats stats = new MetricStats("latency");
        recordAll(stats);
        recordAll(stats);
        long before = allocatedBytes();
        recordAll(stats);
        long after = allocatedBytes();
        assertThat(after - before).isZero();
        assertThat(stats.count()).isEqualTo(3L * CALLS);
    }

    @Test
    void acceptAllocatesNothing() {
        SeqTracker tracker = new SeqTracker(12);
        acceptAll(tracker, 0);
        acceptAll(tracker, CALLS);
        long before = allocatedBytes();
        int flags = acceptAll(tracker, 2L * CALLS);
        long after = allocatedBytes();
        assertThat(after - before).isZero();
        assertThat(flags).isNotZero();
    }

    @Test
    void theMeterSeesAnAllocation() {
        long before = allocatedBytes();
        sink = new long[1000];
        long after = allocatedBytes();
        assertThat(after - before).isGreaterThanOrEqualTo(8000);
    }

    private void recordAll(MetricStats stats) {
        for (int i = 0; i < CALLS; i++) {
            stats.record(values[i], i, i * 1_000_000L);
        }
    }

    private int acceptAll(SeqTracker tracker, long offset) {
        int flags = 0;
        for (int i = 0; i < CALLS; i++) {
            flags |= tracker.accept(offset + seqs[i]);
        }
        return flags;
    }

    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
