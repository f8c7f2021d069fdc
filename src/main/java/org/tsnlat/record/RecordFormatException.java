package org.tsnlat.record;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file is not a record file this code can read. The message is one line that names the file
 * and the problem, e.g. {@code run1/rx.records: unsupported record version 7}.
 */
public final class RecordFormatException extends IOException {
    private final transient Path file;

    public RecordFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
