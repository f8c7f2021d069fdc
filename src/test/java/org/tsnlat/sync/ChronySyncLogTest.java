package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chrony} lines of the sync log: the golden sample, written as read, forwarded only when sound. */
class ChronySyncLogTest {
    @TempDir Path dir;

    private static Path golden() throws Exception {
        return Path.of(ChronySyncLogTest.class.getResource("/golden/sync-v1-chrony.jsonl").toURI());
    }

    @Test
    void goldenIsReadFieldByFieldBesideTheOtherKinds() throws Exception {
        SyncLog.Contents c = SyncLog.read(golden());
        assertThat(c.damage()).isEmpty();
        assertThat(c.chrony()).hasSize(4);
        assertThat(c.chrony().get(0)).isEqualTo(ChronySample.of("rx", 1796195130200659467L,
                new ChronyTracking("7F7F0101", "", 10, 1796195093200659467L, 0, 0, 0, 0, 0, 0, 0, 0, 0, "Normal")));
        assertThat(c.chrony().get(1).tracking()).isEqualTo(new ChronyTracking("C0A80101", "192.168.1.1", 3,
                1796195093200659467L, -12_345, -2_100, 4_500, -12.345, 0.002, 0.031, 1_234_567, 456_789, 64.2, "Normal"));
        assertThat(c.chrony().get(2).tracking().leapStatus()).isEqualTo("Not synchronised");
        assertThat(c.chrony().get(3).ok()).isFalse();
        assertThat(c.chrony().get(3).error()).contains("Could not open connection to daemon");
        assertThat(c.twoWay()).hasSize(1);
        assertThat(c.ptp()).isEmpty();
    }

    @Test
    void theWriterWritesTheGoldenLinesByteForByte() throws Exception {
        List<String> lines = Files.readAllLines(golden());
        SyncLog.Contents c = SyncLog.read(golden());
        for (int i = 0; i < c.chrony().size(); i++) {
            assertThat(SyncLog.line(c.chrony().get(i))).isEqualTo(lines.get(i + 1));
        }
    }

    @Test
    void aChronyLineWithoutWhatItCannotBeWithoutIsSkippedAndCounted() throws Exception {
        Path f = dir.resolve(SyncLog.FILE);
        Files.writeString(f, """
                {"format":"tsnlat-sync","version":1,"clock":"CLOCK_TAI"}
                {"kind":"chrony","side":"rx","timeNs":5,"ok":true,"error":null,"tracking":null}
                {"kind":"chrony","side":"up","timeNs":5,"ok":false,"error":"x","tracking":null}
                {"kind":"chrony","side":"rx","timeNs":5,"ok":true,"tracking":{"offsetNs":"12"}}
                {"kind":"chrony","side":"rx","timeNs":6,"ok":false,"error":"gone","tracking":null}
                """);
        SyncLog.Contents c = SyncLog.read(f);
        assertThat(c.skippedLines()).isEqualTo(3);
        assertThat(c.chrony()).containsExactly(ChronySample.failed("rx", 6, "gone"));
    }

    @Test
    void onlySoundSenderSamplesInTimeOrderAreTakenFromTheSenderHost() throws Exception {
        ChronyTracking ok = ChronyTracking.parseCsv(ChronyTrackingTest.golden("tracking-ntp-server-by-hand.csv"));
        try (SyncLog log = SyncLog.create(dir.resolve(SyncLog.FILE), "CLOCK_TAI")) {
            assertThat(log.appendForwarded(SyncLog.line(ChronySample.of("tx", 10, ok)))).isTrue();
            assertThat(log.appendForwarded(SyncLog.line(ChronySample.of("tx", 10, ok)))).as("a replay").isFalse();
            assertThat(log.appendForwarded(SyncLog.line(ChronySample.of("rx", 11, ok)))).as("the receiver's own side").isFalse();
            ChronyTracking badLeap = new ChronyTracking("C0A80101", "", 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "Leaping");
            assertThat(log.appendForwarded(SyncLog.line(ChronySample.of("tx", 12, badLeap)))).isFalse();
            ChronyTracking longName = new ChronyTracking("C0A80101", "x".repeat(65), 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "Normal");
            assertThat(log.appendForwarded(SyncLog.line(ChronySample.of("tx", 13, longName)))).isFalse();
            assertThat(log.appendForwarded(SyncLog.line(ChronySample.failed("tx", 14, "gone")))).isTrue();
        }
        assertThat(SyncLog.read(dir.resolve(SyncLog.FILE)).chrony())
                .containsExactly(ChronySample.of("tx", 10, ok), ChronySample.failed("tx", 14, "gone"));
    }
}
