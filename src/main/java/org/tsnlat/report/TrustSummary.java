package org.tsnlat.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the summary says of the clocks: how many intervals got which verdict, how many probes
 * were kept out of the cross-host figures, and the stretches of the run that were not trusted.
 *
 * @param evidence        what the verdicts could look at ("ptp4l on both sides, two-way, latencies")
 * @param thresholds      the limits applied
 * @param intervals       intervals judged, the warm-up's included
 * @param trusted         of which trusted, after the warm-up
 * @param suspect         of which suspect (still included), after the warm-up
 * @param untrusted       of which untrusted (excluded from one-way latency), after the warm-up: what the
 *                        exit code and the headline count
 * @param excludedPackets probes after the warm-up whose latency was excluded
 * @param spans           consecutive intervals with the same verdict and kinds of reason, trusted ones left
 *                        out, the warm-up's included and marked; the first {@value #MAX_SPANS}
 * @param moreSpans       spans after those, not listed (intervals.jsonl has every interval)
 * @param warmupIntervals intervals that lie wholly in the warm-up: judged and shown, but they decide
 *                        nothing (their probes are in no figure either)
 * @param warmupSuspect   of which suspect
 * @param warmupUntrusted of which untrusted
 */
public record TrustSummary(String evidence, TrustThresholds thresholds, int intervals, int trusted, int suspect,
                           int untrusted, long excludedPackets, List<Span> spans, long moreSpans,
                           int warmupIntervals, int warmupSuspect, int warmupUntrusted) {
    /** Spans listed at most: a summary stays readable, and its size bounded, whatever the run. */
    public static final int MAX_SPANS = 100;

    /** A stretch of the run, in ns from the first probe's arrival; {@code warmup}: it lies in the warm-up. */
    public record Span(long fromNs, long toNs, Trust trust, long packets, List<String> reasons, boolean warmup) {}

    /**
     * Whether the interval starting {@code startNs} after the first probe lies wholly in the warm-up
     * (the first {@code warmupNs} of the run, whose probes are in no figure).
     */
    static boolean inWarmup(long startNs, long intervalNs, long warmupNs) {
        return warmupNs > 0 && org.tsnlat.time.Saturating.add(startNs, intervalNs) <= warmupNs;
    }

    static TrustSummary of(String evidence, TrustThresholds t, Verdicts verdicts, long excludedPackets, long warmupNs) {
        int trusted = 0;
        int suspect = 0;
        int untrusted = 0;
        int[] warmup = new int[Trust.values().length];
        List<Span> spans = new Bounded();
        Span open = null;
        Set<String> openKinds = null;
        long lastIndex = Long.MIN_VALUE;
        for (int p = 0; p < verdicts.size(); p++) {
            Trust verdict = verdicts.trust(p);
            boolean inWarmup = warmupNs > 0 && inWarmup(verdicts.startNs(p), t.intervalNs(), warmupNs);
            if (inWarmup) {
                warmup[verdict.ordinal()]++;
            } else {
                switch (verdict) {
                    case TRUSTED -> trusted++;
                    case SUSPECT -> suspect++;
                    case UNTRUSTED -> untrusted++;
                }
            }
            if (verdict == Trust.TRUSTED) {
                open = close(spans, open);
                continue;
            }
            IntervalVerdict v = verdicts.get(p); // its reasons, made again
            Set<String> kinds = kinds(v.reasons());
            long end = org.tsnlat.time.Saturating.add(v.startNs(), t.intervalNs());
            boolean next = v.index() == lastIndex + 1; // a stretch never spans intervals without a probe
            lastIndex = v.index();
            if (next && open != null && open.trust() == v.trust() && open.warmup() == inWarmup && kinds.equals(openKinds)) {
                open = new Span(open.fromNs(), end, open.trust(), open.packets() + v.packets(), open.reasons(), inWarmup);
            } else {
                close(spans, open);
                open = new Span(v.startNs(), end, v.trust(), v.packets(), v.reasons(), inWarmup);
                openKinds = kinds;
            }
        }
        close(spans, open);
        long more = spans instanceof Bounded b ? b.more : 0;
        int inWarmup = warmup[0] + warmup[1] + warmup[2];
        return new TrustSummary(evidence, t, verdicts.size(), trusted, suspect, untrusted, excludedPackets,
                List.copyOf(spans), more, inWarmup, warmup[Trust.SUSPECT.ordinal()], warmup[Trust.UNTRUSTED.ordinal()]);
    }

    private static Span close(List<Span> spans, Span open) {
        if (open != null) spans.add(open);
        return null;
    }

    /** Keeps the first {@value #MAX_SPANS} spans and counts the others. */
    private static final class Bounded extends ArrayList<Span> {
        long more;

        @Override
        public boolean add(Span s) {
            if (size() < MAX_SPANS) return super.add(s);
            more++;
            return false;
        }
    }

    /** A reason's kind: its words without the figures, so "12 negative ..." and "3 negative ..." merge. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?[0-9][0-9.]*");

    private static Set<String> kinds(List<String> reasons) {
        Set<String> k = new LinkedHashSet<>();
        for (String r : reasons) {
            k.add(NUMBER.matcher(r).replaceAll("#"));
        }
        return k;
    }
}
