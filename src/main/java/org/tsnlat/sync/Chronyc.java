package org.tsnlat.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks a chronyd for its tracking report by running {@code chronyc -n -c -h SOCKET tracking}
 * (docs/sync-samples.md says why chronyc rather than the command protocol). Only that report
 * is ever asked for: chronyc's monitoring commands change nothing, and no other is sent.
 */
public final class Chronyc {
    /** Where Debian's chronyd listens for commands. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/chrony/chronyd.sock");
    /** Where Debian's chrony package puts chronyc. */
    static final Path DEBIAN_CHRONYC = Path.of("/usr/bin/chronyc");

    private final Path socket;
    private final String chronyc;
    private final Duration timeout;

    public Chronyc(Path socket, Duration timeout) {
        this(socket, Files.isExecutable(DEBIAN_CHRONYC) ? DEBIAN_CHRONYC.toString() : "chronyc", timeout);
    }

    /** With another chronyc (a test's stand-in). */
    Chronyc(Path socket, String chronyc, Duration timeout) {
        this.socket = socket;
        this.chronyc = chronyc;
        this.timeout = timeout;
    }

    public Path socket() {
        return socket;
    }

    /** The command this runs, for the record and for messages. */
    List<String> command() {
        // -n: no DNS lookup of the reference's address; -c: CSV; -h PATH: chronyd's Unix command socket
        return List.of(chronyc, "-n", "-c", "-h", socket.toString(), "tracking");
    }

    /**
     * chronyd's tracking report now.
     *
     * @throws ChronyException with one plain line: no socket, chronyc missing, chronyd not answering in time,
     *                         or an answer that is not a tracking report
     */
    public ChronyTracking tracking() {
        if (!Files.exists(socket)) {
            throw new ChronyException("no chronyd socket at " + socket + " (chronyd not running, or its bindcmdaddress is another?)");
        }
        Process p;
        try {
            p = new ProcessBuilder(command()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new ChronyException("cannot run chronyc (apt-get install chrony): " + org.tsnlat.exit.Reasons.of(e));
        }
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly();
                throw new ChronyException("no answer from chronyd at " + socket + " within " + timeout.toMillis() + " ms");
            }
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            String first = out.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
            if (p.exitValue() != 0) {
                throw new ChronyException("chronyd at " + socket + " not answering (chronyc: "
                        + (first.isEmpty() ? "exit code " + p.exitValue() : first) + ")");
            }
            try {
                return ChronyTracking.parseCsv(first);
            } catch (IllegalArgumentException e) {
                throw new ChronyException("chronyc's answer from " + socket + " is " + e.getMessage());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ChronyException("interrupted while asking chronyd at " + socket);
        } catch (IOException e) {
            throw new ChronyException("cannot read chronyc's answer: " + org.tsnlat.exit.Reasons.of(e));
        } finally {
            p.destroy();
        }
    }

    /** Why chronyd's view could not be read, in one line. */
    public static final class ChronyException extends RuntimeException {
        public ChronyException(String message) {
            super(message);
        }
    }
}
