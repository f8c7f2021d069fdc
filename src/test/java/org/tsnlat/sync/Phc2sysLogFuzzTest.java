package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.text.Untrusted;

/**
 * Coverage-guided fuzzing of the phc2sys log reader (docs/testing.md, "Fuzzing"): any bytes
 * appended to a followed phc2sys log are handed over as exactly one line per newline, never an
 * exception; what a line keeps is what phc2sys can print (a clock name that needs no escaping, a
 * state 0-3, a delay not negative); and the second they make, as the sender forwards it, is taken
 * by the receiver's sync log and read back as the same sample.
 * Seeds: {@code Phc2sysLogFuzzTestInputs/follow/} (the golden phc2sys logs).
 */
public class Phc2sysLogFuzzTest {
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "30s")
    void follow(byte[] appended) throws IOException {
        Path file = dir.resolve("phc2sys.log");
        Files.write(file, new byte[0]);
        List<Phc2sysLine> lines = new ArrayList<>();
        try (Phc2sysLog log = Phc2sysLog.follow(file, true)) {
            Files.write(file, appended, StandardOpenOption.APPEND);
            log.readNew(lines::add);
        }
        long newlines = 0;
        for (byte b : appended) {
            if (b == '\n') newlines++;
        }
        assertThat(lines).hasSize((int) newlines);
        Phc2sysSecond second = new Phc2sysSecond();
        for (Phc2sysLine l : lines) {
            if (l.kind() == Phc2sysLine.Kind.OFFSET || l.kind() == Phc2sysLine.Kind.SUMMARY) {
                assertThat(Untrusted.text(l.clock())).isEqualTo(l.clock());
                assertThat(l.state()).isBetween(l.kind() == Phc2sysLine.Kind.OFFSET ? 0 : -1, 3);
                assertThat(l.delayNs()).isGreaterThanOrEqualTo(-1);
                assertThat(l.offsetNs()).isNotEqualTo(Long.MIN_VALUE);
            }
            second.add(l);
        }
        Phc2sysSample s = second.sample("tx", 1, 0);
        assertThat(s.lines() + s.otherLines() + s.skippedLines()).isEqualTo(newlines);
        assertThat(SyncLogFuzzTest.assertForwardedLine(SyncLog.line(s), dir)).as("taken").isTrue();
        assertThat(SyncLog.read(dir.resolve(SyncLog.FILE)).phc2sys()).containsExactly(s);
    }
}
