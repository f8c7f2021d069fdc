package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path temp;

    @Test
    void showJsonIsASnapshotThatDiffsEmptyAgainstItself() throws Exception {
        Cli show = Cli.run("env", "show", "--json", "--interface", "lo");
        assertThat(show.exitCode()).as(show.err()).isZero();
        JsonNode tree = JSON.readTree(show.out());
        assertThat(tree.path("format").asText()).isEqualTo("tsnlat-env");
        assertThat(tree.at("/net/lo/qdisc/root").asText()).isEqualTo("noqueue");
        Path file = Files.writeString(temp.resolve("a.json"), show.out());

        Cli diff = Cli.run("env", "diff", file.toString(), file.toString());
        assertThat(diff.exitCode()).isZero();
        assertThat(diff.out()).isEqualTo("no differences\n");
    }

    @Test
    void showTextIsGroupedByConcernAndRawListsEveryField() {
        Cli show = Cli.run("env", "show", "--interface", "lo");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("\nkernel\n  ").contains("\ninterfaces\n  lo: ").contains("\n    qdisc: root noqueue\n");
        Cli raw = Cli.run("env", "show", "--raw", "--interface", "lo");
        assertThat(raw.exitCode()).as(raw.err()).isZero();
        assertThat(raw.out()).contains("\nkernel\n  ").contains("\nnet\n  lo ").contains("\n  lo qdisc root noqueue\n");
    }

    @Test
    void diffOfRunDirectoryReadsTheEnvFieldOfMetaJson() throws Exception {
        JsonNode golden = JSON.readTree(getClass().getResourceAsStream("/golden/env-v1.json"));
        Path runA = Files.createDirectory(temp.resolve("runA"));
        ObjectNode meta = JSON.createObjectNode().put("format", "tsnlat-run").put("version", 1);
        meta.set("env", golden);
        Files.writeString(runA.resolve("meta.json"), meta.toString());
        ObjectNode changed = golden.deepCopy();
        ((ObjectNode) changed.at("/threads/tsnlat-rx")).put("affinity", "0");
        Path b = Files.writeString(temp.resolve("b.json"), changed.toString());

        Cli diff = Cli.run("env", "diff", runA.toString(), b.toString());
        assertThat(diff.exitCode()).as(diff.err()).isZero();
        assertThat(diff.out()).isEqualTo("threads\n  tsnlat-rx affinity 1 -> 0\n");
    }

    @Test
    void unreadableInputIsOneLineAndExitCode4() throws Exception {
        Path garbage = Files.writeString(temp.resolve("garbage.json"), "not json");
        Path noEnv = Files.createDirectory(temp.resolve("old-run"));
        Files.writeString(noEnv.resolve("meta.json"), "{\"format\":\"tsnlat-run\",\"version\":1}");
        Path newer = Files.writeString(temp.resolve("v9.json"), "{\"format\":\"tsnlat-env\",\"version\":9}");
        for (Path bad : new Path[] {garbage, noEnv, newer, temp.resolve("missing")}) {
            Cli diff = Cli.run("env", "diff", bad.toString(), bad.toString());
            assertThat(diff.exitCode()).as(diff.err()).isEqualTo(ExitCodes.RUN_DIRECTORY);
            assertThat(diff.err().strip()).doesNotContain("\n").startsWith("tsnlat env diff: ");
        }
    }
}
