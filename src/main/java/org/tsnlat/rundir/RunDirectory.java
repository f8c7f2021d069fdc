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
    public static final String REPORT_TXT = "report.txt";
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_HTML = "report.html";
    public static final String INTERVALS = "intervals.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
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

    /** An existing run directory; fails with a one-line reason when it is not one. */
    public static RunDirectory open(Path dir) throws RunDirectoryException {
        if (!Files.isDirectory(dir)) {
            throw new RunDirectoryException(dir + ": no such directory");
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new RunDirectoryException(dir + ": directory not readable (permission denied)");
        }
        Path meta = dir.resolve(META);
        if (!Files.exists(meta)) {
            throw new RunDirectoryException(dir + ": not a tsnlat run directory (no " + META + ")");
        }
        if (!Files.isReadable(meta)) {
            throw new RunDirectoryException(meta + ": not readable (permission denied)");
        }
        return new RunDirectory(dir);
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

    public RunMeta readMeta() throws RunDirectoryException {
        try {
            RunMeta m = JSON.readValue(file(META).toFile(), RunMeta.class);
            if (!RunMeta.FORMAT.equals(m.format())) {
                throw new RunDirectoryException(file(META) + ": not a tsnlat meta.json (format " + m.format() + ")");
            }
            if (m.version() > RunMeta.VERSION) {
                throw new RunDirectoryException(file(META) + ": meta.json version " + m.version()
                        + " is newer than this tsnlat reads (" + RunMeta.VERSION + ")");
            }
            return m;
        } catch (IOException e) {
            throw new RunDirectoryException(file(META) + ": unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    public static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON object per line, for per-interval tables. */
    public static String toJsonLines(java.util.List<?> items) {
        StringBuilder b = new StringBuilder();
        for (Object o : items) {
            try {
                b.append(JSON_LINE.writeValueAsString(o)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.toString();
    }

    public void writeAtomically(String name, String content) {
        Path target = file(name);
        Path tmp = file(name + ".tmp");
        try {
            Files.writeString(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
