package org.tsnlat.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The responses under {@code golden/ptp/}, captured from ptp4l 3.1.1 by {@link PtpGoldenCapture}. */
final class GoldenPtp {
    static final List<String> FILES = List.of("slave-port-data-set", "slave-time-status-np",
            "slave-parent-data-set", "slave-current-data-set", "slave-time-properties-data-set",
            "slave-fault-log-error", "master-port-data-set", "master-time-status-np");

    private GoldenPtp() {
    }

    /** The bytes of {@code golden/ptp/NAME.hex}: hex pairs, '#' starts a comment. */
    static byte[] read(String name) {
        String resource = "/golden/ptp/" + name + ".hex";
        try (InputStream in = GoldenPtp.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int comment = line.indexOf('#');
                hex.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
            }
            byte[] bytes = new byte[hex.length() / 2];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
