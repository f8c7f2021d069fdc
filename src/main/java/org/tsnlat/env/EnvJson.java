package org.tsnlat.env;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads snapshots as JSON. A snapshot is read from a file written by
 * {@code tsnlat env show --json}, or from the {@code env} field of a run directory's meta.json.
 * Null fields are left out; a reader accepts versions up to {@link EnvSnapshot#VERSION}.
 */
public final class EnvJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private EnvJson() {
    }

    /** The mapper snapshots are written with. */
    public static ObjectMapper mapper() {
        return JSON;
    }

    /** The snapshot as indented JSON. */
    public static String write(EnvSnapshot snapshot) {
        try {
            return JSON.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("snapshot not serialisable", e);
        }
    }

    /**
     * Reads a snapshot from {@code path}: a run directory (its meta.json's {@code env}), a
     * meta.json, or a snapshot file.
     *
     * @throws IOException naming the file and what is wrong with it, in one line
     */
    public static EnvSnapshot read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("meta.json") : path;
        if (!Files.exists(file)) {
            throw new IOException(Files.isDirectory(path)
                    ? path + ": not a tsnlat run directory (no meta.json)" : path + ": no such file");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new IOException(file + ": not a JSON object");
        }
        if (!EnvSnapshot.FORMAT.equals(tree.path("format").asText())) {
            JsonNode env = tree.get("env");
            if (env == null || env.isNull()) {
                throw new IOException(file + ": holds no environment snapshot (no 'env' field, format '"
                        + tree.path("format").asText() + "')");
            }
            tree = env;
        }
        return fromTree(tree, file);
    }

    /**
     * The sending host's snapshot of a run whose two ends had different hosts (a lab run's
     * talker namespace): meta.json's {@code envSender}; empty for any other input.
     */
    public static java.util.Optional<EnvSnapshot> readSender(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("meta.json") : path;
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        JsonNode sender;
        try {
            sender = JSON.readTree(file.toFile()).get("envSender");
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (sender == null || sender.isNull()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(fromTree(sender, file));
    }

    /** A snapshot from its JSON tree; {@code where} names the source in messages. */
    static EnvSnapshot fromTree(JsonNode tree, Path where) throws IOException {
        if (!EnvSnapshot.FORMAT.equals(tree.path("format").asText())) {
            throw new IOException(where + ": not a " + EnvSnapshot.FORMAT + " snapshot");
        }
        int version = tree.path("version").asInt(-1);
        if (version < 1 || version > EnvSnapshot.VERSION) {
            throw new IOException(where + ": snapshot version " + version + ", this tsnlat reads up to "
                    + EnvSnapshot.VERSION);
        }
        try {
            return JSON.treeToValue(tree, EnvSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IOException(where + ": bad snapshot (" + e.getOriginalMessage() + ")");
        }
    }
}
