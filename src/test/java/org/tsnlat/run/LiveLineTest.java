package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.report.TrustThresholds;
import org.tsnlat.report.TxAnalysis;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.TwoWayEstimate;

/** The live view's bytes: rewritten in place for a terminal, one line after the other for a log. */
class LiveLineTest {
    @Test
    void inPlaceABlockIsRewrittenFromItsFirstLineAndEachLineClearedToItsEnd() {
        assertThat(LiveLine.render(LiveLine.Mode.IN_PLACE, 0, new String[] {"rx 1", "tx 1"}))
                .isEqualTo("\rrx 1\033[K\ntx 1\033[K");
        assertThat(LiveLine.render(LiveLine.Mode.IN_PLACE, 2, new String[] {"rx 22", "tx 22"}))
                .isEqualTo("\r\033[Arx 22\033[K\ntx 22\033[K");
        assertThat(LiveLine.render(LiveLine.Mode.IN_PLACE, 1, new String[] {"tx 3"})).isEqualTo("\rtx 3\033[K");
        assertThat(LiveLine.render(LiveLine.Mode.LOG, 2, new String[] {"rx 4", "tx 4"})).isEqualTo("rx 4\ntx 4\n");
    }

    @Test
    void aSendersLineInPlaceEndsWithANewlineWhenClosed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TxAnalysis tx = new TxAnalysis(0, 1_000_000);
        LiveLine live = new LiveLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), LiveLine.Mode.IN_PLACE,
                null, () -> 0, tx, new LiveTrust(TrustThresholds.defaults()));
        live.run();
        assertThat(bytes.size()).as("nothing before it begins").isZero();
        live.begin();
        long[] lateNs = {5_000, 7_000, 2_000_000};
        for (int i = 0; i < lateNs.length; i++) {
            PacketRecord r = new PacketRecord();
            r.seq = i;
            r.scheduledNs = 1_000_000_000L + i * 1_000_000L;
            r.wakeNs = r.scheduledNs + lateNs[i];
            r.appTxNs = r.wakeNs + 1_000;
            tx.accept(r);
            live.run();
        }
        live.close();
        String line = " +[0-9]+\\.[0-9] s tx %d sent  wake cur/min/avg/max %s us \\(max at seq %d\\)  late %d  trust \\?";
        String expected = "\r" + String.format(line, 1, "5\\.000/5\\.000/5\\.000/5\\.000", 0, 0) + "\033\\[K"
                + "\r" + String.format(line, 2, "7\\.000/5\\.000/6\\.000/7\\.000", 1, 0) + "\033\\[K"
                + "(\r" + String.format(line, 3, "2000\\.000/5\\.000/670\\.667/2000\\.000", 2, 1) + "\033\\[K){2}"
                + "\n";
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).matches(Pattern.compile(expected, Pattern.DOTALL));
    }

    @Test
    void withLaunchTimesTheSendersLineEndsWithTheLaunchError() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TxAnalysis tx = new TxAnalysis(0, 1_000_000).launchTime(200_000);
        LiveLine live = new LiveLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), LiveLine.Mode.LOG,
                null, () -> 0, tx, new LiveTrust(TrustThresholds.defaults()));
        live.begin();
        long[] launchNs = {-190_000, 3_000}; // sent before the launch time asked for; then 3 us after it
        for (int i = 0; i < launchNs.length; i++) {
            PacketRecord r = new PacketRecord();
            r.seq = i;
            r.scheduledNs = 1_000_000_000L + i * 1_000_000L;
            r.wakeNs = r.scheduledNs + 5_000;
            r.appTxNs = r.wakeNs + 1_000;
            r.swTxNs = r.scheduledNs + 200_000 + launchNs[i];
            tx.accept(r);
        }
        PacketRecord failed = new PacketRecord(); // a refused send has no launch error
        failed.seq = 2;
        failed.scheduledNs = 1_002_000_000L;
        failed.wakeNs = failed.scheduledNs + 5_000;
        failed.flags = TxAnalysis.FLAG_SEND_FAILED;
        tx.accept(failed);
        live.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).containsPattern(" tx 3 sent  wake cur/min/avg/max "
                + "5\\.000/5\\.000/5\\.000/5\\.000 us \\(max at seq 0\\)  late 0  failed 1  launch cur/min/avg/max "
                + "3\\.000/-190\\.000/-93\\.500/3\\.000 us \\(max at seq 1\\)  trust \\?\n");
    }

    @Test
    void withoutLaunchTimesTheSendersLineHasNoLaunchError() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TxAnalysis tx = new TxAnalysis(0, 1_000_000);
        LiveLine live = new LiveLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), LiveLine.Mode.LOG,
                null, () -> 0, tx, new LiveTrust(TrustThresholds.defaults()));
        live.begin();
        PacketRecord r = new PacketRecord();
        r.scheduledNs = 1_000_000_000L;
        r.wakeNs = r.scheduledNs + 5_000;
        r.swTxNs = r.scheduledNs + 10_000;
        tx.accept(r);
        live.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(" tx 1 sent  wake ").doesNotContain("launch");
    }

    @Test
    void theTrustGuessSaysWhatItKnowsAndWhy() {
        var t = TrustThresholds.defaults(); // two-way 50 us, ptp 10 us
        LiveTrust trust = new LiveTrust(t);
        assertThat(trust.take()).isEqualTo("?");
        trust.twoWay(new TwoWayEstimate(0, 10, 1_000, 20_000));
        assertThat(trust.take()).isEqualTo("trusted");
        trust.twoWay(new TwoWayEstimate(0, 10, -30_000, 20_000));
        assertThat(trust.take()).isEqualTo("suspect (two-way offset -30.000 us)");
        trust.twoWay(new TwoWayEstimate(0, 10, 60_000, 20_000));
        assertThat(trust.take()).isEqualTo("untrusted (two-way offset 60.000 us)");
        trust.twoWay(new TwoWayEstimate(0, 10, 0, 20_000));
        trust.latency(5_000);
        trust.latency(-39);
        assertThat(trust.take()).isEqualTo("untrusted (1 negative latencies)");
        assertThat(trust.take()).as("a fresh interval").isEqualTo("trusted");
        trust.ptp(new PtpSample("rx", 0, true, null, "SLAVE", true, "gm", 12_345, 0, 1));
        // the two-way estimate (0 us, round trip 20 us) bounds the clocks within 10 us: the limit
        assertThat(trust.take()).isEqualTo("suspect (rx ptp4l offset 12.345 us, two-way within 10.000 us)");
        trust.twoWay(new TwoWayEstimate(0, 10, 0, 20_002));
        assertThat(trust.take()).as("a bound 1 ns past the limit disproves nothing")
                .isEqualTo("untrusted (rx ptp4l offset 12.345 us)");
        trust.ptp(PtpSample.failed("rx", 0, "timeout"));
        assertThat(trust.take()).isEqualTo("untrusted (rx ptp4l not answering)");
    }
}
