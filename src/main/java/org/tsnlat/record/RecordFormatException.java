package org.tsnlat.record;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file cannot be read as a record file: it is not one this code reads, its header is damaged,
 * it is not a regular file, or it cannot be opened. The message is one line that names the file
 * and the problem, e.g. {@code run1/rx.records: unsupported record version 7} or
 * {@code run1/rx.records: not a regular file (a named pipe)}.
 */
public final class RecordFormatException extends IOException {
    private final transient Path file;

    public RecordFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** As above, with the exception behind the problem. */
    public RecordFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
