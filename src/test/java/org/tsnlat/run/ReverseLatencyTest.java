package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.ClockId;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.RecordKind;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.SummaryText;
import org.tsnlat.report.TrustThresholds;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.stats.MetricSummary;

/**
 * Tier 2: the reverse direction over loopback. The sender records every reflection it gets back
 * (reflections.records); reverse-latency (t4 - t3) is in the run's summary and report.json, over
 * the reflections answered after the warm-up, and {@code report DIR} makes the same from the
 * directory alone. A clock fault on the sender moves it the other way from the forward latency.
 */
class ReverseLatencyTest {
    private static final long PERIOD_NS = 1_000_000;
    private static final long US = 1_000;
    private static final long S = 1_000_000_000;
    private static final int REFLECT_EVERY = 10;

    @TempDir Path runs;

    private Measurement.Result measure(long probes, long warmupNs, ClockFault fault) {
        return measure(probes, warmupNs, fault, true);
    }

    /** @param allAnswered whether every reflection must have come back within its second */
    private Measurement.Result measure(long probes, long warmupNs, ClockFault fault, boolean allAnswered) {
        var tuning = ThreadTuning.defaults();
        var lo = new InetSocketAddress("127.0.0.1", 0);
        var rx = new ReceiverConfig(lo, Long.MAX_VALUE, probes * PERIOD_NS + 10 * S, ClockId.TAI, 0, tuning, null, true);
        var tx = new SenderConfig(lo, PERIOD_NS, probes, 64, ClockId.TAI, SenderConfig.ALIGNED, -1, tuning, null,
                REFLECT_EVERY, fault);
        var m = new Measurement("run", tx, rx, warmupNs, runs, List.of("test"), null);
        Measurement.Result result = m.run();
        assertThat(m.failures()).isEmpty();
        if (allAnswered) assertThat(m.lostReflections()).as("reflections lost on loopback").isZero();
        return result;
    }

    @Test
    void aLoopbackRunReportsReverseLatencyOverTheReflectionsAfterTheWarmupAndReportDirGivesTheSame() throws Exception {
        long warmupNs = 1 * S;
        Measurement.Result result = measure(4000, warmupNs, ClockFault.NONE);
        RunDirectory dir = result.dir();
        long answered = dir.readMeta().end().reflectionsAnswered();
        long inWarmup = warmupNs / PERIOD_NS / REFLECT_EVERY; // seq 0, 10, ... 990: all answered (none lost)
        assertThat(answered).isEqualTo(4000 / REFLECT_EVERY);

        MetricSummary reverse = result.summary().metrics().get("reverse-latency");
        assertThat(reverse.count()).isEqualTo(answered - inWarmup);
        assertThat(result.summary().warmup().get("reverse-latency").count()).isEqualTo(inWarmup);
        assertThat(reverse.minNs()).as("one way over loopback").isBetween(0L, 100 * US);
        assertThat(reverse.percentilesNs()).containsKeys("p50", "p99");
        assertThat(result.summary().pairs().get("reverse-latency")).startsWith("sw rx (" + reverse.count() + ")")
                .contains("minus receiver's");

        try (RecordFileReader r = RecordFileReader.open(dir.file(RunDirectory.REFLECTION_RECORDS))) {
            assertThat(r.header().kind()).isEqualTo(RecordKind.REFLECT);
            assertThat(r.wholeRecords()).isEqualTo(answered);
            assertThat(r.trailingBytes()).isZero();
        }
        String text = Files.readString(dir.file(RunDirectory.REPORT_TXT));
        assertThat(text).contains("  reverse-latency min/avg/max/stddev (usec): ")
                .contains("(" + reverse.count() + " reflections)")
                .containsPattern("(?m)^  reverse-latency p50 ")
                .containsPattern("(?m)^  reverse-latency sw rx \\(");
        JsonNode json = RunDirectory.json().readTree(dir.file(RunDirectory.REPORT_JSON).toFile());
        assertThat(json.at("/metrics/reverse-latency/count").asLong()).isEqualTo(reverse.count());
        assertThat(json.at("/metrics/reverse-latency/percentilesNs/p50").asLong()).isEqualTo(reverse.percentilesNs().get("p50"));

        // tsnlat report DIR: from the directory alone, the same figures and the same text
        RunReport.Analysis again = RunReport.analyse(RunDirectory.open(dir.path()), TrustThresholds.defaults());
        assertThat(again.summary().metrics().get("reverse-latency")).isEqualTo(reverse);
        assertThat(SummaryText.format(again.summary())).isEqualTo(text);
    }

    /**
     * {@code send} alone: its directory holds reflections.records, and reverse-latency is made from
     * it without the receiver's records (no verdicts: every reflection after the warm-up counts,
     * and the timestamps line says so); {@code report DIR} gives the same.
     */
    @Test
    void aSendersDirectoryAloneCarriesReverseLatency() throws Exception {
        ReceiverUnderTest recv = ReceiverUnderTest.start(runs.resolve("rx"), 3000, 0);
        var to = new InetSocketAddress("127.0.0.1", recv.port);
        var tx = new SenderConfig(to, PERIOD_NS, 3000, 64, ClockId.REALTIME, SenderConfig.ALIGNED, -1,
                ThreadTuning.defaults(), null, REFLECT_EVERY, ClockFault.NONE);
        var m = new Measurement("send", tx, null, S, runs.resolve("tx"), List.of("test"), null);
        Measurement.Result sent = m.run();
        assertThat(m.failures()).isEmpty();
        assertThat(recv.result(30)).as("the receiver ended").isNotNull();
        assertThat(m.lostReflections()).isZero();
        long answered = sent.dir().readMeta().end().reflectionsAnswered();
        assertThat(answered).isEqualTo(3000 / REFLECT_EVERY);

        MetricSummary reverse = sent.summary().metrics().get("reverse-latency");
        assertThat(reverse.count()).isEqualTo(answered - S / PERIOD_NS / REFLECT_EVERY);
        assertThat(reverse.minNs()).isBetween(0L, 100 * US);
        assertThat(sent.summary().metrics()).doesNotContainKey("latency");
        assertThat(sent.summary().pairs().get("reverse-latency")).contains("not judged by trust intervals");
        assertThat(sent.text()).contains("  reverse-latency min/avg/max/stddev (usec): ");
        RunReport.Analysis again = RunReport.analyse(RunDirectory.open(sent.dir().path()), TrustThresholds.defaults());
        assertThat(again.summary().metrics().get("reverse-latency")).isEqualTo(reverse);
        assertThat(SummaryText.format(again.summary())).isEqualTo(Files.readString(sent.dir().file(RunDirectory.REPORT_TXT)));
    }

    /**
     * The sender's clock reads true + f: forward latency (receiver's RX minus sender's TX) moves by
     * -f, reverse latency (sender's RX minus receiver's TX) by +f. f = -20 us stays within what
     * the verdicts include (positive latencies; a two-way offset of 20 us is below even suspect,
     * and a loaded machine's noisy round trip must add 30 us more to make an interval untrusted:
     * at -40 us one CI run counted 199 of 200 reflections, likely so; the failure message now says
     * which interval or rule left one out), so both directions stay in the
     * figures; their minima, robust on loopback, move.
     */
    @Test
    void aClockFaultShiftsReverseLatencyByPlusTheOffsetAndForwardByMinusIt() throws Exception {
        long f = -20 * US;
        // the counts are the first test's; here the minima: a reflection or two may come back late on a loaded machine
        Measurement.Result clean = measure(3000, S, ClockFault.NONE, false);
        Measurement.Result faulty = measure(3000, S, ClockFault.parse("step:-20us@0s"), false);
        MetricSummary fwd0 = clean.summary().metrics().get("latency");
        MetricSummary rev0 = clean.summary().metrics().get("reverse-latency");
        MetricSummary fwd = faulty.summary().metrics().get("latency");
        MetricSummary rev = faulty.summary().metrics().get("reverse-latency");
        System.out.printf("forward min %.3f -> %.3f us, reverse min %.3f -> %.3f us (fault %+.3f us)%n",
                fwd0.minNs() / 1e3, fwd.minNs() / 1e3, rev0.minNs() / 1e3, rev.minNs() / 1e3, f / 1e3);
        String why = "reverse " + faulty.summary().pairs().get("reverse-latency") + "; trust " + faulty.summary().trust();
        assertThat(rev.count()).as(why).isBetween(190L, 200L);
        assertThat(fwd.count()).as(why).isBetween(1900L, 2000L);
        // the least one-way time over loopback is a few us either way; the fault moves each minimum by it
        assertThat(rev0.minNs()).isBetween(0L, 10 * US);
        assertThat(fwd0.minNs()).isBetween(0L, 10 * US);
        assertThat(rev.minNs()).isBetween(f, f + 10 * US);
        assertThat(fwd.minNs()).isBetween(-f, -f + 10 * US);
        // most reverse one-way times over loopback are a few us, under the fault's 20: negative now (a loaded
        // machine's slowest are not, so not all)
        assertThat(rev.negativeCount()).as(why).isGreaterThan(rev.count() / 2);
        assertThat(faulty.summary().trust().untrusted()).isZero();
    }
}
