package org.tsnlat.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A chronyd of a test's own that can touch no clock: started with {@code -x} (no control of the
 * system clock), {@code -d} (in the foreground, logging to a file here), {@code -u root} (so it
 * may use a directory of root's), NTP port and UDP command port 0 (no network at all), its
 * command socket, pid file and drift file in a temporary directory: a chronyd of the machine's
 * own, if one runs, is neither touched nor asked. {@link #close()} stops it by its pid alone.
 *
 * <p>Needs root, chronyd and chronyc: {@code @Needs({Need.ROOT, Need.CHRONYD, Need.CHRONYC})}.
 */
public final class Chronyd implements AutoCloseable {
    private final Path dir;
    private final Process process;

    private Chronyd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts one; {@code localStratum} gives it the reference {@code local stratum N} (it then
     * reports itself synchronised), null none (it reports "Not synchronised").
     */
    public static Chronyd start(Integer localStratum) {
        try {
            Path dir = Files.createTempDirectory("tsnlat-chronyd-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------"))); // chronyd refuses a socket directory others may write
            Files.writeString(dir.resolve("chrony.conf"), (localStratum != null ? "local stratum " + localStratum + "\n" : "")
                    + "bindcmdaddress " + dir.resolve("chronyd.sock") + "\n"
                    + "cmdport 0\nport 0\n"
                    + "pidfile " + dir.resolve("chronyd.pid") + "\n"
                    + "driftfile " + dir.resolve("drift") + "\n");
            Process p = new ProcessBuilder(List.of("/usr/sbin/chronyd", "-x", "-d", "-u", "root", "-f",
                    dir.resolve("chrony.conf").toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("chronyd.log").toFile()).start();
            Chronyd c = new Chronyd(dir, p);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!Files.exists(c.socket())) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String log = c.log();
                    c.close();
                    throw new IllegalStateException("chronyd -x did not open its socket: " + log);
                }
                Thread.sleep(20);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path socket() {
        return dir.resolve("chronyd.sock");
    }

    public long pid() {
        return process.pid();
    }

    /** What chronyd wrote to its log so far. */
    public String log() throws IOException {
        Path f = dir.resolve("chronyd.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Stops this chronyd (SIGTERM to its pid, SIGKILL after 5 s) and removes its directory. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
