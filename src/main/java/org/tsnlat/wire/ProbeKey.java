package org.tsnlat.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.Set;

/**
 * The shared key of authenticated mode (docs/wire-format.md, "Authenticated mode"): read from a
 * file that only its owner may read, as hexadecimal text (whitespace ignored), 16 to 64 bytes.
 * Never taken from the command line, where other users see it in the process list. Each thread
 * that signs or checks datagrams makes its own {@link Hmac} from it.
 */
public final class ProbeKey {
    /** Fewer bytes than this is no key (128 bits). */
    public static final int MIN_BYTES = 16;
    /** More than this is a mistake (an HMAC-SHA-256 key longer than its 64-byte block is hashed first). */
    public static final int MAX_BYTES = 64;
    /** The key file may be at most this long. */
    private static final long MAX_FILE_BYTES = 4096;

    private final byte[] key;

    private ProbeKey(byte[] key) {
        this.key = key;
    }

    /** A key of these bytes (tests, and {@link #read}). */
    public static ProbeKey of(byte[] key) {
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("a key of " + key.length + " bytes: it must have " + MIN_BYTES + " to "
                    + MAX_BYTES);
        }
        return new ProbeKey(key.clone());
    }

    /**
     * Reads a key file: a regular file, readable and writable by its owner alone (mode 600 or
     * 400), holding the key as hexadecimal digits, e.g. made by {@code umask 077; openssl rand
     * -hex 32 > tsnlat.key}.
     *
     * @throws KeyFileException naming the file and what is wrong with it
     */
    public static ProbeKey read(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new KeyFileException(file + ": " + (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                        ? "not a regular file (a symbolic link, a directory, a pipe?)" : "no such file"));
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : mode) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new KeyFileException(file + ": others may read or change it (" + modeText(mode)
                            + "); a key file must be its owner's alone: chmod 600 " + file);
                }
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new KeyFileException(file + ": " + Files.size(file) + " bytes, not a key file (at most "
                        + MAX_FILE_BYTES + ")");
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).replaceAll("\\s", "");
            byte[] key;
            try {
                key = HexFormat.of().parseHex(text);
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(file + ": not hexadecimal digits (make one with: umask 077; openssl rand "
                        + "-hex 32 > " + file + ")");
            }
            if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
                throw new KeyFileException(file + ": a key of " + key.length + " bytes; it must have " + MIN_BYTES
                        + " to " + MAX_BYTES + " (32 recommended: openssl rand -hex 32)");
            }
            return new ProbeKey(key);
        } catch (NoSuchFileException e) {
            throw new KeyFileException(file + ": no such file");
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static String modeText(Set<PosixFilePermission> mode) {
        return java.nio.file.attribute.PosixFilePermissions.toString(mode);
    }

    /**
     * A key derived from this one for another use: HMAC-SHA-256(key, label), 32 bytes. The agent's
     * control key is one (docs/agent.md), so the probe key and the control key differ.
     */
    public byte[] derive(String label) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 not available", e);
        }
    }

    /** A signer and checker of its own, for one thread. */
    public Hmac hmac() {
        return new Hmac(key);
    }

    /** A key file that cannot be used: its message names the file and why; bad input, exit 2. */
    public static final class KeyFileException extends RuntimeException implements org.tsnlat.exit.ExitStatus {
        public KeyFileException(String message) {
            super(message);
        }

        @Override
        public org.tsnlat.exit.Exit exit() {
            return org.tsnlat.exit.Exit.USAGE;
        }
    }
}
