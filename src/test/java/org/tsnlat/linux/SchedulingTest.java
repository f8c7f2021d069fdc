package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** Each case changes a thread of its own, so the JUnit thread keeps its settings. */
class SchedulingTest {

    @Test
    @Needs(Need.ROOT) // SCHED_FIFO: CAP_SYS_NICE
    void fifoIsSetAndReadBackOnTheCallingThreadThenRestored() throws Exception {
        onOwnThread(() -> {
            Scheduling.setScheduler(Scheduling.Policy.FIFO, 10);
            assertThat(Scheduling.getScheduler()).isEqualTo(Scheduling.Policy.FIFO);
            assertThat(Scheduling.getPriority()).isEqualTo(10);
            Scheduling.setScheduler(Scheduling.Policy.OTHER, 0);
            assertThat(Scheduling.getScheduler()).isEqualTo(Scheduling.Policy.OTHER);
            assertThat(Scheduling.getPriority()).isZero();
            return null;
        });
    }

    @Test
    @Needs(Need.ROOT)
    void fifoOnOneThreadLeavesOtherThreadsAlone() throws Exception {
        onOwnThread(() -> {
            Scheduling.setScheduler(Scheduling.Policy.FIFO, 5);
            try {
                return null;
            } finally {
                Scheduling.setScheduler(Scheduling.Policy.OTHER, 0);
            }
        });
        assertThat(Scheduling.getScheduler()).isEqualTo(Scheduling.Policy.OTHER);
    }

    @Test
    void anOutOfRangePriorityNamesTheCallAndEinval() throws Exception {
        onOwnThread(() -> {
            assertThatThrownBy(() -> Scheduling.setScheduler(Scheduling.Policy.FIFO, 500))
                    .isInstanceOfSatisfying(LinuxException.class,
                            e -> assertThat(e.errno()).isEqualTo(22))
                    .hasMessageStartingWith("sched_setscheduler")
                    .hasMessageContaining("Invalid argument");
            return null;
        });
    }

    @Test
    void affinityRoundTripsOnTheCallingThread() throws Exception {
        onOwnThread(() -> {
            BitSet original = Scheduling.getAffinity();
            assertThat(original.cardinality()).isPositive();
            BitSet one = new BitSet();
            one.set(original.nextSetBit(0));
            Scheduling.setAffinity(one);
            assertThat(Scheduling.getAffinity()).isEqualTo(one);
            Scheduling.setAffinity(original);
            assertThat(Scheduling.getAffinity()).isEqualTo(original);
            return null;
        });
    }

    @Test
    void anEmptyAffinityIsRejectedByTheKernel() throws Exception {
        onOwnThread(() -> {
            assertThatThrownBy(() -> Scheduling.setAffinity(new BitSet()))
                    .isInstanceOf(LinuxException.class)
                    .hasMessageStartingWith("sched_setaffinity");
            return null;
        });
    }

    @Test
    void timerSlackRoundTrips() throws Exception {
        onOwnThread(() -> {
            long originalNs = Scheduling.getTimerSlackNs();
            Scheduling.setTimerSlackNs(1);
            assertThat(Scheduling.getTimerSlackNs()).isEqualTo(1);
            Scheduling.setTimerSlackNs(12_345);
            assertThat(Scheduling.getTimerSlackNs()).isEqualTo(12_345);
            Scheduling.setTimerSlackNs(originalNs);
            assertThat(Scheduling.getTimerSlackNs()).isEqualTo(originalNs);
            return null;
        });
    }

    @Test
    void threadIdsDifferBetweenThreadsAndOnlineCpusMatchTheJvm() throws Exception {
        int mine = Scheduling.gettid();
        int other = onOwnThread(Scheduling::gettid);
        assertThat(mine).isPositive();
        assertThat(other).isPositive().isNotEqualTo(mine);
        assertThat(Cpus.online()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }

    static <T> T onOwnThread(Callable<T> work) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(work).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        } finally {
            thread.shutdownNow();
        }
    }
}
