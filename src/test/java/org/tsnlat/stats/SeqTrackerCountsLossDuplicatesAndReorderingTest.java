package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Worked examples of SeqTracker's accounting, one behaviour each. */
class SeqTrackerCountsLossDuplicatesAndReorderingTest {

    @Test
    void gapsAreLostAndLateArrivalsAreReordered() {
        SeqTracker tracker = new SeqTracker();
        assertThat(tracker.accept(0)).isEqualTo(SeqTracker.IN_ORDER);
        assertThat(tracker.accept(2)).isEqualTo(SeqTracker.IN_ORDER);
        assertThat(tracker.accept(4)).isEqualTo(SeqTracker.IN_ORDER);
        assertThat(tracker.accept(1)).isEqualTo(SeqTracker.REORDERED);
        assertThat(tracker.accept(2)).isEqualTo(SeqTracker.DUPLICATE);
        assertThat(tracker.accept(2)).isEqualTo(SeqTracker.DUPLICATE);

        assertThat(tracker.counts()).isEqualTo(new PacketCounts(4, 2, 1, 1, 5, false, 0));
    }

    @Test
    void announcedTotalRevealsTrailingLoss() {
        SeqTracker tracker = new SeqTracker();
        for (long seq = 0; seq < 10; seq++) {
            tracker.accept(seq);
        }
        assertThat(tracker.counts().lost()).isZero();

        tracker.end(15);

        assertThat(tracker.counts()).isEqualTo(new PacketCounts(10, 0, 0, 5, 15, true, 0));
    }

    @Test
    void lossIsNeverNegativeWhenTheAnnouncedTotalIsLow() {
        SeqTracker tracker = new SeqTracker();
        for (long seq = 0; seq < 10; seq++) {
            tracker.accept(seq);
        }
        tracker.end(3);
        assertThat(tracker.counts().lost()).isZero();
        assertThat(tracker.counts().expected()).isEqualTo(3);
    }

    @Test
    void probesBehindTheWindowAreCountedTooOldNotReceived() {
        SeqTracker tracker = new SeqTracker(6);
        tracker.accept(0);
        tracker.accept(1000);
        assertThat(tracker.accept(5)).isEqualTo(SeqTracker.DUPLICATE | SeqTracker.TOO_OLD);
        assertThat(tracker.accept(0)).isEqualTo(SeqTracker.DUPLICATE | SeqTracker.TOO_OLD);
        assertThat(tracker.accept(-1)).isEqualTo(SeqTracker.DUPLICATE | SeqTracker.TOO_OLD);

        assertThat(tracker.counts()).isEqualTo(new PacketCounts(2, 0, 0, 999, 1001, false, 3));
    }

    @Test
    void aJumpFarBeyondTheWindowForgetsOldSlots() {
        SeqTracker tracker = new SeqTracker(6);
        tracker.accept(3);
        tracker.accept(3 + 64 * 1000);
        assertThat(tracker.accept(3 + 64 * 1000 - 63)).isEqualTo(SeqTracker.REORDERED);
        assertThat(tracker.accept(3 + 64 * 1000 - 64)).isEqualTo(SeqTracker.DUPLICATE | SeqTracker.TOO_OLD);
    }

    @Test
    void resetStartsOver() {
        SeqTracker tracker = new SeqTracker(8);
        tracker.accept(7);
        tracker.end(9);
        tracker.reset();
        assertThat(tracker.highestSeq()).isEqualTo(-1);
        assertThat(tracker.accept(7)).isEqualTo(SeqTracker.IN_ORDER);
        assertThat(tracker.counts()).isEqualTo(new PacketCounts(1, 0, 0, 7, 8, false, 0));
    }

    @Test
    void emptySessionExpectsNothing() {
        assertThat(new SeqTracker().counts()).isEqualTo(new PacketCounts(0, 0, 0, 0, 0, false, 0));
    }

    @Test
    void windowBitsOutsideTheRangeAreRefused() {
        assertThatThrownBy(() -> new SeqTracker(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeqTracker(31)).isInstanceOf(IllegalArgumentException.class);
    }
}
