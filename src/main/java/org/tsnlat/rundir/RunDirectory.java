package org.tsnlat.rundir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** A run directory on disk: where each file lives, and reading and writing meta.json. */
public final class RunDirectory {
    public static final String META = "meta.json";
    public static final String TX_RECORDS = "tx.records";
    public static final String RX_RECORDS = "rx.records";
    /** The sender's reflection records: the four two-way times of each reflection answered. */
    public static final String REFLECTION_RECORDS = "reflections.records";
    public static final String REPORT_TXT = "report.txt";
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_HTML = "report.html";
    public static final String INTERVALS = "intervals.jsonl";
    /**
     * With {@code run --bidir}: the sub-directory holding the opposite direction's stream, a run
     * directory of its own (its meta.json, record files, sync log and reports).
     */
    public static final String REVERSE = "reverse";
    /**
     * Written once the measuring loops run (a receiver receives): one JSON object, {@code wallTime}
     * and {@code listening} (host:port, null for a sender alone). Scripts wait for it (or for the
     * {@code listening} line on standard output) before starting a sender.
     */
    public static final String READY = "ready";
    /** Space held while recording, given back at the end (see {@link #reserve}). */
    static final String RESERVE = ".reserve";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    /** A meta.json is a few kilobytes (its environment snapshots included): a larger file is not one. */
    static final long MAX_META_BYTES = 16L << 20;
    private static final ObjectMapper JSON_LINE = new ObjectMapper();
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** Makes a new directory under {@code parent}, named by the start time and role. */
    public static RunDirectory create(Path parent, String role) throws IOException {
        Files.createDirectories(parent);
        String base = LocalDateTime.now().format(NAME) + "-" + role;
        for (int i = 0; ; i++) {
            Path p = parent.resolve(i == 0 ? base : base + "-" + i);
            try {
                return new RunDirectory(Files.createDirectory(p));
            } catch (FileAlreadyExistsException e) {
                if (i > 1000) throw e;
            }
        }
    }

    /**
     * Makes a new run directory under {@code parent} that holds {@code meta} from the moment it
     * exists: it is made under a hidden temporary name and renamed into place, so that a run
     * killed at any moment leaves either nothing or a directory {@code report} recognises.
     *
     * @throws RunDirectoryException naming the directory and the reason (not writable, disk full)
     */
    public static RunDirectory create(Path parent, String role, RunMeta meta) {
        return create(parent, LocalDateTime.now().format(NAME) + "-" + role, false, meta);
    }

    /**
     * Makes the {@value #REVERSE} run directory inside this one, holding {@code meta} from the
     * moment it exists, as {@link #create(Path, String, RunMeta)} makes a run's.
     */
    public RunDirectory createReverse(RunMeta meta) {
        return create(dir, REVERSE, true, meta);
    }

    /** @param exact whether the name is to be taken as it is (else a suffix -1, -2... is added when it is taken) */
    private static RunDirectory create(Path parent, String base, boolean exact, RunMeta meta) {
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            removeAbandoned(parent);
            tmp = Files.createDirectory(parent.resolve(STAGING + ProcessHandle.current().pid() + "-" + System.nanoTime()));
            RunDirectory staged = new RunDirectory(tmp);
            staged.writeMeta(meta);
            for (int i = 0; ; i++) {
                Path p = parent.resolve(i == 0 ? base : base + "-" + i);
                if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    if (exact || i > 1000) throw new FileAlreadyExistsException(p.toString());
                    continue;
                }
                try {
                    Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE);
                    return new RunDirectory(p);
                } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    if (exact || i > 1000) throw e;
                }
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new RunDirectoryException(parent + ": cannot make a run directory there ("
                    + org.tsnlat.exit.Reasons.of(e) + ")");
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Prefix of a run directory being made: {@code .tsnlat-new-PID-NANOS}. */
    private static final String STAGING = ".tsnlat-new-";

    /** Removes what runs killed while making their directory left (their process is gone). */
    private static void removeAbandoned(Path parent) {
        try (var entries = Files.newDirectoryStream(parent, STAGING + "*")) {
            for (Path p : entries) {
                String[] parts = p.getFileName().toString().substring(STAGING.length()).split("-");
                try {
                    long pid = Long.parseLong(parts[0]);
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                } catch (NumberFormatException e) {
                    continue; // not one of ours
                }
                deleteQuietly(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // only housekeeping
        }
    }

    /**
     * Removes this directory and what it holds (a run that failed to set up and measured
     * nothing); quietly, since the failure being reported matters more.
     */
    public void removeUnstarted() {
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // nothing more to do
            }
            return;
        }
        try (var files = Files.list(p)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().equals(REVERSE)) {
                    deleteQuietly(f); // a run's own sub-directory, never followed through a link
                } else {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // a leftover is named by report as a run killed at start
        }
    }

    /** An existing run directory; fails with a one-line reason when it is not one. */
    public static RunDirectory open(Path dir) throws RunDirectoryException {
        if (!Files.isDirectory(dir)) {
            throw new RunDirectoryException(dir + ": no such directory");
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new RunDirectoryException(dir + ": directory not readable (permission denied)");
        }
        Path meta = dir.resolve(META);
        if (!Files.exists(meta, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new RunDirectoryException(dir + ": not a tsnlat run directory (no " + META + ")");
        }
        if (!Files.isReadable(meta)) {
            throw new RunDirectoryException(meta + ": not readable (permission denied)");
        }
        return new RunDirectory(dir);
    }

    /**
     * Holds {@code bytes} of disk in a hidden file, so that when the records fill the disk there
     * is still room for meta.json's end and the reports once {@link #releaseReserve()} gives it
     * back. A disk too full for the reserve fails the run before it starts.
     */
    public void reserve(long bytes) {
        Path f = file(RESERVE);
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(64 * 1024);
            for (long left = bytes; left > 0; left -= zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), left));
                while (zeros.hasRemaining()) ch.write(zeros);
            }
            ch.force(false);
        } catch (IOException e) {
            deleteQuietly(f);
            throw new RunDirectoryException(dir + ": no room for a run (" + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }

    /** Gives the reserved space back; harmless when there is none. */
    public void releaseReserve() {
        deleteQuietly(file(RESERVE));
    }

    /** Writes the {@value #READY} file. */
    public void writeReady(String listening, java.time.Instant wallTime) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("wallTime", wallTime.toString());
        m.put("listening", listening);
        try {
            writeAtomically(READY, JSON_LINE.writeValueAsString(m) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes meta.json atomically (a crash leaves the old or the new one, never half). */
    public void writeMeta(RunMeta meta) {
        writeAtomically(META, toJson(meta));
    }

    /**
     * Reads meta.json: fields this version does not know are ignored (later versions only add
     * fields), and what a report needs is checked ({@link RunMeta#checked()}).
     *
     * @throws RunDirectoryException naming the file, the field and the reason
     */
    public RunMeta readMeta() throws RunDirectoryException {
        Path f = file(META);
        byte[] bytes = readSmallFile(f, MAX_META_BYTES);
        RunMeta m;
        try {
            m = JSON.readValue(bytes, RunMeta.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String where = e.getPath().isEmpty() ? "" : "field " + path(e.getPath()) + ": ";
            throw new RunDirectoryException(f + ": unreadable (" + where + org.tsnlat.text.Untrusted.text(e.getOriginalMessage()
                    .lines().findFirst().orElse("").replaceAll(" at \\[Source.*", "")) + ")"); // it may quote what it found
        } catch (IOException e) {
            throw new RunDirectoryException(f + ": unreadable (" + org.tsnlat.text.Untrusted.text(e.getMessage().lines()
                    .findFirst().orElse("")) + ")");
        }
        if (m == null) {
            throw new RunDirectoryException(f + ": holds no object (null)");
        }
        if (!RunMeta.FORMAT.equals(m.format())) {
            // the format as found, escaped: a newline in it would forge a line of what is printed (found by fuzzing)
            throw new RunDirectoryException(f + ": not a tsnlat meta.json (format "
                    + org.tsnlat.text.Untrusted.text(m.format()) + ")");
        }
        if (m.version() > RunMeta.VERSION) {
            throw new RunDirectoryException(f + ": meta.json version " + m.version()
                    + " is newer than this tsnlat reads (" + RunMeta.VERSION + ")");
        }
        try {
            return m.checked();
        } catch (IllegalArgumentException e) {
            throw new RunDirectoryException(f + ": " + org.tsnlat.text.Untrusted.text(e.getMessage())); // may quote a value found
        }
    }

    /**
     * The bytes of a run file that is a regular file of at most {@code maxBytes}: a named pipe
     * would block the reader forever, a huge file exhaust its memory.
     */
    public static byte[] readSmallFile(Path f, long maxBytes) throws RunDirectoryException {
        if (!Files.isRegularFile(f)) {
            throw new RunDirectoryException(f + ": " + (Files.exists(f) ? "not a regular file" : "missing"));
        }
        try {
            long size = Files.size(f);
            if (size > maxBytes) {
                throw new RunDirectoryException(f + ": " + size + " bytes, too large for what it should hold");
            }
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new RunDirectoryException(f + ": cannot read (" + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }

    private static String path(java.util.List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (var r : refs) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) b.append('.');
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    public static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON object per line, for per-interval tables; the items are taken one at a time. */
    public static Content jsonLines(java.util.List<?> items) {
        return w -> {
            for (Object o : items) {
                w.write(JSON_LINE.writeValueAsString(o));
                w.write('\n');
            }
        };
    }

    /**
     * Writes {@code name} whole or not at all: a temporary file renamed over it. On failure (disk
     * full) the temporary file is removed and the old content, if any, stays.
     *
     * @throws RunDirectoryException naming the file and the reason
     */
    public void writeAtomically(String name, String content) {
        writeAtomically(name, w -> w.write(content));
    }

    /**
     * Moves {@code tmp} over {@code target}: atomically where the file system can (a reader sees the
     * old file or the new, never half of one), else by a plain replace. For every file tsnlat
     * replaces: a run's, the lab's and tune's state files.
     */
    public static void replace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What writes a file's content, a piece at a time. */
    @FunctionalInterface
    public interface Content {
        void writeTo(java.io.Writer w) throws IOException;
    }

    /** As {@link #writeAtomically(String, String)}, the content streamed (a long run's interval table). */
    public void writeAtomically(String name, Content content) {
        Path target = file(name);
        Path tmp = file(name + ".tmp");
        try {
            try (java.io.Writer w = Files.newBufferedWriter(tmp, java.nio.charset.StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
            replace(tmp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the reason below matters more
            }
            throw new RunDirectoryException(target + ": cannot write (" + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }
}
