package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/** A collection after the warm-up (which stops the measuring threads) is said in the summary, with its time. */
class GcNoteTest {
    @Test
    void collectionsAfterTheWarmUpAreSaidWithTheirTime(@TempDir Path runs) throws Exception {
        Cli run = Cli.run("run", "-n", "2500", "--warmup", "1s", "--no-live", "--policy", "OTHER",
                "--runs-dir", runs.toString());
        assertThat(run.exitCode()).as(run.err()).isIn(0, 6);
        Path meta = run.runDirectory().resolve("meta.json");
        ObjectNode m = (ObjectNode) RunDirectory.json().readTree(meta.toFile());
        ObjectNode jvm = (ObjectNode) m.path("end").path("jvm");
        assertThat(jvm.has("gcCountAfterWarmup")).as(jvm.toString()).isTrue();

        jvm.put("gcCountAfterWarmup", 2).put("gcMillisAfterWarmup", 7);
        RunDirectory.json().writeValue(meta.toFile(), m);
        Cli two = Cli.run("report", run.runDirectory().toString());
        assertThat(two.out()).contains("note: 2 garbage collections after the warm-up (7 ms in all): the measuring"
                + " threads may have been stopped meanwhile");

        jvm.put("gcCountAfterWarmup", 0).put("gcMillisAfterWarmup", 0);
        RunDirectory.json().writeValue(meta.toFile(), m);
        Cli none = Cli.run("report", run.runDirectory().toString());
        assertThat(none.out()).contains("0 GCs").doesNotContain("garbage collection");
    }
}
