package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.sync.Phc2sysSample;
import org.tsnlat.sync.SyncLog;

/** phc2sys's view as evidence: a step, an offset beyond the limit or an unreadable log untrusts; s0 or silence is suspect. */
class Phc2sysTrustTest {
    private static final long S = TrustJudgeTest.S;
    private static final long ORIGIN = TrustJudgeTest.ORIGIN;
    private static final TrustThresholds T = TrustJudgeTest.T;

    private static Phc2sysSample sample(String side, int interval, long maxAbsOffsetNs, long unlocked, long steps,
                                        long silentNs, long skipped) {
        return new Phc2sysSample(side, ORIGIN + interval * S + S / 2, true, null, 1, 0, skipped, silentNs, "CLOCK_REALTIME",
                "phc", steps > 0 ? 1 : unlocked > 0 ? 0 : 2, maxAbsOffsetNs, maxAbsOffsetNs, -1537L, 1467L, unlocked, steps);
    }

    private static SyncLog.Contents log(List<Phc2sysSample> samples) {
        return new SyncLog.Contents(List.of(), List.of(), List.of(), samples, false, 0, List.of());
    }

    @Test
    void eachRuleJudgesItsIntervalWithOneReasonASideNamingPhc2sys() {
        var v = TrustJudge.judge(TrustJudgeTest.steady(8), log(List.of(
                sample("rx", 0, 12, 0, 0, 0, 0), sample("tx", 0, 10_000, 0, 0, 0, 0),     // locked, at the limit
                sample("rx", 1, 37_000_000_412L, 1, 1, 0, 0),                             // stepping: untrusted, once
                sample("rx", 2, 10_001, 0, 0, 0, 0),                                      // beyond 10 us
                sample("tx", 3, 500, 1, 0, 0, 0),                                         // unlocked: suspect
                new Phc2sysSample("rx", ORIGIN + 4 * S + 1, true, null, 0, 0, 0, 11_000_000_000L, null, null, null, null,
                        null, null, null, 0, 0),                                          // silent 11 s: suspect
                Phc2sysSample.failed("tx", ORIGIN + 5 * S + 1, "phc2sys log /var/log/p.log: no such file", 0),
                sample("rx", 6, 40, 0, 0, 0, 1_000_000))), T).asList();                    // skipped lines: no verdict
                                                                                          // interval 7: no sample
        assertThat(v.stream().map(IntervalVerdict::trust).toList()).containsExactly(Trust.TRUSTED, Trust.UNTRUSTED,
                Trust.UNTRUSTED, Trust.SUSPECT, Trust.SUSPECT, Trust.UNTRUSTED, Trust.TRUSTED, Trust.TRUSTED);
        assertThat(v.get(0).reasons()).isEmpty();
        assertThat(v.get(1).reasons()).containsExactly("receiver's phc2sys stepped the clock (state s1 in 1 lines)");
        assertThat(v.get(2).reasons()).containsExactly(
                "receiver's phc2sys offset up to 10.001 us beyond 10.000 us (CLOCK_REALTIME)");
        assertThat(v.get(3).reasons()).containsExactly("sender's phc2sys servo unlocked (state s0 in 1 lines)");
        assertThat(v.get(4).reasons()).containsExactly(
                "receiver's phc2sys log silent for 11 s (phc2sys stopped, or not writing there)");
        assertThat(v.get(5).reasons()).containsExactly(
                "sender's phc2sys log not readable (phc2sys log /var/log/p.log: no such file)");
        assertThat(v.get(6).reasons()).isEmpty();
        assertThat(v.get(7).reasons()).as("no sample in an interval is no evidence").isEmpty();
    }

    @Test
    void theWorstSampleOfASideGivesItsReason() {
        var v = TrustJudge.judge(TrustJudgeTest.steady(1), log(List.of(sample("rx", 0, 500, 1, 0, 0, 0),
                sample("rx", 0, 20_000, 0, 0, 0, 0))), T).asList();
        assertThat(v.getFirst().trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(v.getFirst().reasons()).containsExactly(
                "receiver's phc2sys offset up to 20.000 us beyond 10.000 us (CLOCK_REALTIME)");
    }

    @Test
    void theSummaryNamesPhc2sysAndCountsTheLinesItSkipped() {
        assertThat(Phc2sysEvidence.describe(log(List.of(sample("rx", 0, 0, 0, 0, 0, 0), sample("tx", 0, 0, 0, 0, 0, 0)))))
                .isEqualTo("phc2sys on both sides");
        assertThat(Phc2sysEvidence.describe(log(List.of(sample("rx", 0, 0, 0, 0, 0, 2), sample("rx", 1, 0, 0, 0, 0, 3)))))
                .isEqualTo("the receiver's phc2sys (5 lines of its log not phc2sys's, skipped)");
        assertThat(Phc2sysEvidence.describe(SyncLog.Contents.empty())).isNull();
    }
}
