package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync log: written line by line, read back, old samples kept readable, a cut last line tolerated. */
class SyncLogTest {
    @TempDir Path dir;

    @Test
    void goldenVersion1IsReadFieldByField() throws Exception {
        Path golden = Path.of(getClass().getResource("/golden/sync-v1.jsonl").toURI());
        SyncLog.Contents c = SyncLog.read(golden);
        assertThat(c.ptp()).hasSize(3);
        assertThat(c.ptp().get(0)).isEqualTo(new PtpSample("rx", 1795676245372399970L, true, null, "SLAVE", true,
                "82f0f2.fffe.7d5e0c", -674, 1523.5, 1));
        assertThat(c.ptp().get(2).ok()).isFalse();
        assertThat(c.ptp().get(2).error()).startsWith("no answer from ptp4l");
        assertThat(c.twoWay()).containsExactly(new TwoWayEstimate(1795676246400000000L, 100, -1200, 18400));
        assertThat(c.cutLastLine()).isFalse();
    }

    @Test
    void whatIsWrittenIsReadBack() throws Exception {
        Path f = dir.resolve(SyncLog.FILE);
        PtpSample a = new PtpSample("tx", 5, true, null, "MASTER", false, "x", 0, 0, 0);
        PtpSample b = PtpSample.failed("rx", 6, "gone");
        TwoWayEstimate e = new TwoWayEstimate(7, 3, -4, 9);
        try (SyncLog log = SyncLog.create(f, "CLOCK_REALTIME")) {
            log.append(a);
            log.append(e);
            log.append(b);
        }
        SyncLog.Contents c = SyncLog.read(f);
        assertThat(c.ptp()).containsExactly(a, b);
        assertThat(c.twoWay()).containsExactly(e);
    }

    @Test
    void aCutLastLineIsSkippedAndReported() throws Exception {
        Path f = dir.resolve(SyncLog.FILE);
        try (SyncLog log = SyncLog.create(f, "CLOCK_TAI")) {
            log.append(new TwoWayEstimate(1, 1, 1, 1));
        }
        Files.writeString(f, Files.readString(f) + "{\"kind\":\"twoway\",\"timeN", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        SyncLog.Contents c = SyncLog.read(f);
        assertThat(c.cutLastLine()).isTrue();
        assertThat(c.twoWay()).hasSize(1);
    }

    @Test
    void foreignOrNewerFilesAreNamedAsDamageInOneLineAndNotRead() throws Exception {
        Path f = dir.resolve("x.jsonl");
        Files.writeString(f, "{\"format\":\"tsnlat-sync\",\"version\":9}\n{\"kind\":\"twoway\",\"timeNs\":1,\"samples\":1,"
                + "\"offsetNs\":0,\"delayNs\":0}\n");
        SyncLog.Contents newer = SyncLog.read(f);
        assertThat(newer.twoWay()).isEmpty();
        assertThat(newer.damage()).singleElement().asString().contains("version 9 is newer");
        Files.writeString(f, "{\"format\":\"other\"}\n");
        assertThat(SyncLog.read(f).damage()).singleElement().asString().contains("not a tsnlat sync log");
        assertThat(SyncLog.read(dir.resolve("missing.jsonl")).ptp()).isEmpty();
        assertThat(SyncLog.read(dir.resolve("missing.jsonl")).damage()).isEmpty();
    }

    @Test
    void aBrokenLineIsSkippedAndCountedAndTheOthersAreRead() throws Exception {
        Path f = dir.resolve("broken.jsonl");
        String good = "{\"kind\":\"twoway\",\"timeNs\":5,\"samples\":3,\"offsetNs\":-7,\"delayNs\":20,\"addedLater\":true}";
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, '\n'};
        try (var out = Files.newOutputStream(f)) {
            out.write(("{\"format\":\"tsnlat-sync\",\"version\":1,\"clock\":\"CLOCK_TAI\",\"future\":1}\n" + good + "\n"
                    + "not json\n{\"kind\":\"twoway\"}\n{\"kind\":\"ptp\",\"side\":\"rx\",\"timeNs\":\"soon\",\"ok\":true}\n"
                    + "{\"kind\":\"kind-of-a-later-version\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(notUtf8);
            out.write(("{\"kind\":\"twoway\",\"x\":\"" + "a".repeat(100_000) + "\"}\n" + good + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        SyncLog.Contents c = SyncLog.read(f);
        assertThat(c.twoWay()).hasSize(2).allSatisfy(e -> assertThat(e.offsetNs()).isEqualTo(-7));
        assertThat(c.skippedLines()).isEqualTo(5);
        assertThat(c.damage()).singleElement().asString().isEqualTo("broken.jsonl: 5 lines skipped (not a sync record), the first at line 3");
        assertThat(c.cutLastLine()).isFalse();
    }

    @Test
    void aNamedPipeIsNotOpened() throws Exception {
        Path fifo = dir.resolve("fifo.jsonl");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        SyncLog.Contents c = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> SyncLog.read(fifo));
        assertThat(c.damage()).singleElement().asString().contains("not a regular file");
    }
}
