package org.tsnlat.report;

import java.util.AbstractList;
import java.util.List;

/**
 * The trust verdict of every interval of a run that holds a probe, in interval order: a byte an
 * interval, whatever the run's length. {@link #get} makes an interval's whole verdict (figures
 * and reasons) again when asked, so a long run's verdicts are streamed to intervals.jsonl and
 * the summary's spans, never all held as objects.
 */
public final class Verdicts {
    private static final Trust[] TRUSTS = Trust.values();

    private final TrustJudge judge;
    /** By the table's slot, not by position: a receive time's verdict is one lookup. */
    private final byte[] trust;

    Verdicts(TrustJudge judge, byte[] trust) {
        this.judge = judge;
        this.trust = trust;
    }

    /** No intervals (no probe was received). */
    static Verdicts none() {
        return new Verdicts(null, new byte[0]);
    }

    /** Intervals judged. */
    public int size() {
        return trust.length;
    }

    /** The p-th interval's verdict alone. */
    public Trust trust(int p) {
        return TRUSTS[trust[judge.slotAt(p)]];
    }

    /** Where the p-th interval starts, in ns from the first probe's arrival. */
    long startNs(int p) {
        return org.tsnlat.time.Saturating.mul(judge.interval(p), judge.intervalNs());
    }

    /** The p-th interval's whole verdict, its reasons made again. */
    public IntervalVerdict get(int p) {
        return judge.verdict(p);
    }

    /** The verdict of interval number {@code interval}, or null when no probe fell in it. */
    Trust trustOf(long interval) {
        if (judge == null) return null;
        int slot = judge.table().slotOf(interval);
        return slot < 0 ? null : TRUSTS[trust[slot]];
    }

    /** Whether some interval is untrusted. */
    boolean anyUntrusted() {
        for (byte b : trust) {
            if (b == Trust.UNTRUSTED.ordinal()) return true;
        }
        return false;
    }

    /** The verdicts as a list whose elements are made when read. */
    public List<IntervalVerdict> asList() {
        return new AbstractList<>() {
            @Override
            public IntervalVerdict get(int index) {
                return Verdicts.this.get(index);
            }

            @Override
            public int size() {
                return trust.length;
            }
        };
    }
}
