package org.tsnlat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies of a real run directory, to damage in tests; the layout facts the damage needs. */
final class RunCopies {
    static final int HEADER_BYTES = 64;
    static final int RX_RECORD_BYTES = 96;
    static final int TX_RECORD_BYTES = 64;

    private RunCopies() {}

    /** Copies every file of {@code run} into {@code to} (made if needed); returns {@code to}. */
    static Path copy(Path run, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }
}
