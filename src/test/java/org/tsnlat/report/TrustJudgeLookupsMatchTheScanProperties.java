package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.TwoWayEstimate;

/**
 * The verdicts look up each interval's ptp4l samples and two-way estimates in groups made once
 * per run. These properties hold that lookup to the plain scan over every sample it replaced
 * (the reference below), on samples before the table's origin, past its end, with equal times,
 * failures and ties of |offset|.
 */
class TrustJudgeLookupsMatchTheScanProperties {
    private static final long S = 1_000_000_000L;
    private static final long ORIGIN = 500 * S;
    private static final int INTERVALS = 12;

    @Provide
    Arbitrary<List<PtpSample>> samples() {
        Arbitrary<PtpSample> one = Combinators.combine(
                Arbitraries.longs().between(-4 * S, (INTERVALS + 3) * S).map(t -> ORIGIN + t / 4 * 4),
                Arbitraries.integers().between(0, 3)).as((t, k) -> k == 0
                        ? PtpSample.failed("rx", t, "no answer")
                        : new PtpSample("rx", t, true, null, "SLAVE", true, "gm" + k, k * 100L, 1000, 1));
        return one.list().ofMaxSize(40).map(l -> l.stream().sorted(Comparator.comparingLong(PtpSample::timeNs)).toList());
    }

    @Provide
    Arbitrary<List<TwoWayEstimate>> estimates() {
        Arbitrary<TwoWayEstimate> one = Combinators.combine(
                Arbitraries.longs().between(-3 * S, (INTERVALS + 3) * S).map(t -> ORIGIN + t),
                Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(-3, 3).map(o -> o * 1000)).as((t, n, o) -> new TwoWayEstimate(t, n, o, 5000));
        return one.list().ofMaxSize(40);
    }

    @Property(tries = 500)
    void latestIsTheScansAnswer(@ForAll("samples") List<PtpSample> samples) {
        IntervalTable table = table();
        var grouped = TrustJudge.byInterval(samples, PtpSample::timeNs, table);
        for (int i = 0; i < table.size(); i++) {
            assertThat(TrustJudge.latest(grouped, i)).as("interval %d", i).isSameAs(scanLatest(samples, table, i));
        }
    }

    @Property(tries = 500)
    void twoWayIsTheScansAnswer(@ForAll("estimates") List<TwoWayEstimate> estimates) {
        IntervalTable table = table();
        var grouped = TrustJudge.byInterval(estimates, TwoWayEstimate::timeNs, table);
        for (int i = 0; i < table.size(); i++) {
            assertThat(TrustJudge.twoWay(grouped.of(i))).as("interval %d", i)
                    .isSameAs(scanTwoWay(estimates, table, i));
        }
    }

    private static IntervalTable table() {
        IntervalTable t = new IntervalTable(S);
        for (int i = 0; i < INTERVALS; i++) {
            t.add(ORIGIN + i * S, 5_000);
        }
        return t;
    }

    private static long indexOf(IntervalTable table, long timeNs) {
        return Math.floorDiv(timeNs - table.originNs(), table.intervalNs());
    }

    /** The scan the lookup replaced: every sample of the side, for every interval. */
    private static PtpSample scanLatest(List<PtpSample> samples, IntervalTable table, int i) {
        PtpSample best = null;
        for (PtpSample s : samples) {
            long k = indexOf(table, s.timeNs());
            if (k == i && !s.ok()) return s;
            if (k <= i && k >= i - 2) best = s;
        }
        return best;
    }

    private static TwoWayEstimate scanTwoWay(List<TwoWayEstimate> estimates, IntervalTable table, int i) {
        TwoWayEstimate worst = null;
        for (TwoWayEstimate e : estimates) {
            if (e.samples() > 0 && indexOf(table, e.timeNs()) == i
                    && (worst == null || Math.abs(e.offsetNs()) > Math.abs(worst.offsetNs()))) {
                worst = e;
            }
        }
        return worst;
    }
}
