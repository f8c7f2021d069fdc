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
 * @param intervals       intervals judged
 * @param trusted         of which trusted
 * @param suspect         of which suspect (still included)
 * @param untrusted       of which untrusted (excluded from one-way latency)
 * @param excludedPackets probes after the warm-up whose latency was excluded
 * @param spans           consecutive intervals with the same verdict and kinds of reason, trusted ones left
 *                        out; the first {@value #MAX_SPANS}
 * @param moreSpans       spans after those, not listed (intervals.jsonl has every interval)
 */
public record TrustSummary(String evidence, TrustThresholds thresholds, int intervals, int trusted, int suspect,
                           int untrusted, long excludedPackets, List<Span> spans, long moreSpans) {
    /** Spans listed at most: a summary stays readable, and its size bounded, whatever the run. */
    public static final int MAX_SPANS = 100;

    /** A stretch of the run, in ns from the first probe's arrival. */
    public record Span(long fromNs, long toNs, Trust trust, long packets, List<String> reasons) {}

    static TrustSummary of(String evidence, TrustThresholds t, Verdicts verdicts, long excludedPackets) {
        int trusted = 0;
        int suspect = 0;
        int untrusted = 0;
        List<Span> spans = new Bounded();
        Span open = null;
        Set<String> openKinds = null;
        long lastIndex = Long.MIN_VALUE;
        for (int p = 0; p < verdicts.size(); p++) {
            Trust verdict = verdicts.trust(p);
            switch (verdict) {
                case TRUSTED -> trusted++;
                case SUSPECT -> suspect++;
                case UNTRUSTED -> untrusted++;
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
            if (next && open != null && open.trust() == v.trust() && kinds.equals(openKinds)) {
                open = new Span(open.fromNs(), end, open.trust(), open.packets() + v.packets(), open.reasons());
            } else {
                close(spans, open);
                open = new Span(v.startNs(), end, v.trust(), v.packets(), v.reasons());
                openKinds = kinds;
            }
        }
        close(spans, open);
        long more = spans instanceof Bounded b ? b.more : 0;
        return new TrustSummary(evidence, t, verdicts.size(), trusted, suspect, untrusted, excludedPackets,
                List.copyOf(spans), more);
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
