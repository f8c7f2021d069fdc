package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of the sync log (docs/testing.md, "Fuzzing"):
 * <ul>
 *   <li>{@link #appendForwarded}: the line a sender's host forwards is taken or refused, never
 *       throws, and a line taken is read back from {@code sync.jsonl} as one record, nothing skipped;
 *   <li>{@link #read}: any bytes as {@code sync.jsonl} read without an exception, every line after
 *       the header counted once as a record, a skipped line or the cut last line.
 * </ul>
 * Seeds: {@code SyncLogFuzzTestInputs/<method>/} (lines of {@code golden/sync-v1.jsonl}, a real run's log).
 */
public class SyncLogFuzzTest {
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "30s")
    void appendForwarded(byte[] line) throws IOException {
        assertForwardedLine(new String(line, StandardCharsets.UTF_8), dir);
    }

    /**
     * What the receiver does with a forwarded line: take it or refuse it; a line taken is read
     * back as exactly one record of the log, nothing skipped. Also used for the sync datagram's
     * JSON ({@code SyncDatagramFuzzTest}).
     */
    public static boolean assertForwardedLine(String json, Path dir) throws IOException {
        Path file = dir.resolve(SyncLog.FILE);
        Files.deleteIfExists(file);
        boolean taken;
        try (SyncLog log = SyncLog.create(file, "CLOCK_TAI")) {
            taken = log.appendForwarded(json);
            assertThat(log.failure()).isNull();
        }
        SyncLog.Contents back = SyncLog.read(file);
        assertThat(back.skippedLines()).as("skipped lines of %s", json).isZero();
        assertThat(back.cutLastLine()).isFalse();
        assertThat(back.damage()).isEmpty();
        assertThat(back.ptp().size() + back.twoWay().size() + back.chrony().size() + back.phc2sys().size())
                .as("records of %s", json)
                .isEqualTo(taken ? 1 : 0);
        back.ptp().forEach(s -> assertThat(s.side()).isEqualTo("tx"));
        back.chrony().forEach(s -> assertThat(s.side()).isEqualTo("tx"));
        back.phc2sys().forEach(s -> assertThat(s.side()).isEqualTo("tx"));
        return taken;
    }

    @FuzzTest(maxDuration = "30s")
    void read(byte[] content) throws IOException {
        Path file = dir.resolve(SyncLog.FILE);
        Files.write(file, content);
        SyncLog.Contents c = SyncLog.read(file);
        long newlines = 0;
        for (byte b : content) {
            if (b == '\n') newlines++;
        }
        boolean unterminated = content.length > 0 && content[content.length - 1] != '\n';
        if (c.cutLastLine()) {
            assertThat(unterminated).as("a cut last line has no newline").isTrue();
        } else if (unterminated) {
            assertThat(c.damage()).as("an unterminated file read whole").isNotEmpty();
        }
        long recordLines = Math.max(0, newlines - 1); // whole lines after the header
        assertThat(c.ptp().size() + c.twoWay().size() + c.skippedLines()).isLessThanOrEqualTo(recordLines);
        if (c.skippedLines() > 0 || newlines == 0) {
            assertThat(c.damage()).isNotEmpty();
        }
        assertThat(c.ptp()).allSatisfy(s -> assertThat(s.side()).isIn("tx", "rx"));
    }
}
