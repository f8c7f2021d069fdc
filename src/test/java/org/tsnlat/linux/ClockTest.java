package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClockTest {

    @Test
    void monotonicReadingsNeverGoBackwards() {
        Clock clock = Clock.open(ClockId.MONOTONIC);
        long previousNs = clock.nowNs();
        for (int i = 0; i < 100_000; i++) {
            long nowNs = clock.nowNs();
            assertThat(nowNs).isGreaterThanOrEqualTo(previousNs);
            previousNs = nowNs;
        }
    }

    @Test
    void realtimeIsNearSystemCurrentTimeMillis() {
        Clock clock = Clock.open(ClockId.REALTIME);
        long javaMs = System.currentTimeMillis();
        long clockMs = TimeUnit.NANOSECONDS.toMillis(clock.nowNs());
        assertThat(clockMs).isBetween(javaMs - 1_000, javaMs + 1_000);
    }

    @Test
    void readNsAgreesWithAnOpenClock() {
        long aNs = Clock.readNs(ClockId.MONOTONIC);
        long bNs = Clock.open(ClockId.MONOTONIC).nowNs();
        assertThat(bNs - aNs).isBetween(0L, TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void taiOffsetIsWholeSecondsAndPlausible() {
        long offsetNs = Clock.taiOffsetNs();
        assertThat(offsetNs % 1_000_000_000L).isZero();
        // 0 when nothing set the kernel's offset, 37 s (2017 onwards) when ptp4l or chrony did.
        assertThat(offsetNs).isBetween(0L, TimeUnit.SECONDS.toNanos(40));
    }

    @Test
    void sleepUntilWakesAtOrAfterTheDeadline() {
        for (ClockId id : ClockId.values()) {
            Clock clock = Clock.open(id);
            long deadlineNs = clock.nowNs() + TimeUnit.MILLISECONDS.toNanos(20);
            clock.sleepUntilNs(deadlineNs);
            long wokeNs = clock.nowNs();
            assertThat(wokeNs).as(id.name()).isGreaterThanOrEqualTo(deadlineNs);
            // Generous: the check is that we woke, not how precisely (VM hosts stall for ms).
            assertThat(wokeNs - deadlineNs).as(id.name()).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    @Test
    void sleepUntilAPastDeadlineReturnsAtOnce() {
        Clock clock = Clock.open(ClockId.MONOTONIC);
        long startNs = clock.nowNs();
        clock.sleepUntilNs(startNs - TimeUnit.SECONDS.toNanos(1));
        assertThat(clock.nowNs() - startNs).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void parseAcceptsShortAndCNamesInAnyCase() {
        assertThat(ClockId.parse("tai")).isEqualTo(ClockId.TAI);
        assertThat(ClockId.parse("CLOCK_TAI")).isEqualTo(ClockId.TAI);
        assertThat(ClockId.parse("clock_monotonic")).isEqualTo(ClockId.MONOTONIC);
        assertThat(ClockId.parse("Realtime")).isEqualTo(ClockId.REALTIME);
        assertThat(ClockId.TAI.id()).isEqualTo(11);
    }

    @Test
    void parseRejectsUnknownNamesListingTheAcceptedOnes() {
        assertThatThrownBy(() -> ClockId.parse("boottime"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boottime")
                .hasMessageContaining("realtime, monotonic, tai");
    }
}
