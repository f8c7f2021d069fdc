package org.tsnlat.explain;

import org.tsnlat.stats.SignedHistogram;

/**
 * Decides, while the run goes on, which probes' trace to keep: a probe whose lateness (its end,
 * app RX or the kernel's TX time, minus its schedule) exceeds the running median by more than
 * half the {@code --explain-above} threshold. Half: the analysis at the end measures against the
 * whole run's median, which the running one only approaches, so the trigger keeps a margin of
 * probes that may turn out not to be outliers rather than miss one that is. Before
 * {@value #SETTLE} probes there is no median yet and nothing is kept (the warm-up, which the
 * analysis leaves out too). Called from one thread (the recorder's); allocates nothing after
 * construction but what {@link TraceRing#keep} does for a window.
 */
final class OutlierTrigger {
    static final int SETTLE = 256;
    private static final int RECOMPUTE_EVERY = 256;
    /** Around the probe: from before its schedule to after its end, as the analysis cuts it, and a margin. */
    static final long BEFORE_NS = Explainer.BEFORE_NS + 1_000_000L;
    static final long AFTER_NS = Explainer.AFTER_NS + 1_000_000L;

    private final TraceRing ring;
    private final long runMinusTraceNs;
    private final long marginNs;
    /** Signed: a receiver's clock behind the sender's makes every lateness negative. */
    private final SignedHistogram lateness = new SignedHistogram();
    private long seen;
    private long medianNs;

    /**
     * @param runMinusTraceNs the run's clock minus the trace's (probe times to trace times)
     * @param aboveNs         {@code --explain-above}
     */
    OutlierTrigger(TraceRing ring, long runMinusTraceNs, long aboveNs) {
        this.ring = ring;
        this.runMinusTraceNs = runMinusTraceNs;
        this.marginNs = aboveNs / 2;
    }

    /** One probe: scheduled at {@code scheduledNs}, done at {@code endNs} (run clock); absent times are skipped. */
    void consider(long scheduledNs, long endNs) {
        if (scheduledNs <= 0 || endNs <= 0) return;
        long late = endNs - scheduledNs;
        lateness.record(late);
        seen++;
        if (seen < SETTLE) return;
        if (seen == SETTLE || seen % RECOMPUTE_EVERY == 0) {
            medianNs = lateness.valueAtRank((lateness.count() + 1) / 2);
        }
        if (late - medianNs > marginNs) {
            ring.keep(scheduledNs - BEFORE_NS - runMinusTraceNs, endNs + AFTER_NS - runMinusTraceNs);
        }
    }
}
