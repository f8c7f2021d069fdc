package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.Scheduling;

/**
 * The readings of a real host: a thread this test starts, named and pinned to CPU 1, spins between
 * the two readings and is listed among the threads that ran on CPU 1, with its CPU time.
 */
class DuringSamplerSeesABusyThreadTest {

    @Test
    void aBusyThreadPinnedToCpu1IsListedOnCpu1WithItsCpuTime() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        Thread busy = Thread.ofPlatform().name("snap-busy").start(() -> {
            BitSet cpu1 = new BitSet();
            cpu1.set(1);
            Scheduling.setAffinity(cpu1);
            tid.complete(Scheduling.gettid());
            long spins = 0;
            while (!stop.get()) spins++;
            if (spins < 0) throw new AssertionError(); // keeps the loop
        });
        try {
            int busyTid = tid.get(5, TimeUnit.SECONDS);
            DuringSampler sampler = new DuringSampler(Map.of("snap-busy", busyTid));
            sampler.start(System.nanoTime());
            Thread.sleep(300);
            EnvDuring d = sampler.end();

            assertThat(d.noDeltas()).isNull();
            assertThat(d.cpusOfInterest()).isEqualTo("1"); // the CPUs the named threads may run on
            assertThat(d.threads()).containsOnlyKeys("cpu1");
            List<EnvDuring.ThreadTime> onCpu1 = d.threads().get("cpu1").top();
            EnvDuring.ThreadTime spinner = onCpu1.stream().filter(t -> t.tid() == busyTid).findFirst()
                    .orElseThrow(() -> new AssertionError("snap-busy not among " + onCpu1));
            assertThat(spinner.comm()).isEqualTo("snap-busy");
            assertThat(spinner.pid()).isEqualTo((int) ProcessHandle.current().pid());
            assertThat(spinner.cpuMs()).isPositive();
            assertThat(spinner.fromCpu()).isNull(); // on CPU 1 at both readings
            assertThat(spinner.policy()).isEqualTo("SCHED_OTHER");
            assertThat(d.cpus()).containsKeys("cpu0", "cpu1");
            d.cpus().values().forEach(c -> assertThat(List.of(c.userMs(), c.systemMs(), c.idleMs(), c.irqMs(),
                    c.softirqMs(), c.stealMs(), c.stealPercent())).allMatch(v -> v >= 0));
            d.softirqs().values().forEach(byCpu -> assertThat(byCpu.values()).allMatch(n -> n >= 0));
            assertThat(d.measuringThreads()).containsEntry("snap-busy", busyTid);
        } finally {
            stop.set(true);
            busy.join();
        }
    }

    @Test
    void loopsThatEndBeforeTheFirstReadingHaveNoDifferences() {
        DuringSampler sampler = new DuringSampler(Map.of());
        EnvDuring d = sampler.end();
        sampler.start(System.nanoTime()); // too late: the warm-up's end came after the loops'
        assertThat(d.noDeltas()).contains("within its warm-up");
        assertThat(d.cpus()).isNull();
        assertThat(d.threads()).isNull();
    }
}
