package org.tsnlat.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Two ptp4l instances that can touch no clock: namespaces {@code ptpt-a} (master) and
 * {@code ptpt-b} (slave) joined by a veth pair on 198.18.1.0/24, software timestamping,
 * {@code free_running 1}, each with its own management socket in a temporary directory. The
 * master keeps ptp4l's default time flags (no currentUtcOffsetValid, no timeTraceable), so
 * the kernel's TAI offset is never set either.
 *
 * <p>{@link #close()} stops both ptp4l by pid, deletes the namespaces (checked by listing them)
 * and the directory; call it from {@code @AfterAll} or a finally, even after a failed start.
 *
 * <p>Needs root, ip, ptp4l and pmc: a test that uses it says
 * {@code @Needs({Need.ROOT, Need.IP, Need.PTP4L, Need.PMC})}.
 */
public final class PtpLab implements AutoCloseable {
    public static final String MASTER_NAMESPACE = "ptpt-a";
    public static final String SLAVE_NAMESPACE = "ptpt-b";
    private static final String MASTER_VETH = "ptpt-va";
    private static final String SLAVE_VETH = "ptpt-vb";

    private final Path dir;
    private final List<Process> ptp4l = new ArrayList<>();

    private PtpLab(Path dir) {
        this.dir = dir;
    }

    /** Sets up the namespaces and starts both ptp4l; on failure everything made is removed. */
    public static PtpLab start() {
        PtpLab lab;
        try {
            lab = new PtpLab(Files.createTempDirectory("ptpt-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            lab.createNetwork();
            lab.startPtp4l(MASTER_NAMESPACE, MASTER_VETH, "master", "priority1 100\n");
            lab.startPtp4l(SLAVE_NAMESPACE, SLAVE_VETH, "slave", "slaveOnly 1\n");
            return lab;
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    public Path masterSocket() {
        return dir.resolve("master.sock");
    }

    public Path slaveSocket() {
        return dir.resolve("slave.sock");
    }

    /**
     * Polls PORT_DATA_SET through {@code socket} with our own client until {@code wanted}
     * holds; returns the state, or fails after {@code patience} with both ptp4l logs.
     */
    public PortState awaitPortState(Path socket, Predicate<PortState> wanted, Duration patience) {
        long deadlineNs = System.nanoTime() + patience.toNanos();
        PortState last = null;
        try (PtpManagementClient client = PtpManagementClient.open(socket, 0, 0, Duration.ofMillis(500))) {
            while (System.nanoTime() - deadlineNs < 0) {
                try {
                    last = client.portDataSet().portState();
                    if (wanted.test(last)) {
                        return last;
                    }
                } catch (PtpException notYet) {
                    // ptp4l may not have bound its socket yet
                }
                sleepMs(250);
            }
        }
        throw new AssertionError("port at " + socket + " still " + last + " after " + patience + "\n" + logs());
    }

    /** Runs {@code pmc -u -b 0 -s SOCKET COMMAND...} and returns what it printed. */
    public String pmc(Path socket, String... commands) {
        List<String> command = new ArrayList<>(List.of("pmc", "-u", "-b", "0", "-s", socket.toString()));
        command.addAll(List.of(commands));
        return run(command);
    }

    /** Both ptp4l logs, for failure messages. */
    public String logs() {
        StringBuilder s = new StringBuilder();
        for (String role : List.of("master", "slave")) {
            try {
                s.append("--- ").append(role).append(" ptp4l log\n")
                        .append(Files.readString(dir.resolve(role + ".log")));
            } catch (IOException e) {
                s.append("(no ").append(role).append(" log)\n");
            }
        }
        return s.toString();
    }

    /** Stops both ptp4l (SIGTERM by pid, then SIGKILL), deletes namespaces and directory. */
    @Override
    public void close() {
        for (Process p : ptp4l) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteNamespaces();
        String left = run(List.of("ip", "netns", "list"));
        if (left.contains(MASTER_NAMESPACE) || left.contains(SLAVE_NAMESPACE)) {
            throw new IllegalStateException("namespaces still there after teardown: " + left);
        }
        for (Process p : ptp4l) {
            if (p.isAlive()) {
                throw new IllegalStateException("ptp4l pid " + p.pid() + " still running after teardown");
            }
        }
        deleteDirectory();
    }

    /** The live ptp4l processes this lab started. */
    public List<Process> processes() {
        return List.copyOf(ptp4l);
    }

    private void createNetwork() {
        deleteNamespaces(); // left over from a run of this test that was killed
        run(List.of("ip", "netns", "add", MASTER_NAMESPACE));
        run(List.of("ip", "netns", "add", SLAVE_NAMESPACE));
        run(List.of("ip", "link", "add", MASTER_VETH, "netns", MASTER_NAMESPACE, "type", "veth",
                "peer", "name", SLAVE_VETH, "netns", SLAVE_NAMESPACE));
        run(List.of("ip", "-n", MASTER_NAMESPACE, "addr", "add", "198.18.1.1/24", "dev", MASTER_VETH));
        run(List.of("ip", "-n", SLAVE_NAMESPACE, "addr", "add", "198.18.1.2/24", "dev", SLAVE_VETH));
        for (String[] nsDev : new String[][] {{MASTER_NAMESPACE, MASTER_VETH}, {SLAVE_NAMESPACE, SLAVE_VETH}}) {
            run(List.of("ip", "-n", nsDev[0], "link", "set", "lo", "up"));
            run(List.of("ip", "-n", nsDev[0], "link", "set", nsDev[1], "up"));
        }
    }

    private void startPtp4l(String namespace, String veth, String role, String extra) {
        Path config = dir.resolve(role + ".cfg");
        String text = "[global]\n"
                + "free_running 1\n"       // never adjust the clock
                + "logSyncInterval 0\n"
                + "logAnnounceInterval 0\n" // announce every 1 s: the slave settles in ~5 s
                + "use_syslog 0\n"
                + "verbose 1\n"
                + "uds_address " + dir.resolve(role + ".sock") + "\n"
                + extra;
        try {
            Files.writeString(config, text, StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", namespace,
                    "ptp4l", "-S", "-i", veth, "-f", config.toString());
            pb.redirectErrorStream(true).redirectOutput(dir.resolve(role + ".log").toFile());
            ptp4l.add(pb.start()); // ip netns exec execs ptp4l: the pid is ptp4l's
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteNamespaces() {
        String present = run(List.of("ip", "netns", "list"));
        for (String ns : List.of(MASTER_NAMESPACE, SLAVE_NAMESPACE)) {
            if (present.lines().anyMatch(l -> l.equals(ns) || l.startsWith(ns + " "))) {
                run(List.of("ip", "netns", "del", ns));
            }
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
