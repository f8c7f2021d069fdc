package org.tsnlat.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.explain.Outliers;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.RecordHeader;
import org.tsnlat.record.RecordKind;

/**
 * The --explain outliers in report.html's data: a mark on the latency chart at each explained
 * outlier, placed where the chart has the probe (its RX time from the chart's origin, its
 * latency), carrying its breakdown; the section "worst outliers and their causes" with the top
 * causes and the worst outliers; the threshold said when there were none; and a thread named
 * {@code <script>} (or holding a bidi override) that stays text in the page.
 */
class OutlierMarksTest {
    private static final long T0 = 1_796_208_021_000_000_000L;
    private static final String HOG = "thread cpu-hog-fifo (pid 17470, real-time priority 90)";
    private static final String SCRIPT = "thread <script>alert(1)</script> (pid 666)";

    @TempDir Path dir;

    /** Two explained outliers: seq 1500 late in the pick-up (the hog, then a thread named like markup), seq 700 in the wake-up. */
    private static Outliers outliers() {
        Outliers.Outlier first = new Outliers.Outlier(1500, 8_797_000, 8_641_000,
                List.of(new Outliers.Stage("wake-up", 60_000, 55_000, 5_000), new Outliers.Stage("send", 20_000, 19_000, 1_000),
                        new Outliers.Stage("network", 30_000, 30_000, 0), new Outliers.Stage("pick-up", 8_687_000, 52_000, 8_635_000)),
                "pick-up", List.of(1), List.of(new Outliers.Cause(HOG, 1, 8_641_000, 9_012_000),
                        new Outliers.Cause(SCRIPT, 1, 40_000, 40_000), new Outliers.Cause("NET_RX softirq", 1, 3_000, 0)),
                0, null, 1498, 1503, 4);
        Outliers.Outlier second = new Outliers.Outlier(700, 900_000, 744_000,
                List.of(new Outliers.Stage("wake-up", 800_000, 55_000, 745_000), new Outliers.Stage("send", 19_000, 19_000, 0),
                        new Outliers.Stage("network", 30_000, 30_000, 0), new Outliers.Stage("pick-up", 51_000, 52_000, -1_000)),
                "wake-up", List.of(0), List.of(new Outliers.Cause("tsnlat-tx not yet woken (late timer or packet, or blocked)", 0,
                        700_000, 0)), 45_000, "the interval's clocks were untrusted: this lateness may be the clocks', not the path's",
                700, 700, 1);
        return new Outliers(200_000, 156_000, 5, List.of(first, second),
                List.of(new Outliers.TopCause(HOG + " on CPU 1", 1, 0.92), new Outliers.TopCause(SCRIPT + " on CPU 1", 1, 0.004),
                        new Outliers.TopCause("thread \u202eevil (pid 9) on CPU 0", 1, 0.001)),
                "trace/trace.txt");
    }

    /** rx.records with probes 0..1999 at 1 ms, 60 us of latency each, probe 1500 twice (the second copy later). */
    private Path records() throws Exception {
        Path f = dir.resolve("rx.records");
        try (RecordFileWriter w = RecordFileWriter.create(f, RecordHeader.of(RecordKind.RX, 7, RecordHeader.CLOCK_TAI,
                1_000_000, T0, 0))) {
            PacketRecord r = new PacketRecord();
            for (long seq = 0; seq < 2000; seq++) {
                r.clear();
                r.seq = seq;
                r.scheduledNs = T0 + seq * 1_000_000;
                r.appTxNs = r.scheduledNs + 70_000;
                r.swRxNs = r.appTxNs + 60_000;
                r.appRxNs = r.swRxNs + (seq == 1500 ? 8_687_000 : 52_000);
                w.append(r);
                if (seq == 1700) { // a duplicate of 1500, arriving later: the chart has the first copy
                    r.seq = 1500;
                    w.append(r);
                }
            }
        }
        return f;
    }

    @Test
    void eachExplainedOutlierIsMarkedWhereTheChartHasItsProbe_withItsBreakdown() throws Exception {
        Outliers o = outliers();
        Map<Long, OutlierMarks.Placed> placed = OutlierMarks.place(records(), o);
        assertThat(placed).containsOnlyKeys(1500L, 700L);
        // the chart's origin: the first probe's RX time (software stamp: the best this record has)
        long origin = T0 + 130_000;
        assertThat(placed.get(1500L)).isEqualTo(new OutlierMarks.Placed(origin + 1_500_000_000L, 60_000));
        ObjectNode chart = Charts.chart("time", "one-way latency per second", "time from start", "latency (us)");
        assertThat(OutlierMarks.mark(chart, o, placed, origin, null)).isEqualTo(2);

        JsonNode marks = chart.path("marks");
        assertThat(marks).hasSize(2);
        JsonNode m = marks.get(0);
        assertThat(m.path("seq").asLong()).isEqualTo(1500);
        assertThat(m.path("x").asDouble()).isEqualTo(1.5);
        assertThat(m.path("y").asDouble()).isEqualTo(60.0);
        assertThat(m.path("head")).extracting(JsonNode::asText).containsExactly(
                "seq 1500 (worst of 4 in seq 1498-1503), at 1.500 s",
                "lateness 8797.000 us, 8641.000 us beyond the median 156.000 us",
                "pick-up late, on CPU 1");
        assertThat(m.path("stages")).hasSize(4);
        JsonNode pickup = m.path("stages").get(3);
        assertThat(pickup.path("name").asText()).isEqualTo("pick-up");
        assertThat(pickup.path("value").asText()).isEqualTo("8687.000");
        assertThat(pickup.path("median").asText()).isEqualTo("52.000");
        assertThat(pickup.path("excess").asText()).isEqualTo("+8635.000");
        assertThat(pickup.path("late").asBoolean()).isTrue();
        assertThat(m.path("stages").get(0).path("late").asBoolean()).isFalse();
        assertThat(m.path("causes")).extracting(JsonNode::asText).containsExactly(
                HOG + " on CPU 1: 8641.000 us (ran 9012.000 us in one stretch)",
                SCRIPT + " on CPU 1: 40.000 us",
                "NET_RX softirq on CPU 1: 3.000 us");

        JsonNode w = marks.get(1);
        assertThat(w.path("x").asDouble()).isEqualTo(0.7);
        assertThat(w.path("head")).extracting(JsonNode::asText).containsExactly("seq 700, at 0.700 s",
                "lateness 900.000 us, 744.000 us beyond the median 156.000 us", "wake-up late, on CPU 0",
                "the interval's clocks were untrusted: this lateness may be the clocks', not the path's");
        assertThat(w.path("causes")).extracting(JsonNode::asText).containsExactly(
                "tsnlat-tx not yet woken (late timer or packet, or blocked) on CPU 0: 700.000 us", "unexplained: 45.000 us");
        assertThat(chart.path("marksNote").asText()).startsWith("purple marks at the top: the 2 explained outliers");
    }

    @Test
    void anOutlierNotFoundInTheRecordsIsLeftUnmarked_andTheCaptionSaysSo() throws Exception {
        ObjectNode chart = Charts.chart("time", "one-way latency per second", "time from start", "latency (us)");
        Outliers o = outliers();
        Map<Long, OutlierMarks.Placed> placed = Map.of(700L, new OutlierMarks.Placed(T0 + 700_000_000L, 60_000));
        assertThat(OutlierMarks.mark(chart, o, placed, T0, null)).isEqualTo(1);
        assertThat(chart.path("marks")).hasSize(1);
        assertThat(chart.path("marksNote").asText()).startsWith("purple marks at the top: 1 of the 2 explained outliers")
                .endsWith("; 1 not marked (not found in rx.records)");
    }

    @Test
    void theSectionHasTheTopCausesAndTheWorstOutliers() {
        ObjectNode s = OutlierMarks.section(outliers(), 2);
        assertThat(s.path("title").asText()).isEqualTo("worst outliers and their causes");
        assertThat(s.path("paragraphs").get(0).asText()).isEqualTo("5 outliers (--explain): probes whose lateness (app RX minus"
                + " schedule) was beyond the median lateness 156.000 us by more than 200.000 us; the worst probe of each"
                + " episode (outliers a few probes apart: one stall) explained from the kernel trace trace/trace.txt"
                + " (docs/explain.md)");
        assertThat(s.path("paragraphs").get(1).asText()).contains("marked on the latency-over-time chart");
        JsonNode top = s.path("tables").get(0);
        assertThat(top.path("caption").asText()).isEqualTo("top causes over the 2 explained outliers");
        assertThat(top.path("rows").get(0)).extracting(JsonNode::asText).containsExactly(HOG + " on CPU 1", "1 of 2", "92 %");
        JsonNode worst = s.path("tables").get(1);
        assertThat(worst.path("head")).extracting(JsonNode::asText).containsExactly("seq", "lateness (us)",
                "beyond the median (us)", "late stage", "main cause", "episode");
        assertThat(worst.path("rows").get(0)).extracting(JsonNode::asText).containsExactly("1500", "8797.000", "+8641.000",
                "pick-up, on CPU 1", HOG + " on CPU 1: 8641.000 us (ran 9012.000 us in one stretch)",
                "4 probes, seq 1498-1503");
        assertThat(worst.path("rows").get(1).get(4).asText()).isEqualTo("clocks untrusted; tsnlat-tx not yet woken (late timer"
                + " or packet, or blocked) on CPU 0: 700.000 us");
        assertThat(worst.path("seqs")).extracting(JsonNode::asLong).containsExactly(1500L, 700L);
    }

    @Test
    void withoutOutliersTheSectionSaysTheThreshold_andNothingIsMarked() {
        Outliers none = new Outliers(200_000, 156_081, 0, List.of(), List.of(), "trace/trace.txt");
        ObjectNode s = OutlierMarks.section(none, 0);
        assertThat(s.path("paragraphs")).extracting(JsonNode::asText).containsExactly("no outliers beyond the median lateness"
                + " 156.081 us by more than 200.000 us (--explain-above): no probe after the warm-up was that late"
                + " (lateness: app RX minus schedule)");
        assertThat(s.has("tables")).isFalse();
        ObjectNode chart = Charts.chart("time", "one-way latency per second", "time from start", "latency (us)");
        assertThat(OutlierMarks.mark(chart, none, Map.of(), T0, null)).isZero();
        assertThat(chart.has("marks")).isFalse();
        assertThat(chart.has("marksNote")).isFalse();
    }

    @Test
    void aThreadNamedScriptStaysText_andInvisibleCharactersAreEscaped() throws Exception {
        Outliers o = outliers();
        String plain = page(null);
        String html = page(o);
        // not one element more than the page without outliers: the name is data, inserted as text by the script
        assertThat(count(html, "<script")).isEqualTo(count(plain, "<script"));
        assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("</script> (pid 666)")
                .contains("thread \\u003cscript>alert(1)\\u003c/script> (pid 666) on CPU 1: 40.000 us")
                .doesNotContain("\u202e").contains("thread \\\\u202eevil (pid 9) on CPU 0");
        // the page inserts every string of the data with textContent (or as a text node), never as markup
        assertThat(html).doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML").doesNotContain("document.write");
    }

    /** A page with a latency chart and, given outliers, their marks and section (as RunHtml makes it). */
    private String page(Outliers o) throws Exception {
        HtmlPage page = new HtmlPage("tsnlat test", "headline");
        ObjectNode chart = Charts.chart("time", "one-way latency per second", "time from start", "latency (us)");
        int marked = o == null ? 0 : OutlierMarks.mark(chart, o, OutlierMarks.place(records(), o), T0 + 130_000, null);
        page.chart(chart);
        if (o != null) page.section(OutlierMarks.section(o, marked));
        page.section("summary (report.txt)", "text", true);
        return page.render();
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
