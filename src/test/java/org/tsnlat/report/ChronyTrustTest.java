package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.sync.ChronySample;
import org.tsnlat.sync.ChronyTracking;
import org.tsnlat.sync.SyncLog;

/** chronyd's view as evidence: not synchronised, an offset beyond the limit or no answer untrusts its interval alone. */
class ChronyTrustTest {
    private static final long S = TrustJudgeTest.S;
    private static final long ORIGIN = TrustJudgeTest.ORIGIN;
    private static final TrustThresholds T = TrustJudgeTest.T;

    private static IntervalTable steady(int n) {
        return TrustJudgeTest.steady(n); // n intervals of 100 probes around 5 us
    }

    private static ChronySample sample(String side, int interval, long offsetNs, String leap) {
        return ChronySample.of(side, ORIGIN + interval * S + S / 2,
                new ChronyTracking("C0A80101", "192.168.1.1", 3, ORIGIN, offsetNs, 0, 100, 1.5, 0, 0.01, 500_000, 20_000, 16,
                        leap));
    }

    private static List<IntervalVerdict> judge(int intervals, List<ChronySample> chrony) {
        return TrustJudge.judge(steady(intervals),
                new SyncLog.Contents(List.of(), List.of(), chrony, false, 0, List.of()), T).asList();
    }

    @Test
    void eachRuleUntrustsItsIntervalWithAReasonNamingChronyd() {
        var v = judge(6, List.of(
                sample("rx", 0, 200, "Normal"), sample("tx", 0, -300, "Insert second"),      // in sync
                sample("rx", 1, 0, ChronyTracking.NOT_SYNCHRONISED),                          // lost its source
                sample("rx", 2, 10_001, "Normal"),                                            // beyond 10 us
                sample("tx", 3, -10_000, "Normal"),                                           // at the limit: fine
                ChronySample.failed("tx", ORIGIN + 4 * S + 1, "no chronyd socket at /run/chrony/chronyd.sock")));
                                                                                              // interval 5: no sample
        assertThat(v.stream().map(IntervalVerdict::trust).toList()).containsExactly(Trust.TRUSTED, Trust.UNTRUSTED,
                Trust.UNTRUSTED, Trust.TRUSTED, Trust.UNTRUSTED, Trust.TRUSTED);
        assertThat(v.get(0).reasons()).isEmpty();
        assertThat(v.get(1).reasons()).containsExactly(
                "receiver's chronyd not synchronised (leap status Not synchronised, stratum 3, reference C0A80101)");
        assertThat(v.get(2).reasons()).containsExactly("receiver's chronyd system time offset 10.001 us beyond 10.000 us");
        assertThat(v.get(4).reasons()).containsExactly(
                "sender's chronyd not answering (no chronyd socket at /run/chrony/chronyd.sock)");
        assertThat(v.get(5).reasons()).as("no sample in an interval is no evidence").isEmpty();
    }

    @Test
    void theLimitIsTheOneOfPtp4lsMasterOffset() {
        TrustThresholds loose = new TrustThresholds(S, 50_000, T.maxTwoWayOffsetNs(), T.maxMinLatencyStepNs(),
                T.maxMinLatencyDriftPpm());
        var v = TrustJudge.judge(steady(1), new SyncLog.Contents(List.of(), List.of(),
                List.of(sample("rx", 0, -20_000, "Normal")), false, 0, List.of()), loose).asList();
        assertThat(v.getFirst().trust()).isEqualTo(Trust.TRUSTED);
        assertThat(judge(1, List.of(sample("rx", 0, -20_000, "Normal"))).getFirst().trust()).isEqualTo(Trust.UNTRUSTED);
    }

    @Test
    void theSummaryNamesChronydAsEvidence() {
        assertThat(ChronyEvidence.describe(new SyncLog.Contents(List.of(), List.of(),
                List.of(sample("rx", 0, 0, "Normal"), sample("tx", 0, 0, "Normal")), false, 0, List.of())))
                .isEqualTo("chronyd on both sides");
        assertThat(ChronyEvidence.describe(SyncLog.Contents.empty())).isNull();
    }
}
