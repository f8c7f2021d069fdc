package org.tsnlat.report;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A kind of clock evidence sampled on each side (the sender's "tx" samples, the receiver's "rx"),
 * found by interval; an interval's verdict is the worse of the two sides', each judged alike.
 */
final class SideEvidence<S> {
    /** One side's verdict from its samples in an interval, its reasons (naming {@code who}) added. */
    interface SideJudge<S> {
        Trust side(String who, List<S> samples, TrustThresholds t, List<String> reasons);
    }

    private final TrustJudge.ByInterval<S> txBy;
    private final TrustJudge.ByInterval<S> rxBy;
    private final SideJudge<S> judge;

    /** @param all every sample of the kind; {@code side} says whose ("tx" or "rx") */
    SideEvidence(List<S> all, Function<S, String> side, ToLongFunction<S> time, IntervalTable table, SideJudge<S> judge) {
        this.txBy = TrustJudge.byInterval(of(all, side, time, "tx"), time, table);
        this.rxBy = TrustJudge.byInterval(of(all, side, time, "rx"), time, table);
        this.judge = judge;
    }

    Trust judge(long i, TrustThresholds t, List<String> reasons) {
        return judge.side("sender's", txBy.of(i), t, reasons).worst(judge.side("receiver's", rxBy.of(i), t, reasons));
    }

    private static <S> List<S> of(List<S> all, Function<S, String> side, ToLongFunction<S> time, String which) {
        return all.stream().filter(s -> which.equals(side.apply(s))).sorted(Comparator.comparingLong(time)).toList();
    }
}
