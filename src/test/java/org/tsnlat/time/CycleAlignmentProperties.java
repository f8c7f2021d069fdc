package org.tsnlat.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.ClockId;
import org.tsnlat.run.SenderConfig;

/**
 * --taprio-align's arithmetic: with a period of whole cycles, every probe of the sender's schedule
 * (origin moved forward by whole periods past now, as SenderConfig does) falls the shift into a
 * cycle; any other period is refused.
 */
class CycleAlignmentProperties {

    @Property
    void everyProbeFallsTheShiftIntoItsCycle(@ForAll @LongRange(min = 1_000, max = 10_000_000) long cycleNs,
            @ForAll @IntRange(min = 1, max = 1_000) int cyclesPerPeriod,
            @ForAll @LongRange(min = 0, max = 9_999_999) long shiftSeed,
            @ForAll @LongRange(min = 0, max = 2_000_000_000_000_000_000L) long cycleBaseNs,
            @ForAll @LongRange(min = 0, max = 2_000_000_000_000_000_000L) long nowNs,
            @ForAll @LongRange(min = 0, max = 1_000_000) long n) {
        long shift = shiftSeed % cycleNs;
        long periodNs = cycleNs * cyclesPerPeriod;
        CycleAlignment a = new CycleAlignment(cycleBaseNs, cycleNs, shift);
        assertThat(a.periodProblem(periodNs)).isNull();
        SenderConfig config = new SenderConfig(new InetSocketAddress("127.0.0.1", 9), periodNs, 10, 64, ClockId.TAI,
                a.originNs(periodNs), -1, null, null);
        long first = config.firstScheduledNs(nowNs);
        assertThat(first).isGreaterThanOrEqualTo(Math.min(nowNs + SenderConfig.LEAD_NS, a.originNs(periodNs)));
        assertThat(a.phaseNs(first)).isEqualTo(shift);
        assertThat(a.phaseNs(first + n * periodNs)).isEqualTo(shift);
        if (a.originNs(periodNs) < nowNs + SenderConfig.LEAD_NS) {
            assertThat(first - (nowNs + SenderConfig.LEAD_NS)).as("no whole period lost").isLessThan(periodNs);
        } else {
            assertThat(first).as("a cycle base ahead is kept: the schedule starts there").isEqualTo(cycleBaseNs + shift);
        }
    }

    @Property
    void aPeriodThatIsNotWholeCyclesIsRefused(@ForAll @LongRange(min = 2, max = 10_000_000) long cycleNs,
            @ForAll @LongRange(min = 1, max = 100_000_000) long periodNs) {
        CycleAlignment a = new CycleAlignment(0, cycleNs, 0);
        if (periodNs % cycleNs == 0) {
            assertThat(a.periodProblem(periodNs)).isNull();
        } else {
            assertThat(a.periodProblem(periodNs)).contains("is not a whole number of cycles of");
            assertThatThrownBy(() -> a.originNs(periodNs)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property
    void thePhaseIsInTheCycleBeforeTheBaseToo(@ForAll @LongRange(min = 1, max = 10_000_000) long cycleNs,
            @ForAll @LongRange(min = -4_000_000_000_000_000_000L, max = 4_000_000_000_000_000_000L) long tNs) {
        CycleAlignment a = new CycleAlignment(1_000_000_000L, cycleNs, 0);
        assertThat(a.phaseNs(tNs)).isBetween(0L, cycleNs - 1);
        assertThat(a.phaseNs(tNs + cycleNs)).isEqualTo(a.phaseNs(tNs));
    }

    @Test
    void theShiftIsWithinTheCycle() {
        assertThatThrownBy(() -> new CycleAlignment(0, 1_000_000, 1_000_000)).hasMessageContaining("less than the cycle (1ms)");
        assertThatThrownBy(() -> new CycleAlignment(0, 1_000_000, -1)).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> new CycleAlignment(0, 0, 0)).hasMessageContaining("greater than 0");
    }

    @Test
    void theGateEntryInForceAtAnOffset() {
        List<Long> intervals = List.of(300_000L, 300_000L, 400_000L);
        assertThat(CycleAlignment.entryAt(intervals, 0)).isZero();
        assertThat(CycleAlignment.entryAt(intervals, 299_999)).isZero();
        assertThat(CycleAlignment.entryAt(intervals, 300_000)).isEqualTo(1);
        assertThat(CycleAlignment.entryAt(intervals, 999_999)).isEqualTo(2);
        assertThat(CycleAlignment.entryAt(intervals, 1_000_000)).isEqualTo(-1);
    }
}
