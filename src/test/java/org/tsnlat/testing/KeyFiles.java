package org.tsnlat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Key files for authenticated mode and the agents, as a user makes them (hex, umask 077). */
public final class KeyFiles {
    /** A key of 32 bytes, any; tests that need two tell them apart by {@link #OTHER}. */
    public static final String ONE = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    public static final String OTHER = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    private KeyFiles() {}

    /** Writes {@code hex} and a newline to {@code file}, readable by its owner only. */
    public static Path write(Path file, String hex) throws IOException {
        Files.writeString(file, hex + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
