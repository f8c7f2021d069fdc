package org.tsnlat.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test resources captured from this machine (src/test/resources/env, golden/). */
final class Fixtures {
    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return EnvJson.mapper().readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample of env/tc-iproute2 read as tsnlat reads tc's output: repaired, then JSON. */
    static JsonNode tc(String sample) {
        try {
            return EnvJson.mapper().readTree(QdiscSchedules.repaired(text("env/tc-iproute2/" + sample)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
