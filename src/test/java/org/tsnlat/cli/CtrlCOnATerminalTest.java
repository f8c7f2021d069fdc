package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C typed on a terminal: the terminal echoes ^C where the cursor is, and the summary starts
 * on a line of its own after it, not on the ^C line. The terminal is a real pseudo-terminal
 * (util-linux's script), the Ctrl-C a real ETX byte typed into it.
 */
class CtrlCOnATerminalTest {
    @TempDir Path tmp;

    @Test
    void theSummaryStartsOnALineOfItsOwnAfterTheEchoedCtrlC() throws Exception {
        Path out = tmp.resolve("terminal.txt");
        Process script = Terminal.start(out, "run", "-d", "60s", "--warmup", "0", "--no-live", "--runs-dir",
                tmp.resolve("runs").toString());
        try (OutputStream keyboard = script.getOutputStream()) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains("tsnlat run: measuring") && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            keyboard.write(3); // Ctrl-C
            keyboard.flush();
            assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            script.destroyForcibly();
        }
        String screen = Files.readString(out).replace("\r", "");
        assertThat(screen).as(screen).contains("^C").containsPattern("(?m)^Total: [0-9]+ packets$")
                .doesNotContain("^CTotal").contains("run: interrupted");
    }
}
