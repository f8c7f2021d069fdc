package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.sync.TwoWayEstimate;

/** Each verdict rule on a table of intervals built from known latencies and samples. */
class TrustJudgeTest {
    static final long S = 1_000_000_000L;
    static final long ORIGIN = 1_000 * S;
    static final TrustThresholds T = TrustThresholds.defaults();

    /** n intervals of 100 probes each with latencies around 5 us, in sync. */
    static IntervalTable steady(int n) {
        IntervalTable t = new IntervalTable(S);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 100; k++) {
                t.add(ORIGIN + i * S + k * 10_000_000L, 5_000 + (k % 7) * 100);
            }
        }
        return t;
    }

    private static PtpSample slave(String side, int interval, long offsetNs, String gm) {
        return new PtpSample(side, ORIGIN + interval * S + S / 2, true, null, "SLAVE", true, gm, offsetNs, 1500, 1);
    }

    private static PtpSample master(int interval, String gm) {
        return new PtpSample("tx", ORIGIN + interval * S + S / 2, true, null, "MASTER", false, gm, 0, 0, 0);
    }

    private static List<Trust> trusts(List<IntervalVerdict> v) {
        return v.stream().map(IntervalVerdict::trust).toList();
    }

    @Test
    void inSyncWithoutEvidenceEveryIntervalIsTrusted() {
        var v = TrustJudge.judge(steady(5), SyncLog.Contents.empty(), T).asList();
        assertThat(trusts(v)).containsOnly(Trust.TRUSTED).hasSize(5);
        assertThat(v).allSatisfy(i -> assertThat(i.reasons()).isEmpty());
    }

    @Test
    void negativeLatencyMakesItsIntervalUntrusted() {
        IntervalTable t = steady(4);
        t.add(ORIGIN + 2 * S + 5, -39);
        var v = TrustJudge.judge(t, SyncLog.Contents.empty(), T).asList();
        assertThat(trusts(v)).containsExactly(Trust.TRUSTED, Trust.TRUSTED, Trust.UNTRUSTED, Trust.TRUSTED);
        assertThat(v.get(2).reasons()).contains("1 negative one-way latencies");
    }

    @Test
    void ptpStatesOffsetsAndGrandmastersAreJudged() {
        String gm = "aabbcc.fffe.ddeeff";
        List<PtpSample> ptp = List.of(
                master(0, gm), slave("rx", 0, 200, gm),                        // in sync
                master(1, gm), slave("rx", 1, 25_000, gm),                     // offset beyond 10 us
                master(2, gm), new PtpSample("rx", ORIGIN + 2 * S + 1, true, null, "UNCALIBRATED", true, gm, 0, 0, 1),
                master(3, gm), slave("rx", 3, 100, "112233.fffe.445566"),      // another grandmaster
                master(4, gm), PtpSample.failed("rx", ORIGIN + 4 * S + 2, "no answer from ptp4l"));
        var v = TrustJudge.judge(steady(5), new SyncLog.Contents(ptp, List.of(), false), T).asList();
        assertThat(trusts(v)).containsExactly(Trust.TRUSTED, Trust.UNTRUSTED, Trust.SUSPECT, Trust.UNTRUSTED, Trust.UNTRUSTED);
        assertThat(v.get(1).reasons()).anyMatch(r -> r.contains("master offset 25.000 us beyond 10.000 us"));
        assertThat(v.get(2).reasons()).anyMatch(r -> r.contains("UNCALIBRATED"));
        assertThat(v.get(3).reasons()).anyMatch(r -> r.startsWith("different grandmasters"));
        assertThat(v.get(4).reasons()).anyMatch(r -> r.contains("receiver's ptp4l not answering (no answer from ptp4l)"));
    }

    @Test
    void aPtpOffsetTheTwoWayCheckDisprovesIsSuspectAndOneItCannotDisproveUntrusted() {
        String gm = "aabbcc.fffe.ddeeff";
        List<PtpSample> ptp = List.of(master(0, gm), slave("rx", 0, 237_000, gm),
                master(1, gm), slave("rx", 1, 237_000, gm),
                master(2, gm), slave("rx", 2, 237_000, gm),
                master(3, gm), slave("rx", 3, 237_000, gm));
        List<TwoWayEstimate> tw = List.of(
                new TwoWayEstimate(ORIGIN + S / 2, 100, 1_000, 10_000),            // within 1 + 5 = 6 us: disproves it
                new TwoWayEstimate(ORIGIN + S + S / 2, 100, 1_000, 20_000),        // 1 + 10 = 11 us: cannot
                new TwoWayEstimate(ORIGIN + 2 * S + S / 2, 100, -10_000, 0));      // exactly the limit: disproves it
        // interval 3: no estimate, the reading stands
        var v = TrustJudge.judge(steady(4), new SyncLog.Contents(ptp, tw, false), T).asList();
        assertThat(trusts(v)).containsExactly(Trust.SUSPECT, Trust.UNTRUSTED, Trust.SUSPECT, Trust.UNTRUSTED);
        assertThat(v.get(0).reasons()).containsExactly("receiver's ptp4l master offset 237.000 us beyond 10.000 us,"
                + " but the two-way check bounds the clocks' offset within 6.000 us (|offset| + half the round trip):"
                + " ptp4l's own exchange was disturbed, e.g. its Sync queued behind a frame");
        assertThat(v.get(1).reasons()).containsExactly("receiver's ptp4l master offset 237.000 us beyond 10.000 us");
        assertThat(v.get(3).reasons()).containsExactly("receiver's ptp4l master offset 237.000 us beyond 10.000 us");
    }

    @Test
    void aSideThatStopsReportingBecomesSuspectAfterTheLookback() {
        String gm = "aabbcc.fffe.ddeeff";
        var v = TrustJudge.judge(steady(6), new SyncLog.Contents(List.of(slave("rx", 0, 0, gm)), List.of(), false), T).asList();
        assertThat(trusts(v)).containsExactly(Trust.TRUSTED, Trust.TRUSTED, Trust.TRUSTED, Trust.SUSPECT,
                Trust.SUSPECT, Trust.SUSPECT);
    }

    @Test
    void twoWayOffsetBeyondTheLimitIsUntrustedAndBeyondHalfSuspect() {
        List<TwoWayEstimate> tw = List.of(new TwoWayEstimate(ORIGIN + S / 2, 100, 1_000, 20_000),
                new TwoWayEstimate(ORIGIN + S + S / 2, 100, -30_000, 20_000),
                new TwoWayEstimate(ORIGIN + 2 * S + S / 2, 100, 80_000, 20_000),
                // behind a queue one way: 4 ms round trip, so an offset of 1.9 ms proves nothing
                new TwoWayEstimate(ORIGIN + 3 * S + S / 2, 100, 1_900_000, 4_000_000));
        var v = TrustJudge.judge(steady(4), new SyncLog.Contents(List.of(), tw, false), T).asList();
        assertThat(trusts(v)).containsExactly(Trust.TRUSTED, Trust.SUSPECT, Trust.UNTRUSTED, Trust.SUSPECT);
        assertThat(v.get(2).twoWayOffsetNs()).isEqualTo(80_000);
        assertThat(v.get(3).reasons()).anyMatch(r -> r.contains("within half the round trip"));
    }

    /**
     * A guest clock 58 ms ahead: every latency positive, so physics says nothing. The estimate of
     * interval 1 proves the disagreement; intervals 2 and 3 have none (the run ended before the
     * sender sent it) and keep its verdict while the minimum latency stays put; after a step of the
     * minimum (interval 4) the old estimate says nothing more, and the step rule speaks.
     */
    @Test
    void anIntervalWithoutAnEstimateIsJudgedByTheLatestWhileTheMinimumStaysPut() {
        IntervalTable t = new IntervalTable(S);
        for (int i = 0; i < 5; i++) {
            long min = i < 4 ? 58_000_000 : 5_000;
            for (int k = 0; k < 100; k++) t.add(ORIGIN + i * S + k * 10_000_000L, min + (k % 7) * 100);
        }
        List<TwoWayEstimate> tw = List.of(new TwoWayEstimate(ORIGIN + S / 2, 100, 1_000, 20_000),
                new TwoWayEstimate(ORIGIN + S + S / 2, 26, 57_977_186, 416_689));
        var v = TrustJudge.judge(t, new SyncLog.Contents(List.of(), tw, false), T).asList();
        assertThat(trusts(v)).containsExactly(Trust.TRUSTED, Trust.UNTRUSTED, Trust.UNTRUSTED, Trust.UNTRUSTED, Trust.SUSPECT);
        assertThat(v.get(2).reasons()).containsExactly("two-way offset 57977.186 us beyond 50.000 us and half the round trip "
                + "(208.344 us) (no estimate in this interval: the latest, 1 interval before; the minimum latency within "
                + "0.000 us of that interval's since)");
        assertThat(v.get(3).reasons().getFirst()).contains("the latest, 2 intervals before");
        assertThat(v.get(2).twoWayOffsetNs()).as("the interval's own estimate: none").isNull();
        assertThat(v.get(4).reasons()).singleElement().asString().startsWith("minimum latency stepped by");
        // before any estimate there is nothing to carry: a clean estimate carries no reason
        var clean = TrustJudge.judge(steady(3), new SyncLog.Contents(List.of(),
                List.of(new TwoWayEstimate(ORIGIN + S / 2, 100, 1_000, 20_000)), false), T).asList();
        assertThat(trusts(clean)).containsOnly(Trust.TRUSTED);
    }

    @Test
    void aStepOrADriftOfTheMinimumLatencyIsSuspect() {
        IntervalTable t = new IntervalTable(S);
        for (int i = 0; i < 30; i++) {
            long min = i < 5 ? 5_000 : i == 5 ? 2_005_000 : i < 10 ? 5_000 : 5_000 + (i - 10) * 100_000L; // +100 ppm from 10
            for (int k = 0; k < 10; k++) t.add(ORIGIN + i * S + k * 50_000_000L, min + k);
        }
        var v = TrustJudge.judge(t, SyncLog.Contents.empty(), T).asList();
        assertThat(v.get(5).trust()).isEqualTo(Trust.SUSPECT);
        assertThat(v.get(5).reasons()).anyMatch(r -> r.startsWith("minimum latency stepped by 2000.000 us"));
        assertThat(v.get(8).trust()).isEqualTo(Trust.TRUSTED);
        assertThat(v.get(25).reasons()).anyMatch(r -> r.startsWith("minimum latency drifting 100.0 ppm"));
    }

    @Test
    void spansMergeConsecutiveIntervalsOfTheSameKind() {
        IntervalTable t = steady(6);
        for (int i = 2; i < 5; i++) t.add(ORIGIN + i * S + 7, -100 * i);
        var s = TrustSummary.of("x", T, TrustJudge.judge(t, SyncLog.Contents.empty(), T), 0, 0);
        assertThat(s.untrusted()).isEqualTo(3);
        assertThat(s.spans()).singleElement().satisfies(sp -> {
            assertThat(sp.fromNs()).isEqualTo(2 * S);
            assertThat(sp.toNs()).isEqualTo(5 * S);
            assertThat(sp.packets()).isEqualTo(303);
        });
    }
}
