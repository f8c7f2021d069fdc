package org.tsnlat.explain;

import org.tsnlat.stats.SignedHistogram;

/**
 * Decides, while the run goes on, which probes' trace to keep: a probe whose lateness (its end,
 * app RX or the kernel's TX time, minus its schedule) exceeds the running median by more than
 * half the {@code --explain-above} threshold (a span, or a percentile's running lateness minus the
 * running median, both recomputed every {@value #RECOMPUTE_EVERY} probes). Half: the analysis at the end measures against the
 * whole run's median, which the running one only approaches, so the trigger keeps a margin of
 * probes that may turn out not to be outliers rather than miss one that is. Before
 * {@value #SETTLE} probes there is no median yet and nothing is kept (the warm-up, which the
 * analysis leaves out too).
 *
 * <p>With {@code --breaktrace SPAN} it also stops the run, once: at the first probe after the
 * settling and the warm-up whose lateness exceeds the running median by more than SPAN, it keeps
 * that probe's trace (whatever the threshold above says), then hands a {@link Breaktrace} naming
 * it to the {@link Breaktrace.Rule}'s callback; what the run does then is the caller's.
 *
 * <p>Called from one thread (the recorder's); allocates nothing after construction but what
 * {@link TraceRing#keep} does for a window, and the one {@link Breaktrace}.
 */
final class OutlierTrigger {
    static final int SETTLE = 256;
    private static final int RECOMPUTE_EVERY = 256;
    /** Around the probe: from before its schedule to after its end, as the analysis cuts it, and a margin. */
    static final long BEFORE_NS = Explainer.BEFORE_NS + 1_000_000L;
    static final long AFTER_NS = Explainer.AFTER_NS + 1_000_000L;

    private final TraceRing ring;
    private final long runMinusTraceNs;
    private final ExplainThreshold above;
    private long marginNs;
    private final Breaktrace.Rule breaktrace;
    private boolean broke;
    /** The first probe's schedule: the warm-up counts from it, as the analysis counts it. */
    private long firstScheduledNs = Long.MIN_VALUE;
    /** Signed: a receiver's clock behind the sender's makes every lateness negative. */
    private final SignedHistogram lateness = new SignedHistogram();
    private long seen;
    private long medianNs;

    /**
     * @param runMinusTraceNs the run's clock minus the trace's (probe times to trace times)
     * @param above           {@code --explain-above}
     * @param breaktrace      {@code --breaktrace}, or {@link Breaktrace.Rule#OFF}
     */
    OutlierTrigger(TraceRing ring, long runMinusTraceNs, ExplainThreshold above, Breaktrace.Rule breaktrace) {
        this.ring = ring;
        this.runMinusTraceNs = runMinusTraceNs;
        this.above = above;
        this.marginNs = above.isPercentile() ? Long.MAX_VALUE : above.spanNs() / 2;
        this.breaktrace = breaktrace;
    }

    /**
     * Probe {@code seq}: scheduled at {@code scheduledNs}, done at {@code endNs} (run clock);
     * absent times are skipped.
     */
    void consider(long seq, long scheduledNs, long endNs) {
        if (scheduledNs <= 0 || endNs <= 0) return;
        long late = endNs - scheduledNs;
        if (firstScheduledNs == Long.MIN_VALUE) firstScheduledNs = scheduledNs;
        lateness.record(late);
        seen++;
        if (seen < SETTLE) return;
        if (seen == SETTLE || seen % RECOMPUTE_EVERY == 0) {
            medianNs = lateness.valueAtRank((lateness.count() + 1) / 2);
            if (above.isPercentile()) marginNs = above.spanBeyond(lateness, medianNs) / 2;
        }
        boolean breaks = breaktrace.on() && !broke && scheduledNs - firstScheduledNs >= breaktrace.warmupNs()
                && late - medianNs > breaktrace.spanNs();
        if (late - medianNs > marginNs || breaks) {
            ring.keep(scheduledNs - BEFORE_NS - runMinusTraceNs, endNs + AFTER_NS - runMinusTraceNs);
        }
        if (breaks) {
            broke = true;
            breaktrace.stop().accept(new Breaktrace(seq, late, medianNs, breaktrace.spanNs()));
        }
    }
}
