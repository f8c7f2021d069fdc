package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two-way estimator on synthetic t1..t4 with a known offset and known one-way delays. */
class TwoWayEstimatorTest {
    private static final long S = 1_000_000_000L;
    private static final long ORIGIN = 1_000 * S;

    private final List<TwoWayEstimate> out = new ArrayList<>();
    private final TwoWayEstimator estimator = new TwoWayEstimator(ORIGIN, S, out::add);

    /**
     * One reflection sent at sender time {@code t1}: the receiver's clock is the sender's plus
     * {@code offset}; the probe takes {@code there} ns, the receiver turns it around in 5 us, the
     * reflection takes {@code back} ns.
     */
    private void reflect(long t1, long offset, long there, long back) {
        long t2 = t1 + there + offset;
        long t3 = t2 + 5_000;
        long t4 = t3 - offset + back;
        estimator.add(t1, t2, t3, t4);
    }

    @Test
    void aSymmetricPathGivesTheExactOffsetAndDelay() {
        assertThat(TwoWayEstimator.offsetNs(100, 1_150, 1_160, 220)).isEqualTo(995); // ((1150 - 100) + (1160 - 220)) / 2
        reflect(ORIGIN + 10, 123_456, 20_000, 20_000);
        estimator.finish(ORIGIN + S / 2);
        assertThat(out).containsExactly(new TwoWayEstimate(ORIGIN + S / 2, 1, 123_456, 40_000));
    }

    @Test
    void theLeastDelayedSampleOfAnIntervalWins() {
        reflect(ORIGIN + 1_000, -7_000, 300_000, 20_000);
        reflect(ORIGIN + 2_000, -7_000, 10_000, 10_000);
        reflect(ORIGIN + 3_000, -7_000, 20_000, 900_000);
        estimator.finish(ORIGIN + 10_000);
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().samples()).isEqualTo(3);
        assertThat(out.getFirst().offsetNs()).isEqualTo(-7_000);
        assertThat(out.getFirst().delayNs()).isEqualTo(20_000);
    }

    @Test
    void eachIntervalIsEmittedWhenALaterOneBeginsAndTheLastPartialOneAtTheEnd() {
        for (int i = 0; i < 25; i++) {
            reflect(ORIGIN + i * (S / 10), 1_000 * i, 10_000, 10_000);
        }
        assertThat(out).extracting(TwoWayEstimate::timeNs).containsExactly(ORIGIN + S, ORIGIN + 2 * S);
        estimator.finish(ORIGIN + 2 * S + S / 2);
        assertThat(out).extracting(TwoWayEstimate::timeNs).containsExactly(ORIGIN + S, ORIGIN + 2 * S, ORIGIN + 2 * S + S / 2);
        assertThat(out).extracting(TwoWayEstimate::samples).containsExactly(10, 10, 5);
        assertThat(out.get(1).offsetNs()).isEqualTo(10_000);
    }

    @Test
    void aSampleBelongsToTheIntervalOfItsT4() {
        reflect(ORIGIN + S - 30_000, 0, 10_000, 10_000);
        reflect(ORIGIN + S - 10_000, 0, 10_000, 10_000);
        estimator.finish(ORIGIN + 3 * S);
        assertThat(out).extracting(TwoWayEstimate::samples).containsExactly(1, 1);
        assertThat(out).extracting(TwoWayEstimate::timeNs).containsExactly(ORIGIN + S, ORIGIN + 2 * S);
    }

    @Test
    void advancingTheClockEmitsAnIntervalWithoutWaitingForTheNextSample() {
        reflect(ORIGIN + 5, 0, 10_000, 10_000);
        estimator.advanceTo(ORIGIN + S - 1);
        assertThat(out).isEmpty();
        estimator.advanceTo(ORIGIN + S);
        assertThat(out).hasSize(1);
        estimator.finish(ORIGIN + 5 * S);
        assertThat(out).hasSize(1);
    }

    @Test
    void aSampleReadAfterItsIntervalWasEmittedJoinsTheOpenOneAndMakesNoSecondEstimateOfTheSameSecond() {
        reflect(ORIGIN + 5, 0, 10_000, 10_000);
        estimator.advanceTo(ORIGIN + S + 1_000); // the reflection thread's clock passed the second's end
        reflect(ORIGIN + S - 50_000, 0, 10_000, 10_000); // t4 in the first second, read late
        reflect(ORIGIN + S + 200_000, 0, 10_000, 10_000);
        estimator.finish(ORIGIN + 2 * S);
        assertThat(out).extracting(TwoWayEstimate::timeNs).doesNotHaveDuplicates().containsExactly(ORIGIN + S, ORIGIN + 2 * S);
        assertThat(out).extracting(TwoWayEstimate::samples).containsExactly(1, 2);
    }

    @Test
    void aNegativeDelayIsDroppedAndCounted() {
        estimator.add(ORIGIN + 100, ORIGIN + 200, ORIGIN + 300, ORIGIN + 150);
        estimator.finish(ORIGIN + S);
        assertThat(out).isEmpty();
        assertThat(estimator.negativeDelays()).isEqualTo(1);
    }

    @Test
    void intervalsWithoutSamplesEmitNothing() {
        reflect(ORIGIN + 5, 0, 10_000, 10_000);
        reflect(ORIGIN + 4 * S + 5, 0, 10_000, 10_000);
        estimator.finish(ORIGIN + 5 * S);
        assertThat(out).extracting(TwoWayEstimate::timeNs).containsExactly(ORIGIN + S, ORIGIN + 5 * S);
    }
}
