package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.Timestamps;

/** The sender metric "launch" (--txtime): driver's TX time minus scheduled + offset. */
class TxAnalysisLaunchTest {
    private static final long PERIOD = 1_000_000;
    private static final long OFFSET = 200_000;

    private static PacketRecord sent(long seq, long swTxAfterScheduled) {
        PacketRecord r = new PacketRecord();
        r.seq = seq;
        r.scheduledNs = 1_000_000_000L + seq * PERIOD;
        r.wakeNs = r.scheduledNs + 10_000;
        r.appTxNs = r.scheduledNs + 12_000;
        r.schedTxNs = r.scheduledNs + 15_000;
        r.swTxNs = swTxAfterScheduled == Timestamps.ABSENT ? Timestamps.ABSENT : r.scheduledNs + swTxAfterScheduled;
        r.hwTxNs = Timestamps.ABSENT;
        return r;
    }

    @Test
    void launchIsTheDriversTxTimeMinusTheLaunchTimeAskedFor() {
        TxAnalysis a = new TxAnalysis(0, PERIOD).launchTime(OFFSET);
        a.accept(sent(0, 20_000));   // left at once: 180 us before its launch time
        a.accept(sent(1, 205_000));  // held to it (etf): 5 us after
        a.accept(sent(2, Timestamps.ABSENT)); // no driver timestamp: not counted
        PacketRecord failed = sent(3, 20_000);
        failed.flags = TxAnalysis.FLAG_SEND_FAILED;
        a.accept(failed);
        var launch = a.mainSummaries().get("launch");
        assertThat(launch.count()).isEqualTo(2);
        assertThat(launch.minNs()).isEqualTo(-180_000);
        assertThat(launch.maxNs()).isEqualTo(5_000);
        assertThat(launch.negativeCount()).isEqualTo(1);
        assertThat(a.pairs().get("launch"))
                .isEqualTo("sw tx (driver) minus the launch time asked for (scheduled + 200us, SO_TXTIME)");
        assertThat(a.metricStats("launch").count()).isEqualTo(2);
    }

    @Test
    void inTheWarmUpItCountsApart() {
        TxAnalysis a = new TxAnalysis(2 * PERIOD, PERIOD).launchTime(OFFSET);
        for (long seq = 0; seq < 5; seq++) a.accept(sent(seq, 30_000));
        assertThat(a.warmupSummaries().get("launch").count()).isEqualTo(2);
        assertThat(a.mainSummaries().get("launch").count()).isEqualTo(3);
    }

    @Test
    void withoutLaunchTimesThereIsNoLaunchMetric() {
        TxAnalysis a = new TxAnalysis(0, PERIOD);
        a.accept(sent(0, 20_000));
        assertThat(a.mainSummaries()).doesNotContainKey("launch");
        assertThat(a.warmupSummaries()).doesNotContainKey("launch");
        assertThat(a.pairs()).doesNotContainKey("launch");
    }
}
