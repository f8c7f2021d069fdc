package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tsnlat.linux.ClockId;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.sync.TwoWayEstimate;
import org.tsnlat.testing.CpuHogs;

/**
 * Tier 2, issue 12's acceptance for the two-way estimate: over loopback both ends read one clock,
 * so every estimate's offset is its error. With a busy SCHED_OTHER thread on every CPU beside the
 * measuring threads, the |offset| p99 of the intervals after the warm-up stays under 5 us, and
 * every such interval is trusted. Before the estimate took kernel timestamps at all four points
 * the sender's scheduling (app TX time taken before a preempted sendmsg) made offsets of tens of
 * microseconds on a busy machine. 30 s for each address family, with and without the busy threads.
 */
class TwoWayUnderCpuHogTest {
    private static final long PERIOD_NS = 1_000_000;
    private static final long S = 1_000_000_000;
    private static final long WARMUP_NS = 2 * S;
    private static final long PROBES = 32_000; // 30 s after the warm-up
    private static final long BOUND_NS = 5_000;

    @TempDir Path runs;

    @ParameterizedTest(name = "{0}, busy threads: {1}")
    @CsvSource({"127.0.0.1, true", "::1, true", "127.0.0.1, false", "::1, false"})
    void offsetP99StaysUnderFiveMicrosecondsOnOneClockWithAndWithoutEveryCpuBusy(String loopback, boolean hog)
            throws Exception {
        Measurement m;
        Measurement.Result result;
        int busy;
        try (CpuHogs hogs = hog ? CpuHogs.onEveryCpu() : CpuHogs.none()) {
            busy = hogs.count();
            var tuning = ThreadTuning.defaults();
            var lo = new InetSocketAddress(loopback, 0);
            var rx = new ReceiverConfig(lo, Long.MAX_VALUE, PROBES * PERIOD_NS + 10 * S, ClockId.TAI, 0, tuning, null, true);
            var tx = new SenderConfig(lo, PERIOD_NS, PROBES, 64, ClockId.TAI, SenderConfig.ALIGNED, -1, tuning, null, 10,
                    ClockFault.NONE);
            m = new Measurement("run", tx, rx, WARMUP_NS, runs, List.of("test"), null);
            result = m.run();
        }
        assertThat(m.failures()).isEmpty();

        List<TwoWayEstimate> all = m.twoWayEstimates();
        // one estimate a second: those of the warm-up's seconds are left out, as the verdicts leave them
        List<TwoWayEstimate> measured = all.subList((int) Math.min(all.size(), WARMUP_NS / S), all.size());
        assertThat(measured).hasSizeGreaterThanOrEqualTo(10);
        long[] abs = measured.stream().mapToLong(e -> Math.abs(e.offsetNs())).sorted().toArray();
        long p99 = abs[(int) Math.ceil(0.99 * abs.length) - 1];
        System.out.printf("two-way over %s with %d busy threads: %d estimates, |offset| p99 %.3f us, max %.3f us%n",
                loopback, busy, abs.length, p99 / 1e3, abs[abs.length - 1] / 1e3);
        for (TwoWayEstimate e : measured) {
            assertThat(e.timestamps()).as("timestamps of %s", e).isEqualTo("sw-tx,rx,kernel-tx,sw-rx");
        }
        assertThat(p99).as("|offset| p99 on one clock").isLessThan(BOUND_NS);

        List<String> notTrusted = new ArrayList<>();
        for (String line : Files.readAllLines(result.dir().file(RunDirectory.INTERVALS))) {
            JsonNode n = RunDirectory.json().readTree(line);
            if (n.path("startNs").asLong() >= WARMUP_NS && !"TRUSTED".equals(n.path("trust").asText())) {
                notTrusted.add(line);
            }
        }
        assertThat(notTrusted).as("intervals after the warm-up that were not trusted").isEmpty();
    }
}
