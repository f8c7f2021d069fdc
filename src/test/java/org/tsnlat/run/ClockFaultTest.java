package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Clock-fault specs, the offsets they make, and where a sleep on the faulty clock ends. */
class ClockFaultTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void specsParseIntoTheirFaults() {
        assertThat(ClockFault.parse("none")).isSameAs(ClockFault.NONE);
        assertThat(ClockFault.parse("step:+50ms@10s")).isEqualTo(new ClockFault.Step(10 * S, 50 * MS));
        assertThat(ClockFault.parse("step:-3us@1.5s")).isEqualTo(new ClockFault.Step(1_500 * MS, -3_000));
        assertThat(ClockFault.parse("drift:100ppm")).isEqualTo(new ClockFault.Drift(100));
        assertThat(ClockFault.parse("drift:-0.5ppm")).isEqualTo(new ClockFault.Drift(-0.5));
        assertThat(ClockFault.parse("steps:+2ms@every5s/1s")).isEqualTo(new ClockFault.Steps(5 * S, 2 * MS, S));
        assertThat(ClockFault.parse("STEP:+50MS@10S").spec()).isEqualTo("step:+50ms@10s");
        for (String spec : new String[] {"none", "step:+50ms@10s", "drift:100ppm", "steps:-2ms@every5s/1s"}) {
            assertThat(ClockFault.parse(spec).spec()).isEqualTo(spec);
        }
    }

    @Test
    void badSpecsSayWhatIsWrongOnOneLine() {
        assertThatThrownBy(() -> ClockFault.parse("jump:5ms")).hasMessage(
                "clock fault 'jump:5ms' is not one of: none, step:+50ms@10s, drift:100ppm, steps:+2ms@every5s/1s");
        assertThatThrownBy(() -> ClockFault.parse("step:+50xs@10s")).hasMessageStartingWith("clock fault 'step:+50xs@10s': ")
                .hasMessageContaining("unknown unit 'xs'");
        assertThatThrownBy(() -> ClockFault.parse("step:+50ms@-1s")).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> ClockFault.parse("drift:2000000ppm")).hasMessageContaining("outside");
        assertThatThrownBy(() -> ClockFault.parse("steps:+2ms@every1s/1s")).hasMessageContaining("shorter than the repeat");
        assertThatThrownBy(() -> ClockFault.parse("drift:100")).hasMessageContaining("is not one of");
    }

    @Test
    void aStepHoldsFromItsTimeOn() {
        ClockFault step = ClockFault.parse("step:+50ms@10s");
        assertThat(step.offsetNs(-S)).isZero();
        assertThat(step.offsetNs(10 * S - 1)).isZero();
        assertThat(step.offsetNs(10 * S)).isEqualTo(50 * MS);
        assertThat(step.offsetNs(100 * S)).isEqualTo(50 * MS);
        assertThat(step.trueElapsedNs(10 * S - 1)).isEqualTo(10 * S - 1);
        assertThat(step.trueElapsedNs(10 * S + 20 * MS)).as("a time the clock skips").isEqualTo(10 * S);
        assertThat(step.trueElapsedNs(11 * S)).isEqualTo(11 * S - 50 * MS);
        ClockFault back = ClockFault.parse("step:-50ms@10s");
        assertThat(back.trueElapsedNs(10 * S - 20 * MS)).isEqualTo(10 * S - 20 * MS);
        assertThat(back.trueElapsedNs(10 * S + 20 * MS)).as("a time the clock reads twice: the later").isEqualTo(10 * S + 70 * MS);
    }

    @Test
    void intermittentStepsHoldOnlyInTheirWindowsAfterACleanStart() {
        ClockFault steps = ClockFault.parse("steps:+2ms@every5s/1s");
        assertThat(steps.offsetNs(0)).isZero();
        assertThat(steps.offsetNs(S / 2)).isZero();
        assertThat(steps.offsetNs(5 * S - 1)).isZero();
        assertThat(steps.offsetNs(5 * S)).isEqualTo(2 * MS);
        assertThat(steps.offsetNs(6 * S - 1)).isEqualTo(2 * MS);
        assertThat(steps.offsetNs(6 * S)).isZero();
        assertThat(steps.offsetNs(10 * S + S / 2)).isEqualTo(2 * MS);
        assertThat(steps.offsetNs(13 * S)).isZero();
    }

    @Property
    void driftGrowsLinearlyWithElapsedTime(@ForAll @DoubleRange(min = -1000, max = 1000) double ppm,
                                           @ForAll @LongRange(min = 0, max = 100_000 * S) long elapsedNs) {
        ClockFault drift = new ClockFault.Drift(ppm);
        double exact = elapsedNs * ppm / 1e6;
        assertThat((double) drift.offsetNs(elapsedNs)).isCloseTo(exact, org.assertj.core.data.Offset.offset(2.0));
        assertThat((double) drift.offsetNs(2 * elapsedNs)).isCloseTo(2 * exact, org.assertj.core.data.Offset.offset(3.0));
    }

    /** For every fault, a sleep until faulty time f ends at the first true time the faulty clock reads f or more. */
    @Property
    void sleepingOnTheFaultyClockEndsAtTheFirstTrueTimeItReadsTheDeadline(
            @ForAll @LongRange(min = -S, max = 60 * S) long faultyNs,
            @ForAll @LongRange(min = -100 * MS, max = 100 * MS) long stepNs,
            @ForAll @DoubleRange(min = -5000, max = 5000) double ppm) {
        for (ClockFault f : new ClockFault[] {ClockFault.NONE, new ClockFault.Step(10 * S, stepNs), new ClockFault.Drift(ppm),
                new ClockFault.Steps(5 * S, stepNs, S)}) {
            long e = f.trueElapsedNs(faultyNs);
            assertThat(e + f.offsetNs(e)).as("%s at %d", f, faultyNs).isGreaterThanOrEqualTo(faultyNs);
            assertThat(e - 1 + f.offsetNs(e - 1)).as("%s at %d: %d is the first", f, faultyNs, e).isLessThan(faultyNs);
        }
    }

}
