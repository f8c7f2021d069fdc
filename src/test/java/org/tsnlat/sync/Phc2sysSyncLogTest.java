package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phc2sys} lines of the sync log: the golden sample, written as read, forwarded only when sound. */
class Phc2sysSyncLogTest {
    @TempDir Path dir;

    private static Path golden() throws Exception {
        return Path.of(Phc2sysSyncLogTest.class.getResource("/golden/sync-v1-phc2sys.jsonl").toURI());
    }

    private static Phc2sysSample locked(String side, long timeNs) {
        return new Phc2sysSample(side, timeNs, true, null, 1, 0, 0, 0, "CLOCK_REALTIME", "phc", 2, -12L, 12L, -1537L, 1467L,
                0, 0);
    }

    @Test
    void goldenIsReadFieldByFieldBesideTheOtherKinds() throws Exception {
        SyncLog.Contents c = SyncLog.read(golden());
        assertThat(c.damage()).isEmpty();
        assertThat(c.phc2sys()).hasSize(6);
        assertThat(c.phc2sys().get(0)).isEqualTo(locked("rx", 1796195130200659467L));
        assertThat(c.phc2sys().get(2)).isEqualTo(new Phc2sysSample("rx", 1796195131200659467L, true, null, 1, 0, 0, 0,
                "CLOCK_REALTIME", "pps", 1, -480L, 480L, 311L, null, 0, 1));
        assertThat(c.phc2sys().get(3).state()).as("a summary has no state").isNull();
        assertThat(c.phc2sys().get(4).silentNs()).isEqualTo(11_000_124_335L);
        assertThat(c.phc2sys().get(5)).isEqualTo(Phc2sysSample.failed("tx", 1796195144300000000L,
                "phc2sys log /var/log/phc2sys.log: no such file", 2_000_031_877L));
        assertThat(c.twoWay()).hasSize(1);
        assertThat(c.chrony()).isEmpty();
    }

    @Test
    void theWriterWritesTheGoldenLinesByteForByte() throws Exception {
        List<String> lines = Files.readAllLines(golden());
        SyncLog.Contents c = SyncLog.read(golden());
        for (int i = 0; i < c.phc2sys().size(); i++) {
            assertThat(SyncLog.line(c.phc2sys().get(i))).isEqualTo(lines.get(i + 1));
        }
    }

    @Test
    void aPhc2sysLineWithoutWhatTheRuleReadsIsSkippedAndCounted() throws Exception {
        Path f = dir.resolve(SyncLog.FILE);
        Files.writeString(f, """
                {"format":"tsnlat-sync","version":1,"clock":"CLOCK_TAI"}
                {"kind":"phc2sys","side":"rx","timeNs":5,"ok":true,"error":null}
                {"kind":"phc2sys","side":"up","timeNs":5,"ok":false,"error":"x"}
                {"kind":"phc2sys","side":"rx","timeNs":5,"ok":true,"lines":1,"silentNs":0,"unlockedLines":0,"stepLines":"1","maxAbsOffsetNs":3}
                {"kind":"phc2sys","side":"rx","timeNs":5,"ok":true,"lines":1,"silentNs":0,"unlockedLines":0,"stepLines":0,"maxAbsOffsetNs":"3"}
                {"kind":"phc2sys","side":"rx","timeNs":6,"ok":false,"error":"gone","silentNs":7}
                """);
        SyncLog.Contents c = SyncLog.read(f);
        assertThat(c.skippedLines()).isEqualTo(4);
        assertThat(c.phc2sys()).containsExactly(Phc2sysSample.failed("rx", 6, "gone", 7));
    }

    @Test
    void onlySoundSenderSamplesInTimeOrderAreTakenFromTheSenderHost() throws Exception {
        try (SyncLog log = SyncLog.create(dir.resolve(SyncLog.FILE), "CLOCK_TAI")) {
            assertThat(log.appendForwarded(SyncLog.line(locked("tx", 10)))).isTrue();
            assertThat(log.appendForwarded(SyncLog.line(locked("tx", 10)))).as("a replay").isFalse();
            assertThat(log.appendForwarded(SyncLog.line(locked("rx", 11)))).as("the receiver's own side").isFalse();
            Phc2sysSample badState = new Phc2sysSample("tx", 12, true, null, 1, 0, 0, 0, "eth0", "phc", 7, 1L, 1L, 0L, null, 0, 0);
            assertThat(log.appendForwarded(SyncLog.line(badState))).isFalse();
            Phc2sysSample escape = new Phc2sysSample("tx", 13, true, null, 1, 0, 0, 0, "eth0\u001b[2J", "phc", 2, 1L, 1L, 0L,
                    null, 0, 0);
            assertThat(log.appendForwarded(SyncLog.line(escape))).as("a clock name the reader never keeps").isFalse();
            Phc2sysSample negative = new Phc2sysSample("tx", 14, true, null, -1, 0, 0, 0, null, null, null, null, null, null,
                    null, 0, 0);
            assertThat(log.appendForwarded(SyncLog.line(negative))).isFalse();
            assertThat(log.appendForwarded(SyncLog.line(Phc2sysSample.failed("tx", 15, "gone", 0)))).isTrue();
        }
        assertThat(SyncLog.read(dir.resolve(SyncLog.FILE)).phc2sys())
                .containsExactly(locked("tx", 10), Phc2sysSample.failed("tx", 15, "gone", 0));
    }
}
