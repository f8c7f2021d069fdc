package org.tsnlat.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a full file system (ENOSPC, EDQUOT) from other write failures: by the kernel's text that
 * Java passes on, and, since that text may be translated, by the room left where the file is.
 */
final class DiskFull {
    /** Less room than this where a write failed: the file system is full. */
    static final long NO_ROOM_BYTES = 64 * 1024;

    private DiskFull() {}

    static boolean is(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (is(c.getMessage())) return true;
        }
        return false;
    }

    static boolean is(String message) {
        return message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
    }

    /** Whether the file system of {@code file} has (next to) no room left. */
    static boolean noRoomAt(Path file) {
        try {
            return Files.getFileStore(file).getUsableSpace() < NO_ROOM_BYTES;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
