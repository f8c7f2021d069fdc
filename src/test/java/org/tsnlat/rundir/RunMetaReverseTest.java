package org.tsnlat.rundir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * meta.json's {@code reverse} (run --bidir), added within version 1: the golden sample of a real
 * --bidir run (its environment snapshots left out) names its sub-directory, a run in one
 * direction writes no such field, and any other value, one that would lead a report out of
 * the run directory, is refused naming the field.
 */
class RunMetaReverseTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/meta-v1-bidir.json");

    @TempDir Path dir;

    private RunMeta read(String json) throws Exception {
        Files.writeString(dir.resolve(RunDirectory.META), json);
        return RunDirectory.open(dir).readMeta();
    }

    @Test
    void theGoldenBidirMetaNamesItsReverseDirectory() throws Exception {
        RunMeta meta = read(Files.readString(GOLDEN));
        assertThat(meta.reverse()).isEqualTo(RunDirectory.REVERSE);
        assertThat(meta.end().announcedTotal()).isEqualTo(3000);
    }

    @Test
    void aRunInOneDirectionWritesNoReverseField() throws Exception {
        RunMeta oneWay = read(Files.readString(GOLDEN)).withReverse(null);
        assertThat(RunDirectory.toJson(oneWay)).doesNotContain("\"reverse\"");
        assertThat(read(RunDirectory.toJson(oneWay)).reverse()).isNull();
    }

    @Test
    void aReverseThatLeadsElsewhereIsRefused() throws Exception {
        String elsewhere = Files.readString(GOLDEN).replace("\"reverse\": \"reverse\"", "\"reverse\": \"../other-run\"");
        assertThat(elsewhere).contains("../other-run");
        assertThatThrownBy(() -> read(elsewhere)).isInstanceOf(RunDirectoryException.class)
                .hasMessageContaining("field reverse: '../other-run' is not reverse");
    }
}
