package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shell completion and man pages come from the same annotations as --help. */
class CompletionAndManPagesTest {
    @TempDir Path out;

    @Test
    void completionScriptKnowsTheSubcommandsAndTheirOptions() {
        Cli c = Cli.run("generate-completion");
        assertThat(c.exitCode()).isZero();
        assertThat(c.out()).contains("complete -F _complete_tsnlat").contains("run").contains("recv")
                .contains("--duration").contains("--runs-dir");
    }

    @Test
    void manPagesAreRoffWrittenForEverySubcommandWithTheirOwnExitCodes() throws Exception {
        Cli c = Cli.run("gen-manpage", "--outdir", out.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        String run = Files.readString(out.resolve("tsnlat-run.1"));
        assertThat(run).startsWith(".TH TSNLAT-RUN 1 ").contains(".SH EXAMPLES").contains("\\fB\\-\\-duration\\fR")
                .contains(".SH EXIT STATUS").contains("network set\\-up failed").doesNotContain("--lab");
        String report = Files.readString(out.resolve("tsnlat-report.1"));
        assertThat(report).contains(".SH EXIT STATUS").doesNotContain(".B 130").doesNotContain(".B 9\n");
        for (String page : new String[] {"tsnlat.1", "tsnlat-send.1", "tsnlat-recv.1", "tsnlat-lab-up.1", "tsnlat-ptp-watch.1"}) {
            assertThat(out.resolve(page)).exists();
        }
        assertThat(out.resolve("tsnlat-synth.1")).doesNotExist(); // hidden
    }

    @Test
    void manFormatsThePagesWithoutAWarning() throws Exception {
        Cli.run("gen-manpage", "--outdir", out.toString());
        Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", out.resolve("tsnlat-run.1").toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isZero();
        assertThat(said).as("groff's warnings").isEmpty();
    }
}
