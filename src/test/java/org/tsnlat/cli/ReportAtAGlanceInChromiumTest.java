package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.Timestamps;
import org.tsnlat.report.html.Chromium;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * report.html read the way a person reads it, in real headless Chromium, for the four kinds of
 * run of issue 13: a clean loopback run, a run whose every interval is untrusted (an injected
 * clock step, no reflections), a run with lost probes (a copy of the clean run without some of
 * its received records) and, as root, a lab run under load. From the page as Chromium drew it:
 * the inter-arrival chart's x axis is symmetric around 0 (deviation from the period) and at most
 * one period wide each way; every chart without data says why; the captions' counts are the
 * report.json figures. And the --explain outliers of issue 14 (a copy of the clean run with
 * three probes picked up late and a kernel trace in which a thread named {@code <script>} held
 * the receiver's CPU meanwhile): each explained outlier marked on the latency chart, one's
 * breakdown shown, the section with their causes, the thread's name text and never markup.
 * Screenshots go to target/browser-screenshots/ to look at.
 */
@Needs(Need.CHROMIUM)
class ReportAtAGlanceInChromiumTest {
    private static final Path SHOTS = Path.of("target", "browser-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DELTA = "inter-arrival time, deviation from the period";
    /** Probes whose received records the loss case leaves out: after the warm-up, none the last. */
    private static final Set<Long> DROPPED = Set.of(1500L, 1501L, 1502L, 1503L, 1504L, 2200L);
    @TempDir static Path runs;
    static Path clean;

    @BeforeAll
    static void cleanRun() throws Exception {
        clean = run(runs.resolve("clean"));
        Files.createDirectories(SHOTS);
    }

    @Test
    void cleanRun_deviationAxisAroundZero_countsAsInTheSummary() throws Exception {
        Page p = Page.of(clean, "clean");
        p.checkDeltaChart();
        p.checkLatencyCounts();
        p.checkLateWakeups();
        assertThat(p.chart("clock offset")).contains("data-x-min").contains("the verdicts allow a two-way offset");
        // no --explain: no outliers' section, no marks
        assertThat(Files.readString(clean.resolve("report.html"))).doesNotContain("worst outliers and their causes")
                .doesNotContain("\"marks\"");
        assertThat(p.chart("one-way latency per second")).doesNotContain("data-marks-drawn").doesNotContain("mark-tip");
    }

    @Test
    void untrustedRun_emptyChartsSayWhy() throws Exception {
        Cli r = Cli.run("run", "-d", "3s", "--warmup", "1s", "--reflect-every", "0", "--inject-clock-fault",
                "step:+50ms@0s", "--runs-dir", runs.resolve("untrusted").toString(), "--no-live");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.UNTRUSTED);
        Page p = Page.of(r.runDirectory(), "untrusted");
        int untrusted = p.json.at("/trust/untrusted").asInt();
        assertThat(untrusted).isPositive();
        assertThat(p.json.at("/trust/trusted").asInt() + p.json.at("/trust/suspect").asInt()).isZero();
        String why = "no data: no trusted latency: " + untrusted + " of " + untrusted
                + " intervals after the warm-up untrusted (" ;
        assertThat(p.chart("latency histogram")).contains(why).contains("negative one-way latencies")
                .doesNotContain("data-x-min");
        assertThat(p.chart("latency by percentile")).contains(why).doesNotContain("data-x-min");
        assertThat(p.chart("one-way latency per second")).contains("no red dots")
                .contains("untrusted clocks: " + untrusted + " interval");
        assertThat(p.chart("clock offset")).contains("no data: no clock offset to draw: no ptp4l samples")
                .contains("no two-way estimates");
        p.checkDeltaChart(); // the arrivals are still there to see: they need no clock agreement
        p.checkLateWakeups();
    }

    @Test
    void runWithLoss_lostProbesCounted() throws Exception {
        Path lossy = RunCopies.copy(clean, runs.resolve("lossy"));
        Path rx = lossy.resolve(RunDirectory.RX_RECORDS);
        Path full = lossy.resolve("rx.records.full");
        Files.move(rx, full);
        PacketRecord rec = new PacketRecord();
        try (RecordFileReader in = RecordFileReader.open(full);
             RecordFileWriter out = RecordFileWriter.create(rx, in.header())) {
            while (in.next(rec)) {
                if (!DROPPED.contains(rec.seq)) out.append(rec);
            }
        }
        Files.delete(full);
        // the receiver wrote what it received: meta.json says so, or the report would call the file cut short
        Path meta = lossy.resolve(RunDirectory.META);
        ObjectNode m = (ObjectNode) JSON.readTree(meta.toFile());
        ObjectNode records = (ObjectNode) m.at("/end/records");
        records.put(RunDirectory.RX_RECORDS, records.path(RunDirectory.RX_RECORDS).asLong() - DROPPED.size());
        JSON.writeValue(meta.toFile(), m);
        for (String format : new String[] {"json", "html"}) {
            Cli c = Cli.run("report", lossy.toString(), "--format", format, "-o", lossy.resolve("report." + format).toString());
            assertThat(c.exitCode()).as(c.err()).isIn(ExitCodes.OK, ExitCodes.UNTRUSTED);
        }
        Page p = Page.of(lossy, "loss");
        assertThat(p.json.at("/packets/lost").asLong()).isEqualTo(DROPPED.size());
        assertThat(p.number(p.chart("one-way latency per second"), "pink marks on the time axis: lost probes: (\\d+) \\(sequence numbers missing"))
                .isEqualTo(DROPPED.size());
        p.checkDeltaChart();
        p.checkLatencyCounts();
    }

    /**
     * A copy of the clean run whose probes {@link #LATE} were picked up late (their app RX
     * moved on by 6, 5, 4 ms), with a kernel trace in which a SCHED_FIFO thread named
     * {@code <script>} held the receiver's CPU until just before: reported again from the
     * directory, every explained outlier is marked on the latency chart, the breakdown of the
     * worst shows (opened as {@code report.html#seq=N}, as a click on its row does), naming the
     * thread as text; the section lists them. With a threshold nothing passes, the section says so.
     */
    @Test
    void explainedOutliers_markedOnTheLatencyChart_withTheirBreakdown() throws Exception {
        Path dir = RunCopies.copy(clean, runs.resolve("explained"));
        Path rx = dir.resolve(RunDirectory.RX_RECORDS);
        Path full = dir.resolve("rx.records.full");
        Files.move(rx, full);
        Map<Long, PacketRecord> late = new TreeMap<>();
        PacketRecord rec = new PacketRecord();
        try (RecordFileReader in = RecordFileReader.open(full);
             RecordFileWriter out = RecordFileWriter.create(rx, in.header())) {
            while (in.next(rec)) {
                Long by = LATE.get(rec.seq);
                if (by != null && !late.containsKey(rec.seq)) {
                    rec.appRxNs += by;
                    late.put(rec.seq, new PacketRecord().copyFrom(rec));
                }
                out.append(rec);
            }
        }
        Files.delete(full);
        assertThat(late).as("the probes made late were received").hasSize(LATE.size());
        Files.createDirectories(dir.resolve("trace"));
        Files.writeString(dir.resolve("trace/clock.json"), "{\"version\":1,\"traceClock\":\"tai\",\"runClock\":\"TAI\","
                + "\"runMinusTraceNs\":0,\"explainAboveNs\":3000000}\n");
        StringBuilder trace = new StringBuilder("# tracer: nop\n#\n");
        for (PacketRecord p : late.values()) {
            long rxK = Timestamps.present(p.swRxNs) ? p.swRxNs : p.appRxNs;
            trace.append(traceLine("<idle>", 0, Math.min(p.scheduledNs, rxK) - 500_000, "sched_switch: prev_comm=swapper/0"
                    + " prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=<script> next_pid=666 next_prio=9"));
            trace.append(traceLine("<script>", 666, p.appRxNs - 20_000, "sched_switch: prev_comm=<script> prev_pid=666"
                    + " prev_prio=9 prev_state=S ==> next_comm=tsnlat-rx next_pid=4100 next_prio=19"));
            trace.append(traceLine("tsnlat-rx", 4100, p.appRxNs, "tracing_mark_write: tsnlat-rx " + p.seq));
            trace.append(traceLine("tsnlat-rx", 4100, p.appRxNs + 10_000, "sched_switch: prev_comm=tsnlat-rx prev_pid=4100"
                    + " prev_prio=19 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120"));
        }
        Files.writeString(dir.resolve("trace/trace.txt"), trace);
        report(dir);

        JsonNode outliers = JSON.readTree(dir.resolve("report.json").toFile()).at("/outliers");
        JsonNode explained = outliers.path("explained");
        List<Long> seqs = new ArrayList<>();
        explained.forEach(o -> seqs.add(o.path("seq").asLong()));
        assertThat(seqs).as("explained").containsAll(LATE.keySet());
        JsonNode worst = explained.get(seqs.indexOf(1500L));
        assertThat(worst.at("/causes/0/cause").asText()).startsWith("thread <script> (pid 666");

        String raw = Files.readString(dir.resolve("report.html"));
        Page p = Page.of(dir, "explained", "seq=1500");
        String chart = p.chart("one-way latency per second");
        assertThat(p.number(chart, "data-marks-drawn=\"(\\d+)\"")).as("marks drawn").isEqualTo(seqs.size());
        assertThat(chart).contains("data-mark-shown=\"1500\"")
                .contains("purple marks at the top: the " + seqs.size() + " explained outliers");
        String tip = match(chart, "<div class=\"mark-tip\"[^>]*>(.*?)</div></div>", 1);
        assertThat(tip).contains("seq 1500").contains("pick-up").contains("thread &lt;script&gt; (pid 666");
        // the name is text: the page has not one script element more than its file had
        assertThat(count(p.dom, "<script")).isEqualTo(count(raw, "<script")).isEqualTo(3);
        String section = p.dom.substring(p.dom.indexOf("<summary>worst outliers and their causes</summary>"));
        assertThat(section).contains(outliers.path("count").asLong() + " outlier").contains("top causes over the " + seqs.size() + " explained")
                .contains("thread &lt;script&gt; (pid 666").containsPattern("<tr class=\"pick chosen\" data-seq=\"1500\"");

        // the same run with a threshold no probe passes: the section says so, and nothing is marked
        Files.writeString(dir.resolve("trace/clock.json"), "{\"version\":1,\"traceClock\":\"tai\",\"runClock\":\"TAI\","
                + "\"runMinusTraceNs\":0,\"explainAboveNs\":10000000000}\n");
        report(dir);
        String none = Files.readString(dir.resolve("report.html"));
        assertThat(none).containsPattern("no outliers beyond the median lateness [0-9.]+ us by more than 10000000.000 us")
                .doesNotContain("\"marks\"");
    }

    @Test
    @Needs({Need.ROOT, Need.IP, Need.TC})
    void labRunUnderLoad() throws Exception {
        Cli r = Cli.run("run", "-t", "bridge", "--shape", "htb", "--rate", "50mbit", "--load", "100mbit", "-d", "3s",
                "--warmup", "1s", "--runs-dir", runs.resolve("lab").toString(), "--no-live");
        assertThat(r.exitCode()).as(r.err()).isIn(ExitCodes.OK, ExitCodes.UNTRUSTED);
        Page p = Page.of(r.runDirectory(), "lab");
        p.checkDeltaChart();
        p.checkLateWakeups();
        if (p.json.at("/metrics/latency/count").asLong() > 0) p.checkLatencyCounts();
    }

    /** Probes the outlier case makes late at their pick-up: sequence number, ns. */
    private static final Map<Long, Long> LATE = Map.of(1500L, 6_000_000L, 2000L, 5_000_000L, 2500L, 4_000_000L);

    /** A line of trace.txt as the kernel writes it: {@code <comm>-<pid> [<cpu>] <flags> <s>.<us>: <event>}, on CPU 0. */
    private static String traceLine(String comm, int pid, long ns, String event) {
        return String.format(Locale.ROOT, "%16s-%-7d [000] d..2. %d.%06d: %s%n", comm, pid, ns / 1_000_000_000L,
                ns % 1_000_000_000L / 1000, event);
    }

    /** report.json and report.html made again from the directory. */
    private static void report(Path dir) {
        for (String format : new String[] {"json", "html"}) {
            Cli c = Cli.run("report", dir.toString(), "--format", format, "-o", dir.resolve("report." + format).toString());
            assertThat(c.exitCode()).as(c.err()).isIn(ExitCodes.OK, ExitCodes.UNTRUSTED);
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    private static Path run(Path runsDir) {
        Cli r = Cli.run("run", "-d", "3s", "--warmup", "1s", "--runs-dir", runsDir.toString(), "--no-live");
        assertThat(r.exitCode()).as(r.err()).isIn(ExitCodes.OK, ExitCodes.UNTRUSTED);
        return r.runDirectory();
    }

    /** A run directory's report.json and its report.html as Chromium drew it (its DOM after the scripts ran). */
    record Page(JsonNode json, String dom) {
        static Page of(Path dir, String name) throws Exception {
            return of(dir, name, null);
        }

        /** As above, opened at {@code report.html#fragment} (null: none). */
        static Page of(Path dir, String name, String fragment) throws Exception {
            Chromium chromium = Chromium.find().orElseThrow();
            URI html = dir.resolve("report.html").toAbsolutePath().toUri();
            if (fragment != null) html = URI.create(html + "#" + fragment);
            Chromium.Output out = chromium.dumpDom(html);
            String root = match(out.stdout(), "<html[^>]*>", 0);
            assertThat(match(root, "data-charts-drawn=\"(\\d+)\"", 1)).as("charts drawn; chromium log:\n%s", out.stderr())
                    .isEqualTo(match(root, "data-charts-expected=\"(\\d+)\"", 1));
            assertThat(match(root, "data-errors=\"([^\"]*)\"", 1)).as("script errors").isEmpty();
            chromium.screenshot(html, SHOTS.resolve("glance-" + name + ".png"), 1400, 2000);
            return new Page(JSON.readTree(dir.resolve("report.json").toFile()), out.stdout());
        }

        /** The box of the chart titled {@code title}: from its element to the next chart's. */
        String chart(String title) {
            int from = dom.indexOf("data-title=\"" + title + "\"");
            assertThat(from).as("chart %s in the page", title).isNotNegative();
            int to = dom.indexOf("data-title=\"", from + 1);
            return dom.substring(from, to < 0 ? dom.indexOf("id=\"sections\"", from) : to);
        }

        long number(String text, String regex) {
            return Long.parseLong(match(text, regex, 1));
        }

        /**
         * The inter-arrival chart: drawn over [-R, R] us with 0 < R <= one period, holding the
         * median; its caption counts the summary's deltas and, beyond R, exactly the ones whose
         * deviation passes R.
         */
        void checkDeltaChart() {
            String box = chart(DELTA);
            double min = Double.parseDouble(match(box, "data-x-min=\"([^\"]+)\"", 1));
            double max = Double.parseDouble(match(box, "data-x-max=\"([^\"]+)\"", 1));
            double periodUs = json.at("/periodNs").asLong() / 1000.0;
            assertThat(min).as("symmetric around the period").isCloseTo(-max, within(1e-9));
            assertThat(max).as("x range (us), period %s us", periodUs).isPositive().isLessThanOrEqualTo(periodUs);
            JsonNode delta = json.at("/metrics/delta");
            double medianDeviation = delta.at("/percentilesNs/p50").asLong() / 1000.0 - periodUs;
            assertThat(Math.abs(medianDeviation)).as("the median deviation lies on the axis").isLessThan(max);
            assertThat(number(box, "(\\d+) deltas minus the period")).isEqualTo(delta.at("/count").asLong());
            double latestUs = delta.at("/maxNs").asLong() / 1000.0 - periodUs;
            if (latestUs > max) {
                assertThat(number(box, "off the axis: (\\d+) more than \\S+ late")).isPositive();
                assertThat(box).contains("(at most +" + UsecFormat.usec(delta.at("/maxNs").asLong() - json.at("/periodNs").asLong()) + " us)");
            } else {
                assertThat(box).doesNotContain("late (at most");
            }
        }

        /** Latency histogram and red dots: the summary's count, its p99.9, and no more counted dots than lie above it. */
        void checkLatencyCounts() {
            JsonNode latency = json.at("/metrics/latency");
            long count = latency.at("/count").asLong();
            assertThat(number(chart("latency histogram"), "(\\d+) latencies, the summary's")).isEqualTo(count);
            String over = chart("one-way latency per second");
            long p999 = latency.at("/percentilesNs/p99.9").asLong();
            Matcher m = Pattern.compile("red dots: (\\d+) packets? above the summary's latency p99.9 \\(([0-9.]+) us\\)"
                    + "(, (\\d+) of them in the warm-up)?").matcher(over);
            assertThat(m.find()).as("red dots caption in %s", over).isTrue();
            assertThat(m.group(2)).isEqualTo(UsecFormat.usec(p999));
            long drawn = Long.parseLong(m.group(1));
            long outside = m.group(4) == null ? 0 : Long.parseLong(m.group(4));
            long counted = drawn - outside;
            // p99.9 is the value at rank ceil(0.999 n): at most n - ceil(0.999 n) counted latencies lie above it
            assertThat(counted).as("counted dots above p99.9 of %s latencies", count)
                    .isBetween(0L, count - (long) Math.ceil(0.999 * count));
        }

        /** The wake-up chart's late wake-ups after the warm-up are the summary's. */
        void checkLateWakeups() {
            String box = chart("sender wake-up lateness per second");
            Matcher m = Pattern.compile("late wake-ups \\(woken after the next period began\\): (\\d+)"
                    + "(, (\\d+) of them after the warm-up)?").matcher(box);
            long summary = json.at("/sender/lateWakeups").asLong();
            if (!m.find()) { // no marks, so no caption: there were none
                assertThat(summary).as("late wake-ups, the caption missing:\n%s", box).isZero();
                return;
            }
            long afterWarmup = m.group(3) == null ? Long.parseLong(m.group(1)) : Long.parseLong(m.group(3));
            assertThat(afterWarmup).isEqualTo(summary);
            assertThat(Long.parseLong(m.group(1))).isGreaterThanOrEqualTo(summary);
        }
    }

    private static String match(String s, String regex, int group) {
        Matcher m = Pattern.compile(regex).matcher(s);
        assertThat(m.find()).as("%s in:\n%s", regex, s.length() > 4000 ? s.substring(0, 4000) + " ..." : s).isTrue();
        return m.group(group);
    }
}
