package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.exit.Exit;
import org.tsnlat.linux.ClockId;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.RecordKind;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.Summary;
import org.tsnlat.report.SummaryText;
import org.tsnlat.report.TrustThresholds;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunMeta;

/**
 * Tier 2: {@code run --bidir} over loopback, through {@link Measurement#reverse}: a full stream each
 * way at once, the reverse one in the run directory's reverse/ with its own session, record files
 * and verdicts; the summary, report.json and report.html give both, and {@code report DIR} the same.
 * A reverse stream that gets nothing, or cannot start, is never an exit 0.
 */
class BidirectionalRunTest {
    private static final long PERIOD_NS = 1_000_000;
    private static final long S = 1_000_000_000;

    @TempDir Path runs;

    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    private Measurement measurement(long probes, long warmupNs, InetSocketAddress bind, InetSocketAddress to,
                                    long baseNs) {
        var tuning = ThreadTuning.defaults();
        var rx = new ReceiverConfig(bind, Long.MAX_VALUE, probes * PERIOD_NS + 10 * S, ClockId.TAI, 0, tuning, null, true);
        var tx = new SenderConfig(to, PERIOD_NS, probes, 64, ClockId.TAI, baseNs, -1, tuning, null, 10, ClockFault.NONE);
        return new Measurement("run", tx, rx, warmupNs, runs, List.of("test", "--bidir"), null);
    }

    private Measurement loopback(long probes, long warmupNs, long baseNs) {
        var any = new InetSocketAddress(LO, 0); // port 0: the sender sends to its own receiver's port
        return measurement(probes, warmupNs, any, any, baseNs);
    }

    @Test
    void bothDirectionsAreMeasuredEachWithItsOwnFilesFiguresAndTrustAndReportDirGivesTheSame() throws Exception {
        Measurement forward = loopback(2500, S / 2, SenderConfig.ALIGNED).jitWarmup(false);
        Measurement reverse = loopback(2500, S / 2, PERIOD_NS / 2);
        Measurement.Result result = forward.reverse(reverse).run();
        assertThat(forward.failures()).isEmpty();

        Summary s = result.summary();
        assertThat(s.reverse()).as("the reverse direction's summary").isNotNull();
        for (Summary direction : List.of(s, s.reverse())) {
            assertThat(direction.packets().received()).isEqualTo(2500);
            assertThat(direction.packets().lost()).isZero();
            assertThat(direction.metrics().get("latency").count()).isEqualTo(2000); // after the 0.5 s warm-up
            assertThat(direction.metrics().get("latency").percentilesNs()).containsKeys("p50", "p99", "p99.9");
            assertThat(direction.trust().intervals()).isGreaterThanOrEqualTo(2);
            assertThat(direction.trust().untrusted()).as(SummaryText.format(s)).isZero();
            assertThat(direction.outcome().exit()).isZero();
        }
        assertThat(s.outcome().exit()).as(SummaryText.format(s)).isZero();
        assertThat(s.reverse().sessionId()).isNotEqualTo(s.sessionId());

        RunDirectory dir = result.dir();
        RunMeta meta = dir.readMeta();
        assertThat(meta.reverse()).isEqualTo(RunDirectory.REVERSE);
        RunDirectory back = RunDirectory.open(dir.file(RunDirectory.REVERSE));
        RunMeta backMeta = back.readMeta();
        assertThat(backMeta.reverse()).isNull();
        assertThat(backMeta.sessionId()).isEqualTo(s.reverse().sessionId());
        assertThat(backMeta.end().reason()).isEqualTo(RunMeta.COMPLETE);
        assertThat(Math.floorMod(backMeta.config().baseTimeNs() - meta.config().baseTimeNs(), PERIOD_NS))
                .as("half a period apart").isEqualTo(PERIOD_NS / 2);
        for (String file : List.of(RunDirectory.TX_RECORDS, RunDirectory.RX_RECORDS, RunDirectory.REFLECTION_RECORDS)) {
            try (RecordFileReader r = RecordFileReader.open(back.file(file))) {
                assertThat(String.format("%016x", r.header().sessionId())).as(file).isEqualTo(backMeta.sessionId());
                assertThat(r.wholeRecords()).as(file).isEqualTo(backMeta.end().records().get(file));
            }
        }
        try (RecordFileReader r = RecordFileReader.open(back.file(RunDirectory.RX_RECORDS))) {
            assertThat(r.header().kind()).isEqualTo(RecordKind.RX);
            assertThat(r.wholeRecords()).isEqualTo(2500);
        }
        assertThat(back.file("sync.jsonl")).isNotEmptyFile();
        assertThat(back.file(RunDirectory.INTERVALS)).isNotEmptyFile();

        String text = Files.readString(dir.file(RunDirectory.REPORT_TXT));
        assertThat(text).isEqualTo(result.text()).startsWith("Total: 2000 packets\n")
                .contains(SummaryText.REVERSE_HEADER + "\n  Total: 2000 packets\n")
                .containsPattern("(?m)^    latency +p50 ");
        JsonNode json = RunDirectory.json().readTree(dir.file(RunDirectory.REPORT_JSON).toFile());
        assertThat(json.at("/reverse/packets/received").asLong()).isEqualTo(2500);
        assertThat(json.at("/reverse/metrics/latency/percentilesNs/p99").asLong())
                .isEqualTo(s.reverse().metrics().get("latency").percentilesNs().get("p99"));
        assertThat(json.at("/reverse/trust/intervals").asInt()).isEqualTo(s.reverse().trust().intervals());
        assertThat(Files.readString(dir.file(RunDirectory.REPORT_HTML))).contains("reverse direction: one-way latency per ")
                .contains("reverse direction p50 ");

        // tsnlat report DIR: from the directory alone, the same text; a one-way report of reverse/ alone works too
        RunReport.Analysis again = RunReport.analyse(RunDirectory.open(dir.path()), TrustThresholds.defaults());
        assertThat(SummaryText.format(again.summary())).isEqualTo(text);
        Summary alone = RunReport.analyse(back, TrustThresholds.defaults()).summary();
        assertThat(alone.reverse()).isNull();
        assertThat(alone.metrics().get("latency")).isEqualTo(s.reverse().metrics().get("latency"));
    }

    @Test
    void aReverseStreamThatGetsNothingMakesTheRunExit8AndSaysWhichDirection() throws Exception {
        int nobody;
        try (DatagramSocket s = new DatagramSocket(0, LO)) {
            nobody = s.getLocalPort(); // closed again: sends to it are refused
        }
        Measurement forward = loopback(1000, 0, SenderConfig.ALIGNED).jitWarmup(false);
        Measurement reverse = measurement(1000, 0, new InetSocketAddress(LO, 0), new InetSocketAddress(LO, nobody),
                PERIOD_NS / 2);
        Measurement.Result result = forward.reverse(reverse).run();

        Summary s = result.summary();
        assertThat(s.packets().received()).as("the forward stream").isEqualTo(1000);
        assertThat(s.reverse().packets().received()).isZero();
        assertThat(s.reverse().metrics().get("latency").count()).isZero();
        assertThat(s.outcome().exit()).as(result.text()).isEqualTo(Exit.NOTHING_MEASURED.code());
        assertThat(s.outcome().why()).first().asString().startsWith("reverse direction: no probe was received");
        assertThat(result.text()).containsPattern("(?m)^exit 8: reverse direction: no probe was received");
        RunReport.Analysis again = RunReport.analyse(RunDirectory.open(result.dir().path()), TrustThresholds.defaults());
        assertThat(again.summary().outcome()).isEqualTo(s.outcome());
    }

    @Test
    void aReverseStreamThatCannotStartFailsTheRun() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, LO)) {
            var busy = new InetSocketAddress(LO, taken.getLocalPort());
            Measurement forward = loopback(100_000, 0, SenderConfig.ALIGNED).jitWarmup(false);
            Measurement reverse = measurement(100_000, 0, busy, busy, PERIOD_NS / 2);
            Measurement.Result result = forward.reverse(reverse).run();

            assertThat(forward.failures()).anySatisfy(f -> assertThat(f).startsWith("reverse direction: could not start: "));
            Summary s = result.summary();
            assertThat(s.outcome().exit()).as(result.text()).isEqualTo(Exit.FAILED.code());
            assertThat(s.sender().sent()).as("stopped early").isLessThan(100_000);
            assertThat(s.reverse()).isNull();
            assertThat(s.damage()).anySatisfy(d -> assertThat(d).startsWith("reverse direction: "));
            assertThat(result.dir().file(RunDirectory.REVERSE)).doesNotExist();
        }
    }
}
