package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real pseudo-terminal (util-linux's script), with no --live option, the live view is on and
 * rewritten in place: a carriage return, cursor up over the two-line block (receiver, sender),
 * each line cleared to its end; the block ends with a newline and the summary starts on a line of
 * its own, never on the live lines' remains.
 */
class LiveViewOnATerminalTest {
    @TempDir Path tmp;

    @Test
    void theBlockIsRewrittenInPlaceAndTheSummaryStartsOnALineOfItsOwn() throws Exception {
        Path out = tmp.resolve("terminal.txt");
        Process script = Terminal.start(out, "run", "-d", "3s", "--warmup", "1s", "--runs-dir",
                tmp.resolve("runs").toString());
        try {
            script.getOutputStream().close();
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            script.destroyForcibly();
        }
        String screen = Files.readString(out);
        // the first block, then the rewrites: up one line (to the receiver's), each line cleared
        assertThat(screen).containsPattern("\r +[0-9]+\\.[0-9] s( warm-up)? rx [^\r\n]*\033\\[K\r\n +[0-9]+\\.[0-9] s( warm-up)? tx [^\r\n]*\033\\[K")
                .containsPattern("\r\033\\[A +[0-9]+\\.[0-9] s rx [0-9]+ received [^\r\n]*\033\\[K\r\n +[0-9]+\\.[0-9] s tx [0-9]+ sent [^\r\n]*\033\\[K");
        // nothing (the readiness line, a warning on standard error) is ever written on a live line's remains
        assertThat(screen).as(screen).doesNotContainPattern("\033\\[K[^\r]");
        int total = screen.indexOf("Total: ");
        assertThat(total).as(screen).isPositive();
        String before = screen.substring(0, total);
        // after the last live line: its clear, the newline, then whole lines only (the summary's first)
        int lastClear = before.lastIndexOf("\033[K");
        String after = before.substring(lastClear + "\033[K".length());
        assertThat(after).as(screen).startsWith("\r\n").doesNotContain("\033");
        assertThat(after.replace("\r\n", "\n")).as("no carriage return but a line's end").doesNotContain("\r");
        assertThat(screen.substring(total)).as("no live line after the summary").doesNotContain("\033[K");
    }
}
