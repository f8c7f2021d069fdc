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
    void manPagesAreWrittenForEverySubcommand() throws Exception {
        Cli c = Cli.run("gen-manpage", "--outdir", out.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(Files.readString(out.resolve("tsnlat-run.adoc"))).contains("--duration").contains("Exit codes").contains("network set-up failed");
        assertThat(out.resolve("tsnlat-send.adoc")).exists();
        assertThat(out.resolve("tsnlat-report.adoc")).exists();
    }
}
