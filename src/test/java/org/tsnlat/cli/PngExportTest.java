package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** `report --format png` renders the page's charts with headless Chromium, and says what to install without it. */
class PngExportTest {
    @TempDir static Path tmp;
    static Path run;

    @BeforeAll
    static void synthetic() throws Exception {
        run = tmp.resolve("synth");
        SyntheticRun.write(run, 200_000, 7);
    }

    @Test
    @Needs(Need.CHROMIUM)
    void writesAPng() throws Exception {
        Path png = tmp.resolve("report.png");
        Cli c = Cli.run("report", run.toString(), "--format", "png", "-o", png.toString());
        assertThat(c.exitCode()).as(c.err()).isIn(ExitCodes.OK, ExitCodes.UNTRUSTED);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        assertThat(bytes.length).isBetween(30_000, 10_000_000);
        // IHDR: width and height, big-endian, at bytes 16 and 20
        assertThat(java.nio.ByteBuffer.wrap(bytes, 16, 8).getInt()).isEqualTo(ReportCommand.PNG_WIDTH);
    }

    @Test
    void withoutChromiumSaysWhatToInstall() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "report", run.toString(), "--format", "png",
                "-o", tmp.resolve("none.png").toString()))
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PATH", tmp.resolve("no-such-bin").toString()); // a PATH without chromium
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(ExitCodes.USAGE);
        assertThat(out.strip()).hasLineCount(1).contains("apt-get install chromium");
        assertThat(tmp.resolve("none.png")).doesNotExist();
    }

    @Test
    void pngNeedsAnOutputFile() {
        Cli c = Cli.run("report", run.toString(), "--format", "png");
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("-o FILE");
    }
}
