package org.tsnlat.lab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * ptp4l in the lab: its configuration, starting and stopping it, and asking it questions with pmc.
 *
 * <p>Why it cannot steer a clock: {@code free_running 1} makes the servo compute offsets without
 * ever adjusting or stepping the clock; the master advertises neither {@code currentUtcOffsetValid}
 * nor {@code timeTraceable} (the defaults, which nothing here changes), so the slave never takes
 * a UTC offset or leap second from it; and {@code kernel_leap 0} keeps ptp4l from passing leap
 * seconds or the TAI offset to the kernel even then. phc2sys is never run. Both ends share the
 * host's one clock, so offsets are software-timestamp noise.
 */
final class Ptp4l {
    static final long SOCKET_WAIT_MS = 5_000;
    private static final Pattern PORT_STATE = Pattern.compile("portState\\s+(\\S+)");

    private Ptp4l() {
    }

    static Path config(Path stateDirectory, Role host) {
        return stateDirectory.resolve("ptp4l-" + host.suffix() + ".cfg");
    }

    static Path socket(Path stateDirectory, Role host) {
        return stateDirectory.resolve("ptp4l-" + host.suffix() + ".sock");
    }

    static Path log(Path stateDirectory, Role host) {
        return stateDirectory.resolve("ptp4l-" + host.suffix() + ".log");
    }

    /** The configuration for {@code host}: the talker is the master, the listener slave only. */
    static String configText(Role host, Path socket) {
        StringBuilder s = new StringBuilder();
        s.append("# written by tsnlat lab; ptp4l here never adjusts a clock (see docs/lab.md)\n");
        s.append("[global]\n");
        s.append("free_running 1\n");
        s.append("kernel_leap 0\n");
        s.append("network_transport UDPv4\n");
        s.append("time_stamping software\n");
        s.append("logSyncInterval -3\n"); // 8 Syncs and Delay_Reqs a second: the path delay filter fills in about 1 s, not 10
        s.append("logMinDelayReqInterval -3\n");
        s.append("logAnnounceInterval 0\n");
        s.append("announceReceiptTimeout 2\n");
        s.append("use_syslog 0\n");
        s.append("verbose 1\n");
        s.append("uds_address ").append(socket).append('\n');
        if (host == Role.TALKER) {
            s.append("priority1 127\n");
        } else {
            s.append("slaveOnly 1\n");
        }
        return s.toString();
    }

    /** The VM lab guest's ptp4l management socket, in the guest (its own /run). */
    static final String GUEST_SOCKET = "/run/tsnlat-ptp4l.sock";
    /** Its configuration and log, in the lab's share. */
    static final String GUEST_CONFIG = "ptp4l-guest.cfg";
    static final String GUEST_LOG = "ptp4l-guest.log";

    /**
     * The VM lab guest's ptp4l: a slave that steers the guest's own clock (CLOCK_REALTIME of the
     * guest's kernel: never this machine's), from the talker's free-running master over the
     * guest's virtio NIC with software timestamps. The linreg servo: the PI servo with software
     * timestamps at 8 Syncs a second waits 0.016/ki = 37 s before its first frequency estimate
     * (and its step of the guest's clock, hundreds of ms off at boot); linreg steps and locks
     * within a second and copes with the emulator's jitter (offsets of 0.2-0.6 ms under TCG).
     */
    static String guestConfigText() {
        StringBuilder s = new StringBuilder();
        s.append("# written by tsnlat lab; steers the VM guest's own clock, never the host's (see docs/lab.md)\n");
        s.append("[global]\n");
        s.append("clock_servo linreg\n");
        s.append("kernel_leap 0\n");
        s.append("network_transport UDPv4\n");
        s.append("time_stamping software\n");
        s.append("logSyncInterval -3\n");
        s.append("logMinDelayReqInterval -3\n");
        s.append("logAnnounceInterval 0\n");
        s.append("announceReceiptTimeout 2\n");
        s.append("use_syslog 0\n");
        s.append("verbose 1\n");
        s.append("slaveOnly 1\n");
        s.append("uds_address ").append(GUEST_SOCKET).append('\n');
        return s.toString();
    }

    /** Starts {@code ip netns exec NS ptp4l -S -i eth0 -f CONFIG}, output to {@code log}; returns its pid. */
    static long start(String namespace, Path config, Path log) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", namespace, "ptp4l", "-S", "-i", Addressing.INTERFACE,
                "-f", config.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return p.pid(); // ip netns exec execs ptp4l in place, so this is ptp4l's pid
    }

    /** Waits until ptp4l opened its management socket; fails with its last log line if it died. */
    static void awaitSocket(long pid, Path config, Path socket, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + SOCKET_WAIT_MS * 1_000_000;
        while (!Files.exists(socket)) {
            // alive, not "ours by cmdline": right after the spawn the child is still jspawnhelper or
            // ip before it execs ptp4l, and under load that window is long enough to be seen
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new LabException("ptp4l (" + config + ") exited: " + lastLine(log));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LabException("ptp4l (" + config + ") made no socket " + socket + " within "
                        + SOCKET_WAIT_MS + " ms: " + lastLine(log));
            }
            Thread.sleep(20);
        }
    }

    /**
     * Tells a free-running ptp4l its synchronization is not uncertain, so its port goes from
     * UNCALIBRATED to SLAVE (servo state s2); no clock changes.
     */
    static void declareSynchronized(Path socket) {
        String out = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            out = Exec.run(pmc(socket, "SET SYNCHRONIZATION_UNCERTAIN_NP 0"));
            if (out.contains("uncertain")) {
                return;
            }
        }
        throw new LabException("pmc -s " + socket + " 'SET SYNCHRONIZATION_UNCERTAIN_NP 0': no answer from ptp4l");
    }

    /** How long a slave may take to lock (UNCALIBRATED to SLAVE): a few Sync intervals, and a loaded machine's slowness. */
    static final long SLAVE_WAIT_MS = 30_000;

    /** After SLAVE, how long to wait for its first offsets (path delay not yet measured) to settle. */
    static final long SETTLE_WAIT_MS = 15_000;
    /** Settled: this many offsets in a row, polled every {@link #SETTLE_POLL_MS}, within {@link #SETTLED_NS}. */
    static final int SETTLED_IN_A_ROW = 3;
    static final long SETTLE_POLL_MS = 500;
    static final long SETTLED_NS = 5_000;

    /**
     * Waits until the ptp4l at {@code socket} reports its port SLAVE (fails, with its log's last
     * line, after {@link #SLAVE_WAIT_MS}), then until its master offsets settle (a locked slave's
     * first offsets still carry a path delay not yet measured: on one clock, tens of us). Unsettled
     * after {@link #SETTLE_WAIT_MS} it goes on: the run's verdicts then say what the offsets were.
     */
    static void awaitSlave(Path socket, Path log) throws InterruptedException {
        awaitSlave(request -> Exec.run(pmc(socket, request)), socket.toString(), log, SETTLED_NS);
    }

    /**
     * As above for a ptp4l asked through {@code pmc} (a management request in, pmc's output out:
     * run here, or in the VM lab's guest), known to the user as {@code where}; settled once
     * three offsets in a row are within {@code settledNs}.
     */
    static void awaitSlave(java.util.function.UnaryOperator<String> pmc, String where, Path log, long settledNs)
            throws InterruptedException {
        long deadline = System.nanoTime() + SLAVE_WAIT_MS * 1_000_000;
        String state = "no answer";
        while (!state.equals("SLAVE")) {
            if (System.nanoTime() - deadline > 0) {
                throw new LabException("ptp4l's port at " + where + " did not become SLAVE within " + SLAVE_WAIT_MS
                        + " ms (still " + state + "): " + lastLine(log));
            }
            Thread.sleep(200);
            state = portState(pmc.apply("GET PORT_DATA_SET")).orElse("no answer");
        }
        long settleBy = System.nanoTime() + SETTLE_WAIT_MS * 1_000_000;
        int inARow = 0;
        while (inARow < SETTLED_IN_A_ROW && System.nanoTime() - settleBy < 0) {
            Thread.sleep(SETTLE_POLL_MS);
            Optional<Long> offset = masterOffsetNs(pmc.apply("GET TIME_STATUS_NP"));
            inARow = offset.isPresent() && Math.abs(offset.get()) <= settledNs ? inARow + 1 : 0;
        }
    }

    /** The master offset in pmc's answer to GET TIME_STATUS_NP, empty if ptp4l did not answer. */
    static Optional<Long> masterOffsetNs(String pmcOutput) {
        Matcher m = MASTER_OFFSET.matcher(pmcOutput);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** The master offset ptp4l reports over {@code socket} (TIME_STATUS_NP), empty if it does not answer. */
    static Optional<Long> masterOffsetNs(Path socket) {
        return masterOffsetNs(Exec.run(pmc(socket, "GET TIME_STATUS_NP")));
    }

    private static final Pattern MASTER_OFFSET = Pattern.compile("master_offset\\s+(-?\\d+)");

    /** The port state in pmc's answer to GET PORT_DATA_SET, empty if ptp4l did not answer. */
    static Optional<String> portState(String pmcOutput) {
        Matcher m = PORT_STATE.matcher(pmcOutput);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The port state ptp4l reports over {@code socket} (SLAVE, MASTER, ...), empty if it does not answer. */
    static Optional<String> portState(Path socket) {
        return portState(Exec.run(pmc(socket, "GET PORT_DATA_SET")));
    }

    static List<String> pmc(Path socket, String request) {
        return List.of("pmc", "-u", "-b", "0", "-s", socket.toString(), request);
    }

    /**
     * True if {@code pid} is alive and is ptp4l running {@code config} (or still the {@code ip
     * netns exec} about to become it). A zombie or another program with a reused pid is not ours.
     */
    static boolean isOurs(long pid, Path config) {
        List<String> argv = LabProcess.cmdline(pid);
        if (argv.isEmpty()) {
            return false;
        }
        boolean ptp4l = Path.of(argv.get(0)).getFileName().toString().equals("ptp4l")
                || (Path.of(argv.get(0)).getFileName().toString().equals("ip") && argv.contains("ptp4l"));
        int f = argv.indexOf("-f");
        return ptp4l && f >= 0 && f + 1 < argv.size() && argv.get(f + 1).equals(config.toString());
    }

    /** Every live ptp4l started with {@code config}: finds one whose pid never reached the state file. */
    static List<Long> findByConfig(Path config) {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).filter(pid -> isOurs(pid, config)).forEach(found::add);
        } catch (IOException e) {
            throw new LabException("cannot list /proc: " + e.getMessage(), e);
        }
        return found;
    }

    /** SIGTERM, then SIGKILL after 3 s; only if the pid is still our ptp4l. True once it is gone. */
    static boolean stop(long pid, Path config) throws InterruptedException {
        return LabProcess.stop(pid, p -> isOurs(p, config), 3_000, 2_000);
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(empty log " + log + ")" : lines.get(lines.size() - 1) + " (see " + log + ")";
        } catch (IOException e) {
            return "(no log " + log + ")";
        }
    }
}
