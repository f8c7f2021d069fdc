package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/**
 * {@code tsnlat report} of a directory whose meta.json ends "breaktrace" (no root needed: a plain
 * run's end rewritten as a --breaktrace run writes it): accepted, exit 0, its "run:" line and its
 * last line saying where it stopped; without a trace, no hint to {@code tsnlat explain}.
 */
class BreaktraceReportTest {
    @TempDir Path runs;

    @Test
    void aRunStoppedAtBreaktraceReportsWhereItStoppedAndExits0() throws Exception {
        Cli plain = Cli.run("run", "-n", "300", "--warmup", "0", "--runs-dir", runs.toString(), "--no-live");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        Path dir = plain.runDirectory();
        Path metaFile = dir.resolve(RunDirectory.META);
        ObjectNode meta = (ObjectNode) RunDirectory.json().readTree(metaFile.toFile());
        String cause = "--breaktrace: probe 123 late 5312.000 us, beyond its running median 65.000 us by more than 1000.000 us";
        ((ObjectNode) meta.get("end")).put("reason", "breaktrace").put("cause", cause);
        RunDirectory.json().writeValue(metaFile.toFile(), meta);

        Cli report = Cli.run("report", dir.toString());
        assertThat(report.exitCode()).as(report.out() + report.err()).isZero();
        assertThat(report.out()).contains("run: stopped at " + cause + "\n");
        List<String> lines = report.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("--breaktrace stopped the run at probe 123");
        Cli json = Cli.run("report", dir.toString(), "--format", "json");
        assertThat(json.exitCode()).isZero();
        assertThat(RunDirectory.json().readTree(json.out()).path("ended").asText()).isEqualTo("stopped at " + cause);

        ((ObjectNode) meta.get("end")).put("reason", "breaktraced");
        RunDirectory.json().writeValue(metaFile.toFile(), meta);
        Cli refused = Cli.run("report", dir.toString());
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.out() + refused.err()).contains("end.reason").contains("'breaktraced' is not one a run writes");
    }
}
