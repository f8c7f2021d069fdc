package org.tsnlat.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's sync log, {@code sync.jsonl}: what was learnt about the clocks while the probes ran.
 * JSON Lines, format {@value #FORMAT} version {@value #VERSION} (docs/sync-samples.md). The
 * first line is the header; then one object per line, each with a {@code kind}:
 * {@code "ptp"} (a {@link PtpSample}, once a second per side with a ptp4l) or {@code "twoway"}
 * (a {@link TwoWayEstimate}, once a second when probes are reflected). Lines are written whole
 * and flushed as they come, so after a crash every line but possibly a cut last one is read.
 * Thread-safe: the samplers of both sides and the reflection thread append to one log.
 */
public final class SyncLog implements AutoCloseable {
    public static final String FILE = "sync.jsonl";
    public static final String FORMAT = "tsnlat-sync";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader PTP = JSON.readerFor(PtpSample.class);
    private static final ObjectReader TWO_WAY = JSON.readerFor(TwoWayEstimate.class);

    private final BufferedWriter out;
    /** The first write that failed (a full disk), after which nothing more is written; null while all is well. */
    private volatile String failure;

    private SyncLog(BufferedWriter out) {
        this.out = out;
    }

    /** Creates the log with its header; {@code clock} is the run clock the times are on. */
    public static SyncLog create(Path file, String clock) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        SyncLog log = new SyncLog(w);
        ObjectNode header = JSON.createObjectNode();
        header.put("format", FORMAT);
        header.put("version", VERSION);
        header.put("clock", clock);
        log.raw(JSON.writeValueAsString(header));
        if (log.failure != null) {
            w.close();
            throw new IOException(log.failure);
        }
        return log;
    }

    public void append(PtpSample s) {
        raw(line(s));
    }

    public void append(TwoWayEstimate e) {
        raw(line(e));
    }

    /**
     * Writes one line. A failed write (a full disk) is kept, not thrown at the sampler or
     * reflection thread that made the line: the log stops there and the run's end says so.
     */
    private synchronized void raw(String text) {
        if (failure != null) return;
        try {
            out.write(text);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            failure = "cannot write (" + org.tsnlat.exit.Reasons.of(e) + ")";
        }
    }

    /** Why the log stopped being written, or null. */
    public String failure() {
        return failure;
    }

    /**
     * Appends a line received from the sender's host: only a {@code ptp} sample of side
     * {@code tx} or a {@code twoway} estimate is taken; false for anything else (not written).
     */
    public boolean appendForwarded(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            String kind = n.path("kind").asText();
            if ("ptp".equals(kind) && "tx".equals(n.path("side").asText())) {
                append((PtpSample) PTP.readValue(withoutKind(n)));
                return true;
            }
            if ("twoway".equals(kind)) {
                append((TwoWayEstimate) TWO_WAY.readValue(withoutKind(n)));
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** A sample as the one line it would be in the log, for forwarding to the receiver. */
    public static String line(PtpSample s) {
        return line("ptp", s);
    }

    /** An estimate as the one line it would be in the log. */
    public static String line(TwoWayEstimate e) {
        return line("twoway", e);
    }

    /** {@code {"kind": kind, ...the record's fields}} on one line. */
    private static String line(String kind, Object record) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", kind);
        n.setAll((ObjectNode) JSON.valueToTree(record));
        return n.toString();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) throw e;
        }
    }

    /** What a sync log holds; empty lists when the run had neither ptp4l nor reflections. */
    public record Contents(List<PtpSample> ptp, List<TwoWayEstimate> twoWay, boolean cutLastLine) {
        public static Contents empty() {
            return new Contents(List.of(), List.of(), false);
        }
    }

    /**
     * Reads a sync log; a missing file reads as empty. A cut last line (crash) is skipped and
     * reported; any other bad line is an IOException naming the file and line.
     */
    public static Contents read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Contents.empty();
        }
        String raw = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = raw.lines().toList();
        boolean cut = !raw.isEmpty() && !raw.endsWith("\n");
        List<PtpSample> ptp = new ArrayList<>();
        List<TwoWayEstimate> twoWay = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (cut && i == lines.size() - 1) break;
            JsonNode n;
            try {
                n = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                throw new IOException(file + " line " + (i + 1) + ": not JSON");
            }
            if (i == 0) {
                if (!FORMAT.equals(n.path("format").asText())) {
                    throw new IOException(file + ": not a tsnlat sync log (format " + n.path("format").asText() + ")");
                }
                if (n.path("version").asInt() > VERSION) {
                    throw new IOException(file + ": sync log version " + n.path("version").asInt()
                            + " is newer than this tsnlat reads (" + VERSION + ")");
                }
                continue;
            }
            switch (n.path("kind").asText()) {
                case "ptp" -> ptp.add(PTP.readValue(withoutKind(n)));
                case "twoway" -> twoWay.add(TWO_WAY.readValue(withoutKind(n)));
                default -> { } // kinds added by later versions of the same format are skipped
            }
        }
        return new Contents(List.copyOf(ptp), List.copyOf(twoWay), cut);
    }

    /** The line's own tree (read for this line alone), without the field that is not the record's. */
    private static JsonNode withoutKind(JsonNode n) {
        ((ObjectNode) n).remove("kind");
        return n;
    }
}
