package org.tsnlat.env;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a file of /proc or /sys in one large first read. A /proc/sys file of numbers answers only
 * a read at offset 0: a reader that asks for one byte first, as {@code Files.readString} does for a
 * file whose size reads 0, gets "9" of "950000" and then the end of the file.
 */
public final class ProcFile {
    /** More than any file read this way (/proc/interrupts of a large host is some 100 KiB). */
    private static final int READ_BYTES = 1 << 20;

    private ProcFile() {
    }

    /** The file's text, its last newline included, as one read from offset 0 returns it (and the reads after it). */
    public static String read(Path path) throws IOException {
        try (FileChannel in = FileChannel.open(path)) {
            ByteBuffer b = ByteBuffer.allocate(READ_BYTES);
            while (b.hasRemaining() && in.read(b) > 0) {
                // until the end of the file, or the buffer is full
            }
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }
    }
}
