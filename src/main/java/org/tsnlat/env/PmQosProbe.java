package org.tsnlat.env;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The CPU wake-up latency limit in force: /dev/cpu_dma_latency reads as a native-endian s32 in
 * µs (root only; opening it for reading adds no constraint). Whether this process holds the
 * file open, as {@link org.tsnlat.linux.PmQos} does while a run keeps a limit.
 */
final class PmQosProbe {
    static final Path DEVICE = Path.of("/dev/cpu_dma_latency");
    private static final String K = "pmqos.";

    private PmQosProbe() {
    }

    static EnvSnapshot.PmQosState collect(Reads reads) {
        return new EnvSnapshot.PmQosState(value(reads), heldByThisProcess(reads));
    }

    private static Integer value(Reads reads) {
        if (!Files.exists(DEVICE)) {
            reads.unreadable(K + "cpuDmaLatencyUs", "no " + DEVICE);
            return null;
        }
        try (FileChannel ch = FileChannel.open(DEVICE, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
            while (b.hasRemaining() && ch.read(b) > 0) {
                // a read of the device returns the 4 bytes at once
            }
            if (b.hasRemaining()) {
                reads.unreadable(K + "cpuDmaLatencyUs", "short read");
                return null;
            }
            return b.flip().getInt();
        } catch (IOException e) {
            reads.unreadable(K + "cpuDmaLatencyUs", Reads.reason(e));
            return null;
        }
    }

    private static Boolean heldByThisProcess(Reads reads) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).equals(DEVICE)) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
            return false;
        } catch (IOException e) {
            reads.unreadable(K + "heldByThisProcess", Reads.reason(e));
            return null;
        }
    }
}
