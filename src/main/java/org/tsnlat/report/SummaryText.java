package org.tsnlat.report;

import java.util.Map;
import org.tsnlat.stats.MetricSummary;
import org.tsnlat.stats.PercentileLine;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.text.Untrusted;
import org.tsnlat.time.DurationNs;

/**
 * The summary as people read it. It opens with the field's three lines, exactly, so existing
 * scripts keep parsing it, then adds what those lines hide.
 */
public final class SummaryText {
    private SummaryText() {}

    /** The header of the opposite direction's section, whose lines follow indented by two spaces. */
    public static final String REVERSE_HEADER =
            "reverse direction (--bidir: the receiving end sent, the sending end received; its own stream in reverse/):";

    public static String format(Summary s) {
        StringBuilder b = new StringBuilder();
        direction(b, s);
        if (s.reverse() != null) {
            StringBuilder r = new StringBuilder();
            direction(r, s.reverse());
            b.append(REVERSE_HEADER).append('\n');
            r.toString().lines().forEach(l -> b.append("  ").append(l).append('\n'));
        }
        outliers(b, s.outliers());
        breaktrace(b, s);
        exit(b, s);
        return Untrusted.lines(b.toString()); // the last guard: each field from outside is escaped above
    }

    /** --explain: the worst outliers and their causes, and the causes over all of them (docs/explain.md). */
    public static String outliers(org.tsnlat.explain.Outliers o) {
        StringBuilder b = new StringBuilder();
        outliers(b, o);
        return Untrusted.lines(b.toString());
    }

    private static void outliers(StringBuilder b, org.tsnlat.explain.Outliers o) {
        if (o == null) return;
        if (o.nothingJudged()) {
            b.append("outliers (--explain): none judged: no probe after the warm-up in an interval whose clocks were "
                    + "trusted, and lateness needs both (trace: ").append(o.traceFile()).append(")\n");
            return;
        }
        b.append("outliers (--explain, lateness beyond its median ").append(UsecFormat.usec(o.medianNs())).append(" us by more than ")
                .append(o.thresholdText()).append("): ").append(o.count());
        long inExplained = o.explained().stream().mapToLong(org.tsnlat.explain.Outliers.Outlier::episodeOutliers).sum();
        if (o.count() > inExplained) b.append(", the worst ").append(o.explained().size()).append(" episodes explained");
        b.append(" (trace: ").append(o.traceFile()).append(")\n");
        for (org.tsnlat.explain.Outliers.Outlier x : o.explained().subList(0, Math.min(10, o.explained().size()))) {
            b.append("  seq ").append(x.seq());
            if (x.episodeOutliers() > 1) {
                b.append(" (worst of ").append(x.episodeOutliers()).append(" in seq ").append(x.episodeFirstSeq()).append('-')
                        .append(x.episodeLastSeq()).append(')');
            }
            b.append(": +").append(UsecFormat.usec(x.excessNs())).append(" us, ").append(x.lateStage()).append(" late");
            if (x.clock() != null) b.append("; ").append(x.clock());
            int n = 0;
            for (org.tsnlat.explain.Outliers.Cause c : x.causes()) {
                if (n++ == 3) break;
                b.append(n == 1 ? ": " : ", ").append(Untrusted.text(c.cause())).append(" on CPU ").append(c.cpu()).append(' ')
                        .append(UsecFormat.usec(c.ns())).append(" us");
            }
            if (x.unexplainedNs() > 0) b.append(", unexplained ").append(UsecFormat.usec(x.unexplainedNs())).append(" us");
            b.append('\n');
        }
        if (!o.topCauses().isEmpty()) {
            b.append("  top causes:");
            for (org.tsnlat.explain.Outliers.TopCause c : o.topCauses().subList(0, Math.min(3, o.topCauses().size()))) {
                b.append(String.format(java.util.Locale.ROOT, " %s: %d of %d outliers, %.0f %% of their excess;",
                        Untrusted.text(c.cause()), c.outliers(), o.explained().size(), 100 * c.shareOfExcess()));
            }
            b.setLength(b.length() - 1);
            b.append('\n');
        }
    }

    /** One direction's figures, down to how it ended. */
    private static void direction(StringBuilder b, Summary s) {
        for (String d : s.damage()) {
            b.append("DAMAGED: ").append(Untrusted.text(d)).append('\n');
        }
        MetricSummary latency = s.metrics().get("latency");
        MetricSummary delta = s.metrics().get("delta");
        if (latency != null) {
            b.append("Total: ").append(latency.count()).append(" packets\n");
            b.append("  ").append(UsecFormat.fieldLine("latency min/avg/max/stddev", latency)).append('\n');
            b.append("  ").append(UsecFormat.fieldLine("delta min/avg/max/stdev", delta)).append('\n');
        }
        MetricSummary reverse = s.metrics().get("reverse-latency");
        if (reverse != null && reverse.count() > 0) {
            b.append("  ").append(UsecFormat.fieldLine("reverse-latency min/avg/max/stddev", reverse))
                    .append(" (").append(reverse.count()).append(" reflections)\n");
        }
        b.append("percentiles (usec):\n");
        int width = 1 + s.metrics().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, MetricSummary> e : s.metrics().entrySet()) {
            if (e.getValue().count() > 0) {
                b.append("  ").append(String.format("%-" + Math.max(9, width) + "s", Untrusted.text(e.getKey()))).append(PercentileLine.line(e.getValue(), s.startNs()))
                        .append('\n');
            }
        }
        if (s.packets() != null) {
            var p = s.packets();
            b.append("packets: ").append(p.received()).append(" received, ").append(p.lost()).append(" lost, ")
                    .append(p.duplicates()).append(" duplicated, ").append(p.reordered()).append(" reordered");
            b.append(p.totalAnnounced() ? " (sender announced " + p.expected() + " sent)" : " (sender's total not received)");
            b.append('\n');
        }
        if (s.negatives() != null) {
            long n = s.negatives().count();
            b.append("negative latencies: ").append(n);
            if (n > 0) {
                b.append(" (min ").append(UsecFormat.usec(s.negatives().minLatencyNs())).append(" us): the two clocks disagree");
                long inFigures = latency != null ? latency.negativeCount() : 0;
                b.append(inFigures == 0 ? "; none of them is in the latency figures above (their intervals are untrusted or in the warm-up)"
                        : "; " + inFigures + " of them are in the latency figures above, which are not to be believed");
            }
            b.append('\n');
        }
        if (s.trust() != null) {
            trust(b, s.trust());
        }
        if (s.sender() != null) {
            var c = s.sender();
            b.append("sender: ").append(c.sent()).append(" sent, ").append(c.lateWakeups())
                    .append(" woken after their next period began, ").append(c.sendFailures()).append(" send failures, ")
                    .append(c.missingTxStamps()).append(" without kernel TX timestamp");
            if (c.launchTimeDrops() != null) { // --txtime: the drops a launch-time qdisc reported
                b.append(", launch-time drops: ").append(c.launchTimeDrops().getOrDefault("missed", 0L))
                        .append(" missed, ").append(c.launchTimeDrops().getOrDefault("invalid", 0L)).append(" invalid");
            }
            b.append('\n');
        }
        b.append("warm-up: first ").append(DurationNs.format(s.warmupNs())).append(" excluded above (")
                .append(s.warmupPackets()).append(" packets")
                .append(s.packets() != null && s.warmupPackets() > 0 && s.warmupPackets() >= s.packets().received()
                        ? ": all of them; measure longer or give --warmup 0)" : ")");
        MetricSummary wl = s.warmup().get("latency");
        MetricSummary ww = s.warmup().get("wake");
        if (wl != null && wl.count() > 0) {
            b.append("; latency min/avg/max (usec) ").append(UsecFormat.minAvgMax(wl));
        }
        if (ww != null && ww.count() > 0) {
            b.append("; wake min/avg/max (usec) ").append(UsecFormat.minAvgMax(ww));
        }
        b.append('\n');
        b.append("timestamps:\n");
        s.pairs().forEach((k, v) -> b.append(String.format("  %-8s %s%n", Untrusted.text(k), Untrusted.text(v))));
        if (s.frames() != null) { // --transport l2: how the probes' frames arrived, and what the filter kept out
            var f = s.frames();
            b.append("frames: probes by priority on arrival:");
            if (f.byPcp() == null || f.byPcp().isEmpty()) b.append(" none");
            else f.byPcp().forEach((k, v) -> b.append(' ').append(k.equals("untagged") ? "untagged" : "PCP " + Untrusted.text(k))
                    .append(' ').append(v));
            if (f.byVlan() != null && !f.byVlan().isEmpty()) {
                b.append(";");
                f.byVlan().forEach((k, v) -> b.append(" VLAN ").append(Untrusted.text(k)).append(' ').append(v));
            }
            b.append("; other frames kept out by the EtherType filter: ")
                    .append(f.otherFrames() < 0 ? "unknown (the interface's counter was unreadable)" : f.otherFrames()).append('\n');
        }
        if (!s.rejected().isEmpty()) {
            b.append("rejected datagrams:");
            s.rejected().forEach((k, v) -> b.append(' ').append(Untrusted.text(k)).append(' ').append(Untrusted.text(v)));
            b.append('\n');
        }
        DuringText.append(b, s.during());
        if (!s.inForce().isEmpty()) {
            b.append("in force:\n");
            s.inForce().forEach(l -> b.append("  ").append(Untrusted.text(l)).append('\n'));
        }
        if (s.jvm() != null && s.jvm().get("allocatedBytesAfterWarmup") instanceof Map<?, ?> bytes) {
            b.append("after warm-up: ");
            bytes.forEach((k, v) -> b.append(Untrusted.text(k)).append(v instanceof Number n && n.longValue() < 0
                    ? " allocated an unknown number of bytes (its loop ended within the warm-up), "
                    : " allocated " + Untrusted.text(v) + " bytes, "));
            b.append(Untrusted.text(s.jvm().get("gcCountAfterWarmup"))).append(" GCs\n");
        }
        for (String n : s.notes()) {
            b.append("note: ").append(Untrusted.text(n)).append('\n');
        }
        if (s.plan() != null) b.append(Untrusted.text(s.plan().line())).append('\n');
        b.append("run: ").append(Untrusted.text(s.ended())).append('\n');
    }

    /**
     * A run stopped at --breaktrace says so again last (its "run:" line is above the outliers), with
     * the probe and, when the directory can tell its story, how to read it.
     */
    private static void breaktrace(StringBuilder b, Summary s) {
        String ended = s.ended();
        String prefix = SummaryBuilder.BREAKTRACE_ENDED + "--breaktrace";
        if (ended == null || !ended.startsWith(prefix)) return;
        long seq = org.tsnlat.explain.Breaktrace.seqOf(ended.substring(SummaryBuilder.BREAKTRACE_ENDED.length()));
        b.append("--breaktrace stopped the run");
        if (seq >= 0) {
            b.append(" at probe ").append(seq);
            if (s.outliers() != null) b.append(" ('tsnlat explain DIR --seq ").append(seq).append("' tells its story)");
        }
        b.append('\n');
    }

    /** The exit code the figures amount to and why, when it is not 0. */
    private static void exit(StringBuilder b, Summary s) {
        if ("interrupted".equals(s.ended())) {
            b.append("exit 130 or 143: stopped by a signal (Ctrl-C, SIGTERM)");
            b.append(s.outcome().exit() == 0 ? "\n" : "; report of this directory: exit " + s.outcome().exit() + ": "
                    + joined(s.outcome().why()) + "\n");
        } else if (s.outcome().exit() != 0) {
            b.append("exit ").append(s.outcome().exit()).append(": ").append(joined(s.outcome().why()))
                    .append('\n');
        }
    }

    /** Items from outside (reasons, damage), each escaped, joined with "; ". */
    static String joined(java.util.List<String> items) {
        StringBuilder b = new StringBuilder();
        for (String i : items) {
            if (!b.isEmpty()) b.append("; ");
            b.append(Untrusted.text(i));
        }
        return b.toString();
    }

    private static void trust(StringBuilder b, TrustSummary t) {
        b.append("clock trust: ").append(t.intervals()).append(" intervals of ")
                .append(DurationNs.format(t.thresholds().intervalNs())).append(": ").append(t.trusted()).append(" trusted, ")
                .append(t.suspect()).append(" suspect, ").append(t.untrusted()).append(" untrusted");
        if (t.warmupIntervals() > 0) {
            b.append(", ").append(t.warmupIntervals()).append(" in the warm-up");
            if (t.warmupSuspect() + t.warmupUntrusted() > 0) {
                b.append(" (").append(t.warmupSuspect()).append(" suspect, ").append(t.warmupUntrusted())
                        .append(" untrusted: shown, never counted)");
            }
        }
        b.append(" (evidence: ").append(Untrusted.text(t.evidence())).append(")\n");
        if (t.excludedPackets() > 0) {
            b.append("  ").append(t.excludedPackets()).append(" packets in untrusted intervals are excluded from latency above;"
                    + " latency-all includes them and is not to be believed\n");
        }
        if (t.moreSpans() > 0) {
            b.append("  (the first ").append(t.spans().size()).append(" stretches below; ").append(t.moreSpans())
                    .append(" more in ").append("intervals.jsonl)\n");
        }
        for (TrustSummary.Span sp : t.spans()) {
            b.append("  ").append(sp.warmup() ? "warm-up, " : "").append(sp.trust().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(PercentileLine.offset(sp.fromNs())).append(" to ").append(PercentileLine.offset(sp.toNs()))
                    .append(" (").append(sp.packets()).append(" packets): ").append(joined(sp.reasons()))
                    .append('\n');
        }
    }
}
