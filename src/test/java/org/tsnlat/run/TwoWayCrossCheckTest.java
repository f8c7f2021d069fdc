package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.ClockId;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.sync.TwoWayEstimate;
import org.tsnlat.sync.TwoWayEstimator;

/**
 * Tier 2: the two-way cross-check over loopback, where both ends read one kernel clock. Without a
 * fault the estimates say "in sync"; with a fault injected on the sender they find it, of the
 * right size and sign.
 *
 * <p>The sign: an estimate is the receiver's clock minus the sender's. A fault makes the sender
 * read true + f, the receiver still reads true, so the estimate is -f: a sender running ahead
 * (f > 0) shows as a negative offset.
 */
class TwoWayCrossCheckTest {
    private static final long PERIOD_NS = 1_000_000;
    private static final long US = 1_000;
    private static final long MS = 1_000_000;
    private static final long S = 1_000_000_000;

    @TempDir Path runs;

    /** A finished run: its estimates, the samples behind them, where its fault counts from. */
    record Run(Measurement.Result result, Measurement m, List<TwoWayEstimate> estimates, List<long[]> samples,
               long faultOriginNs) {}

    private Run measure(long probes, ClockFault fault) throws Exception {
        var tuning = ThreadTuning.defaults();
        var lo = new InetSocketAddress("127.0.0.1", 0);
        var rx = new ReceiverConfig(lo, Long.MAX_VALUE, probes * PERIOD_NS + 10 * S, ClockId.TAI, 0, tuning, null, true);
        var tx = new SenderConfig(lo, PERIOD_NS, probes, 64, ClockId.TAI, SenderConfig.ALIGNED, -1, tuning, null, 10, fault);
        List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
        var m = new Measurement("run", tx, rx, 0, runs, List.of("test"), null)
                .onTwoWaySample((t1, t2, t3, t4) -> samples.add(new long[] {t1, t2, t3, t4}));
        Measurement.Result result = m.run();
        // the fault counts from the sender's start, after the warm-up, not from the files' start time
        long origin = m.faultOriginNs();
        List<TwoWayEstimate> estimates = m.twoWayEstimates();
        for (TwoWayEstimate e : estimates) {
            System.out.printf("%s: t=%d samples=%d offset=%.3f us delay=%.3f us%n", fault.spec(), e.timeNs(),
                    e.samples(), e.offsetNs() / 1e3, e.delayNs() / 1e3);
        }
        assertThat(m.failures()).isEmpty();
        return new Run(result, m, estimates, samples, origin);
    }

    @Test
    void withoutFaultEveryIntervalSaysTheClocksAgree() throws Exception {
        Run run = measure(6000, ClockFault.NONE);
        assertThat(run.estimates()).hasSize(6);
        for (TwoWayEstimate e : run.estimates()) {
            assertThat(e.samples()).as("samples in %s", e).isGreaterThanOrEqualTo(50);
            assertThat(Math.abs(e.offsetNs())).as("offset of %s", e).isLessThan(50 * US);
            assertThat(e.delayNs()).as("delay of %s", e).isPositive();
        }
        for (int i = 1; i < run.estimates().size(); i++) {
            assertThat(run.estimates().get(i).timeNs() - run.estimates().get(i - 1).timeNs()).isEqualTo(S);
        }
        assertThat(run.m().lostReflections()).isZero();
    }

    @Test
    void aDriftingSenderIsSeenAtEachIntervalAsMinusItsOffset() throws Exception {
        ClockFault drift = ClockFault.parse("drift:100ppm");
        Run run = measure(12_000, drift);
        assertThat(run.estimates()).hasSizeGreaterThanOrEqualTo(11);
        for (TwoWayEstimate e : run.estimates()) {
            long[] s = chosenSample(run, e);
            long injected = drift.offsetNs(drift.trueElapsedNs(s[0] - run.faultOriginNs()));
            System.out.printf("  at %.3f s: injected %+.3f us, estimated %+.3f us%n",
                    (s[0] - run.faultOriginNs()) / 1e9, injected / 1e3, e.offsetNs() / 1e3);
            // an estimate is off by at most half its round trip (the two directions' delays may differ
            // that much), plus 1 us for the drift during the round trip and rounding
            long bound = e.delayNs() / 2 + US;
            assertThat(e.offsetNs()).as("estimate %s against injected %d", e, injected)
                    .isBetween(-injected - bound, -injected + bound);
        }
        TwoWayEstimate last = run.estimates().getLast();
        assertThat(last.offsetNs()).as("12 s at 100 ppm").isLessThan(-1000 * US);
    }

    @Test
    void aSteppedSenderIsSeenAfterTheStepAndNoProbeIsLost() throws Exception {
        ClockFault step = ClockFault.parse("step:+50ms@5s");
        Run run = measure(10_000, step);
        long stepAt = run.faultOriginNs() + 5 * S;
        int before = 0;
        int after = 0;
        for (TwoWayEstimate e : run.estimates()) {
            if (e.timeNs() <= stepAt) {
                assertThat(Math.abs(e.offsetNs())).as("before the step: %s", e).isLessThan(20 * US);
                before++;
            } else if (e.timeNs() - S >= stepAt + 50 * MS) {
                assertThat(e.offsetNs()).as("after the step: %s", e).isBetween(-50 * MS - 20 * US, -50 * MS + 20 * US);
                after++;
            }
        }
        assertThat(before).isGreaterThanOrEqualTo(3);
        assertThat(after).isGreaterThanOrEqualTo(3);
        JsonNode r = RunDirectory.json().readTree(run.result().dir().file(RunDirectory.REPORT_JSON).toFile());
        assertThat(r.at("/packets/received").asLong()).isEqualTo(10_000);
        assertThat(r.at("/packets/lost").asLong()).isZero();
        try (RecordFileReader reader = RecordFileReader.open(run.result().dir().file(RunDirectory.RX_RECORDS))) {
            assertThat(reader.wholeRecords()).isEqualTo(10_000);
        }
    }

    /** The sample an estimate kept: in its interval, with its delay and offset. */
    private static long[] chosenSample(Run run, TwoWayEstimate e) {
        synchronized (run.samples()) {
            return run.samples().stream()
                    .filter(s -> s[3] <= e.timeNs() && s[3] > e.timeNs() - S)
                    .filter(s -> TwoWayEstimator.delayNs(s[0], s[1], s[2], s[3]) == e.delayNs()
                            && TwoWayEstimator.offsetNs(s[0], s[1], s[2], s[3]) == e.offsetNs())
                    .findFirst().orElseThrow(() -> new AssertionError("no sample behind " + e));
        }
    }
}
