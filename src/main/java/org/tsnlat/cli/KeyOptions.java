package org.tsnlat.cli;

import java.nio.file.Path;
import org.tsnlat.wire.ProbeKey;
import picocli.CommandLine.Option;

/** Authenticated mode: the shared key's file; shared by send, recv and run. */
final class KeyOptions {
    @Option(names = "--key-file", paramLabel = "PATH",
            description = {"Authenticated mode: sign and check every probe, END, reflection and sync datagram with "
                    + "HMAC-SHA-256 (truncated to 16 bytes, as STAMP) under the key in this file, hexadecimal, 16-64 "
                    + "bytes, the file its owner's alone (make one: umask 077; openssl rand -hex 32 > tsnlat.key). "
                    + "Both ends need the same file. What fails is counted as unauthenticated and never measured; a "
                    + "copy of a probe already received as replayed (docs/threat-model.md)."})
    Path keyFile;

    /** The key, or null without --key-file. */
    ProbeKey key() {
        return keyFile == null ? null : ProbeKey.read(keyFile);
    }
}
