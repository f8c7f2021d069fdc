package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is not a regular file is refused at once, without being opened (opening a named pipe
 * blocks until a writer comes), and a file that cannot be opened is named with the reason: each
 * in a one-line {@link RecordFormatException} naming the file.
 */
class NonRegularRecordFileTest {
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static void assertRefused(Path file, String problem) {
        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> RecordFileReader.open(file))
                .isInstanceOf(RecordFormatException.class).hasMessage(file + ": " + problem)
                .satisfies(e -> assertThat(((RecordFormatException) e).file()).isEqualTo(file)));
    }

    private Path fifo(String name) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo exit code").isZero();
        return fifo;
    }

    @Test
    void aNamedPipeIsRefusedWithoutBlocking() throws Exception {
        assertRefused(fifo("rx.records"), "not a regular file (a named pipe)");
    }

    @Test
    void aSymbolicLinkIsFollowed() throws Exception {
        Path fifo = fifo("fifo");
        assertRefused(Files.createSymbolicLink(dir.resolve("rx.records"), fifo), "not a regular file (a named pipe)");

        Path real = RecordSamples.write(dir.resolve("real.records"), RecordSamples.RX_HEADER,
                List.of(RecordSamples.record(0)));
        Path link = Files.createSymbolicLink(dir.resolve("tx.records"), real);
        try (RecordFileReader reader = RecordFileReader.open(link)) {
            assertThat(reader.wholeRecords()).isOne();
        }
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        assertRefused(Files.createDirectory(dir.resolve("rx.records")), "not a regular file (a directory)");
    }

    @Test
    void aCharacterDeviceIsRefused() {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull));
        assertRefused(devNull, "not a regular file (a character device)");
    }

    @Test
    void aSocketIsRefused() throws Exception {
        Path socket = dir.resolve("rx.records");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertRefused(socket, "not a regular file (a socket)");
        }
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        assertRefused(dir.resolve("rx.records"), "no such file");
        Path dangling = Files.createSymbolicLink(dir.resolve("tx.records"), dir.resolve("gone"));
        assertRefused(dangling, "no such file (a symbolic link to nothing)");
    }

    @Test
    @Needs(Need.NON_ROOT) // root reads any file
    void aFileThatCannotBeOpenedIsNamedWithTheReason() throws Exception {
        Path file = RecordSamples.write(dir.resolve("rx.records"), RecordSamples.RX_HEADER, List.of());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        assertRefused(file, "cannot open (permission denied)");
    }

    @Test
    @Needs(Need.NON_ROOT) // root searches any directory
    void aFileInADirectoryThatCannotBeSearchedIsNamedWithTheReason() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("run1"));
        Path file = RecordSamples.write(sub.resolve("rx.records"), RecordSamples.RX_HEADER, List.of());
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rw-------"));
        try {
            assertRefused(file, "cannot open (permission denied)");
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** A write-only sysfs attribute: a regular file that even root cannot open for reading. */
    @Test
    void aWriteOnlyKernelFileIsNamedWithTheReason() {
        Path rescan = Path.of("/sys/bus/pci/rescan");
        assumeTrue(Files.isRegularFile(rescan), "no " + rescan);
        assertRefused(rescan, "cannot open (permission denied)");
    }
}
