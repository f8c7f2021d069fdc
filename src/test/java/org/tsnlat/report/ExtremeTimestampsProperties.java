package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.Timestamps;
import org.tsnlat.stats.MetricStats;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.sync.TwoWayEstimate;
import org.tsnlat.time.Extremes;

/**
 * Every trust rule and every difference of timestamps the report takes, fed the extremes of a
 * signed 64-bit value (Long.MIN_VALUE, which is also the absent sentinel, Long.MAX_VALUE, 0, +-1)
 * mixed with ordinary values: a figure that does not fit a long is never judged trusted nor
 * counted as a small number; it keeps its sign, clamped, or is refused.
 */
class ExtremeTimestampsProperties {
    private static final long S = 1_000_000_000L;
    private static final long ORIGIN = 1_000 * S;
    private static final TrustThresholds T = TrustThresholds.defaults();
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @Provide
    Arbitrary<Long> extreme() {
        return Extremes.longs();
    }

    private static BigInteger diff(long a, long b) {
        return BigInteger.valueOf(a).subtract(BigInteger.valueOf(b));
    }

    /** The exact difference when it fits, else +-Long.MAX_VALUE: never wrapped around. */
    private static long clampedDiff(long a, long b) {
        return diff(a, b).max(MAX.negate()).min(MAX).longValueExact();
    }

    private static IntervalTable steady() {
        IntervalTable t = new IntervalTable(S);
        for (int k = 0; k < 10; k++) t.add(ORIGIN + k * 10_000_000L, 5_000);
        return t;
    }

    @Property(tries = 1000)
    void aPtpMasterOffsetIsTrustedOnlyWithinTheLimit(@ForAll("extreme") long offsetNs) {
        var ptp = List.of(new PtpSample("rx", ORIGIN + S / 2, true, null, "SLAVE", true, "aabbcc.fffe.ddeeff", offsetNs, 1500, 1));
        Trust trust = TrustJudge.judge(steady(), new SyncLog.Contents(ptp, List.of(), false), T).trust(0);
        boolean within = BigInteger.valueOf(offsetNs).abs().compareTo(BigInteger.valueOf(T.maxPtpOffsetNs())) <= 0;
        assertThat(trust).isEqualTo(within ? Trust.TRUSTED : Trust.UNTRUSTED);
    }

    @Property(tries = 1000)
    void aTwoWayOffsetIsTrustedOnlyWithinHalfTheLimit(@ForAll("extreme") long offsetNs, @ForAll("extreme") long delayNs) {
        var tw = List.of(new TwoWayEstimate(ORIGIN + S / 2, 1, offsetNs, delayNs));
        Trust trust = TrustJudge.judge(steady(), new SyncLog.Contents(List.of(), tw, false), T).trust(0);
        boolean withinHalf = BigInteger.valueOf(offsetNs).abs().compareTo(BigInteger.valueOf(T.maxTwoWayOffsetNs() / 2)) <= 0;
        assertThat(trust == Trust.TRUSTED).isEqualTo(withinHalf);
        if (BigInteger.valueOf(offsetNs).abs().compareTo(BigInteger.valueOf(T.maxTwoWayOffsetNs())
                .add(BigInteger.valueOf(Math.max(0, delayNs) / 2))) > 0) {
            assertThat(trust).isEqualTo(Trust.UNTRUSTED);
        }
    }

    @Property(tries = 1000)
    void aStepOfTheMinimumLatencyIsSeenWhateverItsSize(@ForAll("extreme") long firstMin, @ForAll("extreme") long secondMin) {
        IntervalTable t = new IntervalTable(S);
        t.add(ORIGIN, firstMin);
        t.add(ORIGIN + S, secondMin);
        IntervalVerdict second = TrustJudge.judge(t, SyncLog.Contents.empty(), T).get(1);
        boolean stepped = diff(secondMin, firstMin).abs().compareTo(BigInteger.valueOf(T.maxMinLatencyStepNs())) > 0;
        assertThat(second.reasons().stream().anyMatch(r -> r.startsWith("minimum latency stepped"))).isEqualTo(stepped);
    }

    /**
     * A probe's latency from its receive and send times: the full analysis and the report's first
     * pass agree with the exact difference, clamped; its interval is trusted only when that
     * difference is a real latency (0 to 10 s); the latency figures never hold a small number made
     * of two extreme ones.
     */
    @Property(tries = 2000)
    void aLatencyIsTheExactDifferenceOrClampedAndNeverTrustedWhenImpossible(
            @ForAll("extreme") long rxNs, @ForAll("extreme") long appTxNs) {
        if (!Timestamps.present(rxNs)) return; // a record without a receive time is no probe (Plausible.rx)
        PacketRecord r = new PacketRecord();
        r.seq = 1;
        r.scheduledNs = appTxNs;
        r.appTxNs = appTxNs;
        r.appRxNs = rxNs;
        r.hwRxNs = Timestamps.ABSENT;
        r.swRxNs = Timestamps.ABSENT;
        IntervalPass pass = new IntervalPass(S);
        pass.accept(r);
        Verdicts verdicts = TrustJudge.judge(pass.table(), SyncLog.Contents.empty(), T);
        long[] derived = {Long.MIN_VALUE};
        RxAnalysis full = new RxAnalysis(0, S, verdicts).observe(d -> derived[0] = d.latencyNs);
        full.accept(r);
        if (!Timestamps.present(appTxNs)) {
            assertThat(derived[0]).isEqualTo(Timestamps.ABSENT);
            return;
        }
        long expected = clampedDiff(rxNs, appTxNs);
        assertThat(derived[0]).isEqualTo(expected);
        assertThat(pass.table().min(0)).isEqualTo(expected);
        BigInteger exact = diff(rxNs, appTxNs);
        boolean real = exact.signum() >= 0 && exact.compareTo(BigInteger.valueOf(TrustJudge.MAX_PLAUSIBLE_LATENCY_NS)) <= 0;
        assertThat(verdicts.trust(0) == Trust.TRUSTED).isEqualTo(real);
        MetricStats latency = full.metricStats("latency"); // holds it unless its interval is untrusted
        if (latency.count() > 0) {
            assertThat(latency.minNs()).isEqualTo(expected);
        }
    }

    /** The sender's own differences (wake lateness, TX stack, qdisc time) are exact or clamped, never wrapped. */
    @Property(tries = 2000)
    void theSendersDifferencesAreExactOrClamped(@ForAll("extreme") long scheduledNs, @ForAll("extreme") long wakeNs,
                                                 @ForAll("extreme") long appTxNs, @ForAll("extreme") long schedTxNs,
                                                 @ForAll("extreme") long swTxNs) {
        if (!Timestamps.present(scheduledNs)) return; // no sender record without its schedule (Plausible.tx)
        PacketRecord r = new PacketRecord();
        r.seq = 1;
        r.scheduledNs = scheduledNs;
        r.wakeNs = wakeNs;
        r.appTxNs = appTxNs;
        r.schedTxNs = schedTxNs;
        r.swTxNs = swTxNs;
        r.hwTxNs = Timestamps.ABSENT;
        TxAnalysis tx = new TxAnalysis(0, 1_000_000);
        tx.accept(r);
        if (Timestamps.present(wakeNs)) {
            assertThat(tx.metricStats("wake").maxNs()).isEqualTo(clampedDiff(wakeNs, scheduledNs));
            assertThat(tx.lateWakeups() > 0).isEqualTo(diff(wakeNs, scheduledNs).compareTo(BigInteger.valueOf(1_000_000)) >= 0);
        }
        long kernelTx = Timestamps.present(schedTxNs) ? schedTxNs : swTxNs;
        if (Timestamps.present(kernelTx) && Timestamps.present(appTxNs)) {
            assertThat(tx.metricStats("tx-stack").maxNs()).isEqualTo(clampedDiff(kernelTx, appTxNs));
        }
    }
}
