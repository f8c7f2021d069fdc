package org.tsnlat.tune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.tsnlat.exit.Reasons;
import org.tsnlat.exit.UsageException;

/**
 * The plan a measurement holds to ({@code run}, {@code send}, {@code recv} with {@code --plan}):
 * read and checked once when the command starts, with the SHA-256 of its bytes so that a run
 * directory names exactly the plan it was judged by.
 *
 * <p>{@link #check()} judges the plan's thread rules against this process's threads named
 * {@value #OWN_THREADS}* (tsnlat-rx, tsnlat-tx) and every other thread of the host, but never
 * another process's tsnlat threads: those belong to another measurement (a second run on this host)
 * and say nothing of this one.
 *
 * @param path   the plan file as given
 * @param sha256 the SHA-256 of its bytes, lower-case hex
 * @param plan   its content
 */
public record RunPlan(Path path, String sha256, HostPlan plan) {
    /** How tsnlat's own threads are named: the measuring loops are tsnlat-rx and tsnlat-tx. */
    public static final String OWN_THREADS = "tsnlat-";

    /** Reads and checks {@code file}; a bad plan is one line with the file, line and key (exit 2). */
    public static RunPlan read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read the plan (" + Reasons.of(e) + ")");
        }
        HostPlan plan = HostPlan.parse(file.toString(), new String(bytes, StandardCharsets.UTF_8));
        return new RunPlan(file, sha256(bytes), plan);
    }

    /** Every item of the plan on this host now, tsnlat's threads of other processes left out. */
    public List<Finding> check() {
        long own = ProcessHandle.current().pid();
        return Tuner.check(plan, t -> t.pid() == own || !t.comm().startsWith(OWN_THREADS));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
