package org.tsnlat.rundir;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of {@link RunDirectory#readMeta} (Jackson, then {@link RunMeta#checked()})
 * over any bytes as {@code meta.json} (docs/testing.md, "Fuzzing"): a meta.json is read or refused
 * with a one-line {@link RunDirectoryException} naming the file, never any other exception; what is
 * read is already checked, and written back it reads again as the same. Seeds (a real run's
 * meta.json, a damaged one): {@code RunMetaFuzzTestInputs/readMeta/}.
 */
class RunMetaFuzzTest {
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "30s")
    void readMeta(byte[] content) throws IOException {
        Path file = dir.resolve(RunDirectory.META);
        Files.write(file, content);
        RunDirectory run = RunDirectory.open(dir);
        RunMeta meta;
        try {
            meta = run.readMeta();
        } catch (RunDirectoryException refused) {
            assertThat(refused.getMessage()).startsWith(file.toString()).doesNotContain("\n");
            return;
        }
        assertThat(meta.format()).isEqualTo(RunMeta.FORMAT);
        assertThat(meta.checked()).isEqualTo(meta);
        run.writeMeta(meta);
        // as JSON: a JSON null in env or lab may come back as Java null (found by fuzzing, input found-checked-not-equal)
        assertThat(RunDirectory.toJson(run.readMeta())).isEqualTo(RunDirectory.toJson(meta));
    }
}
