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
    private final boolean headerCutShort;

    public RecordFormatException(Path file, String problem) {
        this(file, problem, false);
    }

    private RecordFormatException(Path file, String problem, boolean headerCutShort) {
        super(file + ": " + problem);
        this.file = file;
        this.headerCutShort = headerCutShort;
    }

    /**
     * A file shorter than its header whose bytes, as far as they go, are a record file's: what a
     * writer killed between creating the file and writing its header leaves.
     */
    static RecordFormatException headerCutShort(Path file, long available, int headerBytes) {
        return new RecordFormatException(file, "header truncated (" + available + " of " + headerBytes + " bytes)",
                true);
    }

    /** As above, with the exception behind the problem. */
    public RecordFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.headerCutShort = false;
    }

    /** Whether the file ends inside its header, the bytes before its end a record file's (see {@link #headerCutShort}). */
    public boolean isHeaderCutShort() {
        return headerCutShort;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
