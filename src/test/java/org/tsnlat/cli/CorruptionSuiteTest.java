package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/**
 * A scripted corruption suite: hundreds of damaged copies of one real run directory (record
 * files cut at every record boundary and inside records, bits flipped in headers and bodies,
 * nulls, wrong types and missing fields in every JSON field of meta.json, broken sync lines,
 * files missing, swapped, replaced by named pipes). On each, report must end within its time
 * with no stack trace, and it may exit 0 (or 6, 7, 8) only with the original's figures: any
 * change to them must come with exit 4.
 */
class CorruptionSuiteTest {
    static final int PROBES = 300;
    static final int HEADER = RunCopies.HEADER_BYTES;
    static final int RX_BYTES = RunCopies.RX_RECORD_BYTES;
    static final int TX_BYTES = RunCopies.TX_RECORD_BYTES;
    @TempDir static Path base;
    static Path original;
    static JsonNode originalFigures;
    @TempDir Path work;

    @BeforeAll
    static void aWholeRun() throws Exception {
        Cli c = Cli.run("run", "-n", Integer.toString(PROBES), "-i", "2ms", "--warmup", "0", "--runs-dir",
                base.toString(), "--no-live");
        assertThat(c.exitCode()).as(c.out() + c.err()).isZero();
        original = c.runDirectory();
        originalFigures = figures(Cli.run("report", original.toString(), "--format", "json").out());
    }

    /** What must not change without exit 4: every figure and count of report.json. */
    static JsonNode figures(String reportJson) throws IOException {
        JsonNode j = RunDirectory.json().readTree(reportJson);
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        for (String k : List.of("packets", "negatives", "metrics", "warmup", "warmupPackets", "sender", "trust", "startNs")) {
            f.set(k, j.get(k));
        }
        return f;
    }

    /** The figures without what only the sender's announced total gives. */
    static JsonNode withoutTotal(JsonNode figures) {
        ObjectNode f = figures.deepCopy();
        ((ObjectNode) f.get("packets")).remove(List.of("expected", "lost", "totalAnnounced"));
        return f;
    }

    /** One damaged copy: how it was made, and the change that made it. */
    private record Variant(String name, Damage damage) {}

    @FunctionalInterface
    private interface Damage {
        void apply(Path dir) throws Exception;
    }

    @Test
    void nothingDamagedEverPassesForWhole() throws Exception {
        List<Variant> variants = variants(new Random(4242));
        assertThat(variants.size()).isGreaterThanOrEqualTo(500);
        Map<Integer, Integer> byExit = new java.util.TreeMap<>();
        for (Variant v : variants) {
            Path dir = copy(work.resolve("v"));
            v.damage().apply(dir);
            Cli r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run("report", dir.toString(), "--format", "json"),
                    v.name());
            byExit.merge(r.exitCode(), 1, Integer::sum);
            assertThat(r.err() + r.out()).as(v.name()).doesNotContain("\tat ").doesNotContain("Exception")
                    .doesNotContain("internal error").doesNotContain("OutOfMemory");
            assertThat(r.exitCode()).as(v.name() + ": " + r.err()).isIn(0, 4, 6, 7, 8);
            if (r.exitCode() != ExitCodes.RUN_DIRECTORY) {
                JsonNode got = figures(r.out());
                JsonNode want = originalFigures;
                if (r.exitCode() == ExitCodes.END_NOT_SEEN) { // an end unknown (as after a kill): so is the sender's total
                    got = withoutTotal(got);
                    want = withoutTotal(want);
                }
                boolean same = got.equals(want);
                assertThat(same).as(v.name() + ": exit " + r.exitCode() + " with other figures than the run's").isTrue();
            } else {
                assertThat(r.err()).as(v.name()).isNotBlank();
            }
            deleteAll(dir);
        }
        System.out.println("corruption suite: " + variants.size() + " variants, by exit code " + byExit);
    }

    private static List<Variant> variants(Random random) throws IOException {
        List<Variant> v = new ArrayList<>();
        for (String file : List.of("rx.records", "tx.records")) {
            int size = file.startsWith("rx") ? RX_BYTES : TX_BYTES;
            for (int k = 0; k <= PROBES; k += 3) { // at record boundaries (every third)
                long at = HEADER + (long) k * size;
                v.add(new Variant(file + " cut at record " + k, d -> truncate(d.resolve(file), at)));
            }
            for (int i = 0; i < 25; i++) { // inside records and inside the header
                long at = random.nextInt(HEADER + PROBES * size);
                v.add(new Variant(file + " cut at byte " + at, d -> truncate(d.resolve(file), at)));
            }
            for (int i = 0; i < 40; i++) {
                int bit = random.nextInt(HEADER * 8);
                v.add(new Variant(file + " header bit " + bit, d -> flip(d.resolve(file), bit)));
            }
            for (int i = 0; i < 40; i++) {
                long bit = HEADER * 8L + random.nextInt(PROBES * size * 8);
                v.add(new Variant(file + " body bit " + bit, d -> flip(d.resolve(file), bit)));
            }
        }
        JsonNode meta = RunDirectory.json().readTree(original.resolve("meta.json").toFile());
        List<String> paths = new ArrayList<>();
        leaves(meta, "", paths);
        for (String path : paths) {
            JsonNode was = meta.at(path);
            for (String kind : List.of("null", "string", "number", "array", "object", "missing")) {
                boolean sameType = kind.equals("string") && was.isTextual() || kind.equals("number") && was.isNumber()
                        || kind.equals("array") && was.isArray() || kind.equals("object") && was.isObject()
                        || kind.equals("null") && was.isNull();
                if (!sameType) { // another value of the same type is a plausible one, not damage: out of scope
                    v.add(new Variant("meta.json " + path + " -> " + kind, d -> editMeta(d, path, kind)));
                }
            }
        }
        List<String> sync = Files.readAllLines(original.resolve("sync.jsonl"));
        for (int i = 0; i < 20; i++) {
            int line = random.nextInt(sync.size());
            int cut = random.nextInt(Math.max(1, sync.get(line).length()));
            v.add(new Variant("sync.jsonl line " + (line + 1) + " cut at " + cut, d -> {
                List<String> s = new ArrayList<>(sync);
                s.set(line, s.get(line).substring(0, cut));
                Files.write(d.resolve("sync.jsonl"), s);
            }));
        }
        for (String f : List.of("meta.json", "rx.records", "tx.records", "sync.jsonl")) {
            v.add(new Variant(f + " missing", d -> Files.delete(d.resolve(f))));
            v.add(new Variant(f + " a named pipe", d -> {
                Files.delete(d.resolve(f));
                assertThat(new ProcessBuilder("mkfifo", d.resolve(f).toString()).start().waitFor()).isZero();
            }));
            v.add(new Variant(f + " empty", d -> Files.write(d.resolve(f), new byte[0])));
        }
        String[][] swaps = {{"rx.records", "tx.records"}, {"meta.json", "sync.jsonl"}, {"rx.records", "sync.jsonl"},
                {"tx.records", "meta.json"}};
        for (String[] s : swaps) {
            v.add(new Variant(s[0] + " swapped with " + s[1], d -> {
                Path t = d.resolve("swap.tmp");
                Files.move(d.resolve(s[0]), t);
                Files.move(d.resolve(s[1]), d.resolve(s[0]));
                Files.move(t, d.resolve(s[1]));
            }));
        }
        return v;
    }

    /** Every field of a JSON tree, as a /-separated path (objects and values both). */
    private static void leaves(JsonNode n, String path, List<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                String p = path + "/" + e.getKey();
                out.add(p);
                if (!p.startsWith("/env") && !p.startsWith("/envSender")) leaves(e.getValue(), p, out);
            }
        }
    }

    private static void editMeta(Path dir, String path, String kind) throws IOException {
        ObjectNode root = (ObjectNode) RunDirectory.json().readTree(dir.resolve("meta.json").toFile());
        int cut = path.lastIndexOf('/');
        JsonNode parent = cut == 0 ? root : root.at(path.substring(0, cut));
        String field = path.substring(cut + 1);
        ObjectNode p = (ObjectNode) parent;
        switch (kind) {
            case "null" -> p.putNull(field);
            case "string" -> p.put(field, "x");
            case "number" -> p.put(field, 7);
            case "array" -> p.putArray(field).add(1);
            case "object" -> p.putObject(field).put("x", 1);
            default -> p.remove(field);
        }
        Files.writeString(dir.resolve("meta.json"), root.toString());
    }

    private static void truncate(Path f, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(at);
        }
    }

    private static void flip(Path f, long bit) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            var b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, bit / 8);
            b.put(0, (byte) (b.get(0) ^ (1 << (bit % 8)))).position(0);
            ch.write(b, bit / 8);
        }
    }

    private static Path copy(Path to) throws IOException {
        return RunCopies.copy(original, to);
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
