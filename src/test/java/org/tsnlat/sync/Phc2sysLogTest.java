package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.sync.Phc2sysLine.Kind;

/** Following a phc2sys log as it grows: whole lines only, from the run's start, across truncation and replacement. */
class Phc2sysLogTest {
    @TempDir Path dir;

    private static final String LINE = "phc2sys[4220.339]: CLOCK_REALTIME phc offset        12 s2 freq   -1535 delay   1478\n";

    private static void append(Path f, String text) throws IOException {
        append(f, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void append(Path f, byte[] bytes) throws IOException {
        Files.write(f, bytes, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    }

    private static List<Phc2sysLine> read(Phc2sysLog log) throws IOException {
        List<Phc2sysLine> lines = new ArrayList<>();
        log.readNew(lines::add);
        return lines;
    }

    @Test
    void onlyLinesWrittenAfterTheStartAreRead() throws Exception {
        Path f = dir.resolve("phc2sys.log");
        append(f, Files.readAllBytes(Path.of(getClass().getResource("/golden/phc2sys/m-automatic.log").toURI())));
        try (Phc2sysLog log = Phc2sysLog.follow(f, true)) {
            assertThat(read(log)).isEmpty();
            append(f, LINE);
            assertThat(read(log)).extracting(Phc2sysLine::offsetNs).containsExactly(12L);
            assertThat(read(log)).isEmpty();
        }
    }

    @Test
    void aLineStillBeingWrittenWaitsForItsNewline() throws Exception {
        Path f = dir.resolve("phc2sys.log");
        Files.writeString(f, "");
        try (Phc2sysLog log = Phc2sysLog.follow(f, true)) {
            append(f, LINE.substring(0, 40));
            assertThat(read(log)).isEmpty();
            append(f, LINE.substring(40));
            assertThat(read(log)).extracting(Phc2sysLine::kind).containsExactly(Kind.OFFSET);
        }
    }

    @Test
    void aFileTruncatedInPlaceIsReadAgainFromItsStart() throws Exception {
        Path f = dir.resolve("phc2sys.log");
        Files.writeString(f, LINE + LINE + LINE);
        try (Phc2sysLog log = Phc2sysLog.follow(f, true)) {
            Files.writeString(f, LINE.replace("       12 s2", "      -40 s2")); // copytruncate, then phc2sys writes on
            assertThat(read(log)).extracting(Phc2sysLine::offsetNs).containsExactly(-40L);
        }
    }

    @Test
    void aReplacedFileIsReadToItsEndThenTheNewOneFromItsStart() throws Exception {
        Path f = dir.resolve("phc2sys.log");
        Files.writeString(f, "");
        try (Phc2sysLog log = Phc2sysLog.follow(f, true)) {
            append(f, LINE);
            Files.move(f, dir.resolve("phc2sys.log.1"));
            append(dir.resolve("phc2sys.log.1"), LINE.replace("       12 s2", "       13 s2")); // before phc2sys reopens
            append(f, LINE.replace("       12 s2", "       14 s2"));
            assertThat(read(log)).extracting(Phc2sysLine::offsetNs).containsExactly(12L, 13L, 14L);
        }
    }

    @Test
    void aFileGoneIsAnErrorAfterWhatItHeldIsHandedOver() throws Exception {
        Path f = dir.resolve("phc2sys.log");
        Files.writeString(f, "");
        try (Phc2sysLog log = Phc2sysLog.follow(f, true)) {
            append(f, LINE);
            Files.move(f, dir.resolve("elsewhere"));
            List<Phc2sysLine> got = new ArrayList<>();
            assertThatThrownBy(() -> log.readNew(got::add)).isInstanceOf(NoSuchFileException.class);
            assertThat(got).hasSize(1);
        }
    }

    @Test
    void aLineBeyondTheLimitIsSkippedWithoutBeingKeptAndTheNextIsRead() throws Exception {
        Path f = dir.resolve("phc2sys.log");
        Files.writeString(f, "");
        try (Phc2sysLog log = Phc2sysLog.follow(f, true)) {
            append(f, "x".repeat(3 * Phc2sysLog.MAX_BYTES_A_READ / 2)); // 12 MiB without a newline
            assertThat(read(log)).isEmpty();
            append(f, " phc offset 1 s2 freq +1\n" + LINE);
            assertThat(read(log)).extracting(Phc2sysLine::kind).containsExactly(Kind.SKIPPED, Kind.OFFSET);
        }
    }

    @Test
    void eachHostileLineIsCountedOnceAndTheGoodLinesAroundThemStillRead() throws Exception {
        Path f = dir.resolve("phc2sys.log");
        Files.writeString(f, "");
        byte[] hostile = Files.readAllBytes(Path.of(getClass().getResource("/golden/phc2sys/hostile.log").toURI()));
        try (Phc2sysLog log = Phc2sysLog.follow(f, true)) {
            append(f, LINE);
            append(f, hostile);
            append(f, LINE);
            List<Phc2sysLine> got = read(log);
            assertThat(got).hasSize(23);
            assertThat(got.getFirst().kind()).isEqualTo(Kind.OFFSET);
            assertThat(got.subList(1, 22)).containsOnly(Phc2sysLine.SKIPPED);
            assertThat(got.getLast().kind()).isEqualTo(Kind.OFFSET);
        }
    }

    @Test
    void aRunRefusesALogThatIsMissingADirectoryOrAPipeNamingIt() throws Exception {
        assertThatThrownBy(() -> Phc2sysLog.check(dir.resolve("none.log")))
                .isInstanceOf(Phc2sysLog.Phc2sysLogException.class)
                .hasMessage("phc2sys log " + dir.resolve("none.log") + ": no such file (start phc2sys with -m and its "
                        + "output sent there, or name the syslog file it writes to)");
        assertThatThrownBy(() -> Phc2sysLog.check(dir)).hasMessage("phc2sys log " + dir + ": cannot read it (a directory)");
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> Phc2sysLog.check(fifo)).hasMessageContaining("not a regular file");
        assertThat(new Phc2sysLog.Phc2sysLogException("x").exit().code()).isEqualTo(2);
    }
}
