package org.tsnlat.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tsnlat.explain.Outliers;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.Timestamps;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.text.Untrusted;

/**
 * The outliers {@code --explain} took apart (docs/explain.md) on the page: a mark on the
 * latency-over-time chart at each explained outlier, with the breakdown the cursor shows beside
 * it (lateness, the late stage, each stage against its median, the causes), and a section of
 * their own, "worst outliers and their causes": the top causes over the run and a table of the
 * worst. Every string that came from the trace (a thread's name) is escaped here by
 * {@link Untrusted#text} and goes into the page as text, never as markup (the page's script
 * sets {@code textContent}).
 */
final class OutlierMarks {
    static final String TITLE = "worst outliers and their causes";
    /** Rows of the section's table: the worst outliers (all of them are marked on the chart). */
    static final int TABLE_ROWS = 20;
    /** Causes a mark's breakdown names (the rest are said as a count). */
    static final int MARK_CAUSES = 6;

    private OutlierMarks() {}

    /** Where a probe stands on the latency chart: its RX time (the chart's) and its one-way latency (ABSENT without one). */
    record Placed(long rxNs, long latencyNs) {}

    /**
     * The explained outliers found again in {@code rx.records}, by sequence number (the first
     * copy of a duplicated probe, as the chart has it): one pass, stopping once all are found.
     */
    static Map<Long, Placed> place(Path rxRecords, Outliers o) throws IOException {
        long[] wanted = o.explained().stream().mapToLong(Outliers.Outlier::seq).sorted().distinct().toArray();
        Map<Long, Placed> found = new HashMap<>();
        if (wanted.length == 0) return found;
        PacketRecord r = new PacketRecord();
        try (RecordFileReader in = RecordFileReader.open(rxRecords)) {
            while (found.size() < wanted.length && in.next(r)) {
                if (Arrays.binarySearch(wanted, r.seq) < 0 || found.containsKey(r.seq)) continue;
                long rx = RxAnalysis.placedAt(r);
                if (Timestamps.present(rx)) found.put(r.seq, new Placed(rx, RxAnalysis.latencyOf(r, rx)));
            }
        }
        return found;
    }

    /**
     * Puts the marks on the latency chart: {@code marks}, each {@code {seq, x (s), y (us, null
     * without a latency), head: [lines], stages: [{name, value, median, excess, late}], causes:
     * [lines]}}, worst first, and {@code marksNote} for its caption.
     *
     * @param why why the outliers could not be placed (rx.records unreadable), or null
     * @return how many were marked
     */
    static int mark(ObjectNode chart, Outliers o, Map<Long, Placed> placed, long originRxNs, String why) {
        if (o.explained().isEmpty()) return 0;
        ArrayNode marks = chart.putArray("marks");
        int missing = 0;
        for (Outliers.Outlier x : o.explained()) {
            Placed p = placed.get(x.seq());
            if (p == null || !Timestamps.present(originRxNs)) {
                missing++;
                continue;
            }
            ObjectNode m = marks.addObject();
            m.put("seq", x.seq());
            double at = Charts.seconds(p.rxNs() - originRxNs);
            m.put("x", at);
            if (Timestamps.present(p.latencyNs())) m.put("y", Charts.us(p.latencyNs()));
            else m.putNull("y");
            ArrayNode head = m.putArray("head");
            head.add(name(x) + ", at " + seconds(at));
            head.add("lateness " + UsecFormat.usec(x.latenessNs()) + " us, " + UsecFormat.usec(x.excessNs())
                    + " us beyond the median " + UsecFormat.usec(x.latenessNs() - x.excessNs()) + " us");
            head.add(x.lateStage() + " late" + (x.cpus().isEmpty() ? "" : cpus(x.cpus())));
            if (x.clock() != null) head.add(x.clock());
            ArrayNode stages = m.putArray("stages");
            for (Outliers.Stage st : x.stages()) {
                stages.addObject().put("name", st.name()).put("value", UsecFormat.usec(st.valueNs()))
                        .put("median", UsecFormat.usec(st.medianNs())).put("excess", signed(st.excessNs()))
                        .put("late", st.name().equals(x.lateStage()));
            }
            ArrayNode causes = m.putArray("causes");
            for (Outliers.Cause c : x.causes().subList(0, Math.min(MARK_CAUSES, x.causes().size()))) causes.add(cause(c));
            if (x.causes().size() > MARK_CAUSES) {
                int more = x.causes().size() - MARK_CAUSES;
                causes.add(more + (more == 1 ? " more cause" : " more causes") + " in report.json");
            }
            if (x.unexplainedNs() > 0) causes.add("unexplained: " + UsecFormat.usec(x.unexplainedNs()) + " us");
            if (causes.isEmpty()) causes.add("no cause found in the trace");
        }
        int marked = marks.size();
        String note = "purple marks at the top: " + (marked == o.explained().size() ? "the " + marked : marked + " of the "
                + o.explained().size()) + " explained outliers (--explain; each the worst probe of its episode), a ring"
                + " at each one's latency; the cursor on one shows its breakdown";
        if (missing > 0) {
            note += "; " + missing + " not marked (" + (why != null ? why : "not found in rx.records") + ")";
        }
        chart.put("marksNote", note);
        return marked;
    }

    /**
     * The section: what made an outlier and how many there were, the top causes over the run
     * (as report.txt has them) and the worst outliers, one row each (a row's {@code seq} selects
     * its mark on the chart); with none, the threshold nothing passed.
     *
     * @param marked how many are marked on the latency chart
     */
    static ObjectNode section(Outliers o, int marked) {
        ObjectNode s = Charts.JSON.createObjectNode();
        s.put("title", TITLE);
        s.put("open", true);
        s.put("id", "outliers");
        ArrayNode paragraphs = s.putArray("paragraphs");
        if (o.nothingJudged()) {
            paragraphs.add("no outliers judged (--explain): no probe after the warm-up lay in an interval whose clocks were"
                    + " trusted, and lateness (app RX minus schedule) needs both");
            return s;
        }
        String beyond = "beyond the median lateness " + UsecFormat.usec(o.medianNs()) + " us by more than " + o.thresholdText();
        if (o.count() == 0) {
            paragraphs.add("no outliers " + beyond + " (--explain-above): no probe after the warm-up was that late"
                    + " (lateness: app RX minus schedule)");
            return s;
        }
        long inExplained = o.explained().stream().mapToLong(Outliers.Outlier::episodeOutliers).sum();
        paragraphs.add(o.count() + (o.count() == 1 ? " outlier" : " outliers") + " (--explain): probes whose lateness (app RX"
                + " minus schedule) was " + beyond + "; " + (o.count() > inExplained
                ? "the worst probe of each of the worst " + o.explained().size() + " episodes"
                : "the worst probe of each episode (outliers a few probes apart: one stall)")
                + " explained from the kernel trace " + Untrusted.text(o.traceFile()) + " (docs/explain.md)");
        if (marked > 0) {
            paragraphs.add("Each explained outlier is marked on the latency-over-time chart (purple): the cursor on a mark,"
                    + " or a click on a row, shows its breakdown there.");
        }
        ArrayNode tables = s.putArray("tables");
        if (!o.topCauses().isEmpty()) {
            ObjectNode t = table(tables, "top causes over the " + o.explained().size() + " explained outliers",
                    List.of("cause", "in outliers", "share of their excess"), List.of(false, true, true));
            for (Outliers.TopCause c : o.topCauses()) {
                row(t, List.of(Untrusted.text(c.cause()), c.outliers() + " of " + o.explained().size(),
                        String.format(Locale.ROOT, "%.0f %%", 100 * c.shareOfExcess())));
            }
        }
        if (!o.explained().isEmpty()) {
            int rows = Math.min(TABLE_ROWS, o.explained().size());
            ObjectNode t = table(tables, rows == o.explained().size() ? "the explained outliers, worst first"
                    : "the worst " + rows + " of the " + o.explained().size() + " explained (all in report.json)",
                    List.of("seq", "lateness (us)", "beyond the median (us)", "late stage", "main cause", "episode"),
                    List.of(true, true, true, false, false, false));
            ArrayNode seqs = t.putArray("seqs");
            for (Outliers.Outlier x : o.explained().subList(0, rows)) {
                String main = x.causes().isEmpty()
                        ? (x.unexplainedNs() > 0 ? "unexplained: " + UsecFormat.usec(x.unexplainedNs()) + " us" : "-")
                        : cause(x.causes().get(0));
                if (x.clock() != null) main = "clocks untrusted; " + main;
                row(t, List.of(Long.toString(x.seq()), UsecFormat.usec(x.latenessNs()), signed(x.excessNs()),
                        x.lateStage() + (x.cpus().isEmpty() ? "" : cpus(x.cpus())), main,
                        x.episodeOutliers() > 1 ? x.episodeOutliers() + " probes, seq " + x.episodeFirstSeq() + "-"
                                + x.episodeLastSeq() : "1 probe"));
                seqs.add(x.seq());
            }
        }
        return s;
    }

    /** One cause as report.txt says it, with a thread's whole run when it is longer than its share of the stage. */
    static String cause(Outliers.Cause c) {
        String s = Untrusted.text(c.cause()) + " on CPU " + c.cpu() + ": " + UsecFormat.usec(c.ns()) + " us";
        return c.stretchNs() > c.ns() ? s + " (ran " + UsecFormat.usec(c.stretchNs()) + " us in one stretch)" : s;
    }

    private static String name(Outliers.Outlier x) {
        return "seq " + x.seq() + (x.episodeOutliers() > 1 ? " (worst of " + x.episodeOutliers() + " in seq "
                + x.episodeFirstSeq() + "-" + x.episodeLastSeq() + ")" : "");
    }

    private static String cpus(List<Integer> cpus) {
        StringBuilder b = new StringBuilder(cpus.size() == 1 ? ", on CPU " : ", on CPUs ");
        for (int i = 0; i < cpus.size(); i++) b.append(i == 0 ? "" : ", ").append(cpus.get(i));
        return b.toString();
    }

    private static String signed(long ns) {
        return (ns >= 0 ? "+" : "") + UsecFormat.usec(ns);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    private static ObjectNode table(ArrayNode tables, String caption, List<String> head, List<Boolean> numeric) {
        ObjectNode t = tables.addObject();
        t.put("caption", caption);
        ArrayNode h = t.putArray("head");
        head.forEach(h::add);
        ArrayNode n = t.putArray("numeric");
        numeric.forEach(n::add);
        t.putArray("rows");
        return t;
    }

    private static void row(ObjectNode table, List<String> cells) {
        ArrayNode r = ((ArrayNode) table.get("rows")).addArray();
        cells.forEach(r::add);
    }
}
