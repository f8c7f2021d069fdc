package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * A run whose records fill the disk (a 2 MiB tmpfs) stops cleanly: the cause is said first, the
 * summary still reaches standard output, every whole record is kept, meta.json says how it
 * ended, no temporary file is left, and report says the disk filled.
 */
@Needs(Need.ROOT)
class DiskFullTest {
    @TempDir Path tmp;
    Path mount;

    @BeforeEach
    void smallDisk() throws Exception {
        mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tsnlat-test", mount.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", mount.toString()).start().waitFor();
    }

    @Test
    void aRunThatFillsTheDiskStopsCleanlyAndSaysSo() throws Exception {
        long started = System.nanoTime();
        Cli r = Cli.run("run", "-d", "60s", "--warmup", "0", "--runs-dir", mount.resolve("runs").toString(), "--no-live");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.RUN_DIRECTORY);
        assertThat(tookMs).as("stops when the disk fills, not after 60 s").isLessThan(40_000);
        List<String> err = r.err().lines().filter(l -> !l.contains("warming up") && !l.contains("measuring")).toList();
        assertThat(err.getFirst()).as("the cause first").contains("the disk filled: recording stopped (No space left on device)");
        assertThat(r.out()).contains("Total: ").contains("run: failed: the disk filled").contains("exit 4: the disk filled")
                .doesNotContain("the disk filled: the disk filled").doesNotContainPattern("[1-9][0-9]* lost");

        Path dir = r.runDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no temporary file left").noneMatch(n -> n.endsWith(".tmp") || n.startsWith("."));
        }
        var meta = RunDirectory.json().readTree(dir.resolve("meta.json").toFile());
        assertThat(meta.at("/end/reason").asText()).isEqualTo("failed");
        assertThat(meta.at("/end/diskFull").asBoolean()).isTrue();
        long written = meta.at("/end/records/rx.records").asLong();
        try (RecordFileReader rx = RecordFileReader.open(dir.resolve("rx.records"))) {
            assertThat(rx.wholeRecords()).as("every whole record kept").isGreaterThanOrEqualTo(written).isGreaterThan(1000);
        }
        assertThat(dir.resolve("report.txt")).exists();

        Cli again = Cli.run("report", dir.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.RUN_DIRECTORY);
        assertThat(again.out()).contains("run: failed: the disk filled");
    }
}
