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
 * (a {@link TwoWayEstimate}, once a second when probes are reflected) or {@code "chrony"} (a
 * {@link ChronySample}, once a second per side with a chronyd) or {@code "phc2sys"} (a
 * {@link Phc2sysSample}, once a second per side with a phc2sys log). Lines are written whole
 * and flushed as they come, so after a crash every line but possibly a cut last one is read.
 * Thread-safe: the samplers of both sides and the reflection thread append to one log.
 */
public final class SyncLog implements AutoCloseable {
    public static final String FILE = "sync.jsonl";
    public static final String FORMAT = "tsnlat-sync";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader PTP = JSON.readerFor(PtpSample.class);
    private static final ObjectReader TWO_WAY = JSON.readerFor(TwoWayEstimate.class);
    private static final ObjectReader CHRONY = JSON.readerFor(ChronySample.class);
    private static final ObjectReader PHC2SYS = JSON.readerFor(Phc2sysSample.class);

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

    public void append(ChronySample c) {
        raw(line(c));
    }

    public void append(Phc2sysSample p) {
        raw(line(p));
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

    /** The latest time of a forwarded sample of each kind: the next must be later (no replays). */
    private long lastForwardedPtpNs = Long.MIN_VALUE;
    private long lastForwardedTwoWayNs = Long.MIN_VALUE;
    private long lastForwardedChronyNs = Long.MIN_VALUE;
    private long lastForwardedPhc2sysNs = Long.MIN_VALUE;

    /**
     * Appends a line received from the sender's host: only a {@code ptp}, {@code chrony} or {@code phc2sys} sample
     * of side {@code tx} or a {@code twoway} estimate, with every field present and in range and a time
     * later than the last of its kind, is taken; false for anything else (not written).
     */

    public synchronized boolean appendForwarded(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            String kind = n.path("kind").asText();
            if ("ptp".equals(kind) && "tx".equals(n.path("side").asText()) && isPtp(n)) {
                PtpSample p = PTP.readValue(withoutKind(n));
                if (!inRange(p) || p.timeNs() <= lastForwardedPtpNs) return false; // a replay, or out of order
                lastForwardedPtpNs = p.timeNs();
                append(p);
                return true;
            }
            if ("chrony".equals(kind) && "tx".equals(n.path("side").asText()) && isChrony(n)) {
                ChronySample c = CHRONY.readValue(withoutKind(n));
                if (!inRange(c) || c.timeNs() <= lastForwardedChronyNs) return false; // a replay, or out of order
                lastForwardedChronyNs = c.timeNs();
                append(c);
                return true;
            }
            if ("phc2sys".equals(kind) && "tx".equals(n.path("side").asText()) && isPhc2sys(n)) {
                Phc2sysSample p = PHC2SYS.readValue(withoutKind(n));
                if (!inRange(p) || p.timeNs() <= lastForwardedPhc2sysNs) return false; // a replay, or out of order
                lastForwardedPhc2sysNs = p.timeNs();
                append(p);
                return true;
            }
            if ("twoway".equals(kind) && isTwoWay(n)) {
                TwoWayEstimate e = TWO_WAY.readValue(withoutKind(n));
                if (!inRange(e) || e.timeNs() <= lastForwardedTwoWayNs) return false; // a replay, or out of order
                lastForwardedTwoWayNs = e.timeNs();
                append(e);
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A forwarded ptp sample whose fields a ptp4l could have given: a time after the epoch, a
     * non-negative path delay and step count, text fields of ptp4l's lengths.
     */
    static boolean inRange(PtpSample p) {
        return p.timeNs() > 0 && Double.isFinite(p.meanPathDelayNs()) && p.meanPathDelayNs() >= 0
                && p.stepsRemoved() >= 0 && p.stepsRemoved() <= 255 && shortText(p.portState()) && shortText(p.gmIdentity())
                && (p.error() == null || p.error().length() <= 200);
    }

    /** A forwarded two-way estimate a sender could have made: a time after the epoch, samples, a round trip not negative. */
    static boolean inRange(TwoWayEstimate e) {
        return e.timeNs() > 0 && e.samples() >= 1 && e.delayNs() >= 0;
    }

    /** A forwarded chrony sample chronyc could have given: a time after the epoch, its fields in range, short texts. */
    static boolean inRange(ChronySample c) {
        if (c.timeNs() <= 0 || (c.error() != null && c.error().length() > 200)) return false;
        ChronyTracking t = c.tracking();
        return t == null || (shortText(t.refId()) && shortText(t.refName()) && t.stratum() >= 0 && t.stratum() <= 255
                && t.rmsOffsetNs() >= 0 && t.rootDelayNs() >= 0 && t.rootDispersionNs() >= 0
                && Double.isFinite(t.frequencyPpm()) && Double.isFinite(t.residualFrequencyPpm())
                && Double.isFinite(t.skewPpm()) && Double.isFinite(t.updateIntervalS())
                && ChronyTracking.LEAP_STATUSES.contains(t.leapStatus()));
    }

    /**
     * A forwarded phc2sys sample the sender's reader could have made: a time after the epoch,
     * counts and offsets not negative, a state phc2sys has, a clock name as {@link Phc2sysLine} keeps it.
     */
    static boolean inRange(Phc2sysSample p) {
        return p.timeNs() > 0 && (p.error() == null || p.error().length() <= 200) && p.lines() >= 0
                && p.otherLines() >= 0 && p.skippedLines() >= 0 && p.silentNs() >= 0 && p.unlockedLines() >= 0
                && p.stepLines() >= 0 && (p.clock() == null || Phc2sysLine.isClock(p.clock()))
                && (p.source() == null || List.of("phc", "sys", "pps").contains(p.source()))
                && (p.state() == null || p.state() >= 0 && p.state() <= 3)
                && (p.maxAbsOffsetNs() == null || p.maxAbsOffsetNs() >= 0) && (p.delayNs() == null || p.delayNs() >= 0);
    }

    private static boolean shortText(String s) {
        return s == null || s.length() <= 64;
    }

    /** A sample as the one line it would be in the log, for forwarding to the receiver. */
    public static String line(PtpSample s) {
        return line("ptp", s);
    }

    /** An estimate as the one line it would be in the log. */
    public static String line(TwoWayEstimate e) {
        return line("twoway", e);
    }

    /** A chrony sample as the one line it would be in the log. */
    public static String line(ChronySample c) {
        return line("chrony", c);
    }

    /** A phc2sys sample as the one line it would be in the log. */
    public static String line(Phc2sysSample p) {
        return line("phc2sys", p);
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

    /**
     * What a sync log holds; empty lists when the run had neither ptp4l nor reflections.
     *
     * @param cutLastLine  the last line was cut off (a crash while writing it): crash evidence, not damage
     * @param skippedLines lines that are not records of this format (broken JSON, a field missing or of
     *                     the wrong type, not UTF-8, too long), skipped
     * @param damage       what is wrong with the file, one line each (skipped lines, a bad header, not a
     *                     regular file); empty when it is whole
     */
    public record Contents(List<PtpSample> ptp, List<TwoWayEstimate> twoWay, List<ChronySample> chrony,
                           List<Phc2sysSample> phc2sys, boolean cutLastLine, long skippedLines, List<String> damage) {
        /** A log without phc2sys samples. */
        public Contents(List<PtpSample> ptp, List<TwoWayEstimate> twoWay, List<ChronySample> chrony, boolean cutLastLine,
                        long skippedLines, List<String> damage) {
            this(ptp, twoWay, chrony, List.of(), cutLastLine, skippedLines, damage);
        }

        /** A whole log. */
        public Contents(List<PtpSample> ptp, List<TwoWayEstimate> twoWay, boolean cutLastLine) {
            this(ptp, twoWay, List.of(), cutLastLine, 0, List.of());
        }

        /** A log without chrony samples. */
        public Contents(List<PtpSample> ptp, List<TwoWayEstimate> twoWay, boolean cutLastLine, long skippedLines,
                        List<String> damage) {
            this(ptp, twoWay, List.of(), cutLastLine, skippedLines, damage);
        }

        public static Contents empty() {
            return new Contents(List.of(), List.of(), false, 0, List.of());
        }
    }

    /** A line longer than this is not one this format writes (its lines are a few hundred bytes). */
    static final int MAX_LINE_BYTES = 64 * 1024;

    /**
     * Reads a sync log; a missing file reads as empty. Never fails on what the file holds: a cut
     * last line (crash) is skipped and reported; any other bad line is skipped and counted, and a
     * bad header or a file that is not a regular one leaves the log unread, each named in
     * {@link Contents#damage()}. Unknown fields and kinds (added by later versions) are ignored.
     *
     * @throws IOException only when the file cannot be read at all (permission denied, an I/O error)
     */
    public static Contents read(Path file) throws IOException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            return Contents.empty();
        }
        if (!Files.isRegularFile(file)) {
            return new Contents(List.of(), List.of(), false, 0, List.of(file.getFileName() + ": not a regular file"));
        }
        List<PtpSample> ptp = new ArrayList<>();
        List<TwoWayEstimate> twoWay = new ArrayList<>();
        List<ChronySample> chrony = new ArrayList<>();
        List<Phc2sysSample> phc2sys = new ArrayList<>();
        List<String> damage = new ArrayList<>();
        long skipped = 0;
        long firstSkipped = -1;
        java.util.Map<String, String> names = new java.util.HashMap<>(); // a month of samples repeats a few strings
        boolean cut = false;
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            LineReader lines = new LineReader(in);
            for (long number = 1; ; number++) {
                String line = lines.next();
                if (line == null) {
                    cut = lines.cut();
                    if (number == 1) { // not even a header: the run writes one as it makes the file
                        damage.add(file.getFileName() + ": " + (cut ? "its header line is cut off" : "empty")
                                + "; its clock evidence is left out");
                    }
                    break;
                }
                if (number == 1) {
                    String bad = header(line);
                    if (bad != null) {
                        damage.add(file.getFileName() + ": " + bad + "; its clock evidence is left out");
                        return new Contents(List.of(), List.of(), false, 0, List.copyOf(damage));
                    }
                    continue;
                }
                if (!take(line, ptp, twoWay, chrony, phc2sys, names)) {
                    skipped++;
                    if (firstSkipped < 0) firstSkipped = number;
                }
            }
        }
        if (skipped > 0) {
            damage.add(file.getFileName() + ": " + skipped + " lines skipped (not a sync record), the first at line "
                    + firstSkipped);
        }
        return new Contents(List.copyOf(ptp), List.copyOf(twoWay), List.copyOf(chrony), List.copyOf(phc2sys), cut, skipped,
                List.copyOf(damage));
    }

    /** Why the first line is not this format's header, or null when it is. */
    private static String header(String line) {
        JsonNode n = tree(line);
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            return "not a tsnlat sync log (no header line of format " + FORMAT + ")";
        }
        if (!n.path("version").canConvertToInt() || n.path("version").asInt() < 1) {
            return "sync log header without a version";
        }
        if (n.path("version").asInt() > VERSION) {
            return "sync log version " + n.path("version").asInt() + " is newer than this tsnlat reads (" + VERSION + ")";
        }
        return null;
    }

    /** Takes one record line; false when it is not one (kinds of later versions are taken as read: true). */
    private static boolean take(String line, List<PtpSample> ptp, List<TwoWayEstimate> twoWay, List<ChronySample> chrony,
                                List<Phc2sysSample> phc2sys, java.util.Map<String, String> names) {
        JsonNode n = tree(line);
        if (n == null || !n.isObject()) return false;
        try {
            switch (n.path("kind").asText()) {
                case "ptp" -> {
                    if (!isPtp(n)) return false;
                    PtpSample s = PTP.readValue(withoutKind(n));
                    ptp.add(new PtpSample(intern(names, s.side()), s.timeNs(), s.ok(), intern(names, s.error()),
                            intern(names, s.portState()), s.gmPresent(), intern(names, s.gmIdentity()), s.masterOffsetNs(),
                            s.meanPathDelayNs(), s.stepsRemoved()));
                }
                case "twoway" -> {
                    if (!isTwoWay(n)) return false;
                    twoWay.add(TWO_WAY.readValue(withoutKind(n)));
                }
                case "chrony" -> {
                    if (!isChrony(n)) return false;
                    ChronySample c = CHRONY.readValue(withoutKind(n));
                    ChronyTracking t = c.tracking();
                    chrony.add(new ChronySample(intern(names, c.side()), c.timeNs(), c.ok(), intern(names, c.error()),
                            t == null ? null : new ChronyTracking(intern(names, t.refId()), intern(names, t.refName()),
                                    t.stratum(), t.refTimeNs(), t.offsetNs(), t.lastOffsetNs(), t.rmsOffsetNs(),
                                    t.frequencyPpm(), t.residualFrequencyPpm(), t.skewPpm(), t.rootDelayNs(),
                                    t.rootDispersionNs(), t.updateIntervalS(), intern(names, t.leapStatus()))));
                }
                case "phc2sys" -> {
                    if (!isPhc2sys(n)) return false;
                    Phc2sysSample p = PHC2SYS.readValue(withoutKind(n));
                    phc2sys.add(new Phc2sysSample(intern(names, p.side()), p.timeNs(), p.ok(), intern(names, p.error()),
                            p.lines(), p.otherLines(), p.skippedLines(), p.silentNs(), intern(names, p.clock()),
                            intern(names, p.source()), p.state(), p.offsetNs(), p.maxAbsOffsetNs(), p.freqPpb(), p.delayNs(),
                            p.unlockedLines(), p.stepLines()));
                }
                case "" -> {
                    return false;
                }
                default -> { } // kinds added by later versions of the same format are skipped
            }
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String intern(java.util.Map<String, String> names, String s) {
        if (s == null || names.size() > 10_000) return s;
        return names.computeIfAbsent(s, k -> k);
    }

    /** The fields a ptp4l reading cannot be without, each of its type. */
    static boolean isPtp(JsonNode n) {
        String side = n.path("side").asText();
        return ("tx".equals(side) || "rx".equals(side)) && n.path("timeNs").isIntegralNumber()
                && n.path("timeNs").canConvertToLong() && n.path("ok").isBoolean()
                && (!n.path("ok").asBoolean() || n.path("portState").isTextual())
                && (!n.has("masterOffsetNs") || n.path("masterOffsetNs").canConvertToLong());
    }

    /**
     * The fields a chrony reading cannot be without, each of its type: {@code side} tx or rx, an
     * integer {@code timeNs}, a boolean {@code ok}, and when ok a {@code tracking} object with a
     * textual {@code leapStatus} and an integer {@code offsetNs}.
     */
    static boolean isChrony(JsonNode n) {
        String side = n.path("side").asText();
        JsonNode t = n.path("tracking");
        return ("tx".equals(side) || "rx".equals(side)) && n.path("timeNs").isIntegralNumber()
                && n.path("timeNs").canConvertToLong() && n.path("ok").isBoolean()
                && (!n.path("ok").asBoolean() || (t.isObject() && t.path("leapStatus").isTextual()
                        && t.path("offsetNs").isIntegralNumber() && t.path("offsetNs").canConvertToLong()));
    }

    /**
     * The fields a phc2sys sample cannot be without, each of its type: {@code side} tx or rx, an
     * integer {@code timeNs}, a boolean {@code ok}, and when ok the integers the trust rule reads
     * ({@code lines}, {@code silentNs}, {@code unlockedLines}, {@code stepLines}) and a
     * {@code maxAbsOffsetNs} that is an integer or null.
     */
    static boolean isPhc2sys(JsonNode n) {
        String side = n.path("side").asText();
        if (!("tx".equals(side) || "rx".equals(side)) || !isLong(n.path("timeNs")) || !n.path("ok").isBoolean()) return false;
        if (!n.path("ok").asBoolean()) return true;
        JsonNode max = n.path("maxAbsOffsetNs");
        return isLong(n.path("lines")) && isLong(n.path("silentNs")) && isLong(n.path("unlockedLines"))
                && isLong(n.path("stepLines")) && (max.isNull() || max.isMissingNode() || isLong(max));
    }

    private static boolean isLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong();
    }

    /** The fields a two-way estimate cannot be without, each of its type. */
    static boolean isTwoWay(JsonNode n) {
        return n.path("timeNs").isIntegralNumber() && n.path("timeNs").canConvertToLong()
                && n.path("samples").canConvertToInt() && n.path("samples").isIntegralNumber()
                && n.path("offsetNs").isIntegralNumber() && n.path("offsetNs").canConvertToLong()
                && n.path("delayNs").isIntegralNumber() && n.path("delayNs").canConvertToLong();
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Lines of UTF-8 text, each at most {@link #MAX_LINE_BYTES}: a longer one, or one that is not
     * UTF-8, comes back as "" (which no check takes), so one bad line costs only itself.
     */
    private static final class LineReader {
        private final java.io.InputStream in;
        private final byte[] buf = new byte[MAX_LINE_BYTES];
        private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        private boolean cut;

        LineReader(java.io.InputStream in) {
            this.in = in;
        }

        /** The next whole line (without its newline), or null at the end; a last line without newline is cut. */
        String next() throws IOException {
            int n = 0;
            boolean tooLong = false;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    cut = n > 0 || tooLong;
                    return null;
                }
                if (b == '\n') break;
                if (n < buf.length) buf[n++] = (byte) b;
                else tooLong = true;
            }
            if (tooLong) return "";
            try {
                return utf8.decode(java.nio.ByteBuffer.wrap(buf, 0, n)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                return "";
            }
        }

        boolean cut() {
            return cut;
        }
    }

    /** The line's own tree (read for this line alone), without the field that is not the record's. */
    private static JsonNode withoutKind(JsonNode n) {
        ((ObjectNode) n).remove("kind");
        return n;
    }
}
