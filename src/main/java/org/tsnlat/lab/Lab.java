package org.tsnlat.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Brings a lab up, takes it down and checks it. Needs root (network namespaces).
 *
 * <p>{@link #up} writes {@code /run/tsnlat/lab-<name>.json} before it makes anything and records
 * each thing once made; if any step fails it removes all it made, then throws. {@link #down}
 * removes exactly what the state file lists and what of it exists, so it also cleans up after a
 * crash (of up, or of anything since).
 */
public final class Lab {
    /** {@link #down} one at a time in this JVM. */
    private static final ReentrantLock DOWN = new ReentrantLock();

    private Lab() {
    }

    /**
     * Builds the lab {@code spec} describes.
     *
     * @throws LabException when not root, when a lab of that name is up, when one of its
     *     namespaces exists without a state file, or when a step fails (after removing what was made)
     */
    public static LabState up(LabSpec spec) {
        return up(spec, line -> { });
    }

    /** {@link #up(LabSpec)}, saying what a long step (the guest's image and boot) is doing to {@code progress}. */
    public static LabState up(LabSpec spec, java.util.function.Consumer<String> progress) {
        return up(spec, steps -> steps, progress);
    }

    /** {@link #up(LabSpec)} with the plan edited first: tests add a failing step to see the roll-back. */
    static LabState up(LabSpec spec, java.util.function.UnaryOperator<List<Step>> planEditor) {
        return up(spec, planEditor, line -> { });
    }

    private static LabState up(LabSpec spec, java.util.function.UnaryOperator<List<Step>> planEditor,
                               java.util.function.Consumer<String> progress) {
        requireRoot();
        String name = spec.name();
        Optional<StateFile> existing = StateFile.read(name);
        if (existing.isPresent()) {
            throw alreadyUp(existing.get());
        }
        checkNothingInTheWay(spec);
        if (spec.ptp()) {
            requireTool("ptp4l", "--ptp");
            requireTool("pmc", "--ptp");
        }
        Path dir = StateFile.stateDirectory(name);
        if (spec.topology().hasGuest()) {
            requireTool("qemu-system-x86_64", "--topology vm");
            if (!spec.vhostCpus().isEmpty()) {
                Guest.vhostAbsence().ifPresent(why -> {
                    throw new org.tsnlat.exit.UsageException("--vhost-cpu: the guest will have no vhost-net worker to pin ("
                            + why + "; QEMU's own threads then carry its virtio-net: --vcpu-cpu pins those)");
                });
            }
        }
        List<Step> steps = planEditor.apply(Plan.steps(spec, dir, progress));
        List<Resource> planned = steps.stream().map(Step::resource).filter(r -> r != null).toList();
        StateFile state = new StateFile(StateFile.FORMAT, StateFile.VERSION, name, spec.topology(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), spec.shaping(), spec.ptp(), dir.toString(),
                false, planned, List.of(), spec.topology().hasGuest() ? spec.guestNet() : null);
        state.create();
        try {
            for (Step step : steps) {
                Resource made = run(step);
                if (made != null) {
                    state = state.withMade(made);
                    state.write();
                }
            }
            state = state.completed();
            state.write();
            awaitHostLinksUp(spec);
        } catch (RuntimeException | Error e) {
            throw rollBack(state, e);
        }
        return LabState.of(state, health(state));
    }

    /**
     * Waits until each host's eth0 reports operstate UP: a veth is "down" for a moment after
     * creation, and a run's environment snapshot must not record that moment as a difference.
     */
    private static void awaitHostLinksUp(LabSpec spec) {
        long until = System.nanoTime() + 5_000_000_000L;
        for (Role role : Plan.namespaceHosts(spec.topology())) {
            String ns = role.namespace(spec.name());
            while (!"UP".equals(Exec.json(Exec.ip(ns, "-j", "link", "show", "dev", "eth0")).path(0).path("operstate").asText())) {
                if (System.nanoTime() > until) {
                    throw new LabException("eth0 in " + ns + " did not come up within 5 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
        }
    }

    /**
     * Takes lab {@code name} down: stops its ptp4l, deletes its namespaces (and so its links),
     * its files and its state file.
     *
     * @return false when no lab of that name was up
     * One at a time in this JVM: a run stopped by Ctrl-C takes its lab down from a shutdown hook
     * while the stopped run's own thread, seeing QEMU gone, takes it down too; the second finds
     * the state file gone and returns false, instead of both tripping over what the other removed.
     *
     * @throws LabException when something could not be removed (the state file is kept, so
     *     {@code down} can be run again)
     */
    public static boolean down(String name) {
        requireRoot();
        DOWN.lock();
        try {
            Optional<StateFile> state = StateFile.read(name);
            if (state.isEmpty()) {
                return false;
            }
            List<String> problems = Teardown.remove(state.get());
            if (!problems.isEmpty()) {
                throw new LabException("lab '" + name + "' is only partly down: " + problems.get(0)
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
                        + "; its state file " + StateFile.path(name) + " is kept: run down again");
            }
            state.get().delete();
            return true;
        } finally {
            DOWN.unlock();
        }
    }

    /** Lab {@code name} as its state file records it, with a live check, or empty if none is up. */
    public static Optional<LabState> status(String name) {
        return StateFile.read(name).map(s -> LabState.of(s, health(s)));
    }

    /** The port state ptp4l of {@code host} reports (SLAVE, MASTER, UNCALIBRATED...), empty if none answers. */
    public static Optional<String> ptpPortState(LabState lab, Role host) {
        Path socket = lab.ptpSocket(host);
        if (socket != null && host == Role.LISTENER && lab.guest() != null) {
            // the guest's ptp4l: asked in the guest (ended with QEMU: no answer)
            try {
                return Ptp4l.portState(Guest.control(lab.stateDirectory(), String.join(" ",
                        Ptp4l.pmc(socket, "'GET PORT_DATA_SET'")), 30_000).output());
            } catch (LabException guestGone) {
                return Optional.empty();
            }
        }
        if (socket == null || !Files.exists(socket)) {
            return Optional.empty();
        }
        return Ptp4l.portState(socket);
    }

    /** True when this process runs with effective uid 0. */
    public static boolean isRoot() {
        return org.tsnlat.linux.Scheduling.geteuid() == 0;
    }

    private static Resource run(Step step) {
        try {
            return step.action().make();
        } catch (LabException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException(step.description() + ": interrupted", e);
        } catch (Exception e) {
            throw new LabException(step.description() + ": " + e, e);
        }
    }

    private static LabException rollBack(StateFile state, Throwable cause) {
        List<String> problems;
        DOWN.lock(); // a run's guard hook may be taking the same lab down
        try {
            problems = Teardown.remove(state);
        } catch (RuntimeException e) {
            problems = List.of(String.valueOf(e.getMessage()));
        } finally {
            DOWN.unlock();
        }
        String message = cause instanceof LabException ? cause.getMessage() : "lab '" + state.name()
                + "' failed to come up: " + cause;
        if (problems.isEmpty()) {
            state.delete();
            return new LabException(message + " (all that was made is removed)", cause);
        }
        return new LabException(message + "; removing what was made also failed: " + problems.get(0)
                + "; run 'tsnlat lab down" + nameOption(state.name()) + "'", cause);
    }

    private static LabException alreadyUp(StateFile s) {
        String what = s.complete() ? "is already up" : "is half up (its set-up did not finish)";
        return new LabException("lab '" + s.name() + "' " + what + " (" + s.topology().cliName() + " since "
                + s.createdAt() + "); run 'tsnlat lab down" + nameOption(s.name()) + "' first");
    }

    private static void checkNothingInTheWay(LabSpec spec) {
        Set<String> present = Teardown.namespaces();
        List<String> clash = new ArrayList<>();
        for (Role role : Plan.roles(spec.topology())) {
            if (present.contains(role.namespace(spec.name()))) {
                clash.add(role.namespace(spec.name()));
            }
        }
        if (!clash.isEmpty()) {
            throw new LabException("network namespace '" + clash.get(0) + "' exists but no lab state file "
                    + StateFile.path(spec.name()) + " records it, so tsnlat will not touch it; choose another --name"
                    + " or remove it yourself ('ip netns del " + clash.get(0) + "') if it is a leftover");
        }
        Path dir = StateFile.stateDirectory(spec.name());
        if (Files.exists(dir)) {
            throw new LabException(dir + " exists but no lab state file " + StateFile.path(spec.name())
                    + " records it; remove it if it is a leftover, or choose another --name");
        }
    }

    private static void requireRoot() {
        if (!isRoot()) {
            throw new LabException("lab needs root (network namespaces)");
        }
    }

    /** Refuses, saying what brings it, when {@code tool} is not installed; {@code neededBy} names what needs it. */
    static void requireTool(String tool, String neededBy) {
        if (!onPath(tool)) {
            throw new LabException(neededBy + " needs " + tool + ", which is not installed (" + Exec.hint(tool) + ")");
        }
    }

    /** Whether {@code tool} is an executable in PATH or the usual system directories. */
    static boolean onPath(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The {@code --name} option a command needs for lab {@code name} (none for the default lab). */
    public static String nameOption(String name) {
        return LabSpec.DEFAULT_NAME.equals(name) ? "" : " --name " + name;
    }

    private static LabState.Health health(StateFile s) {
        Set<String> present = Teardown.namespaces();
        List<String> missing = new ArrayList<>();
        for (Role role : Plan.roles(s.topology())) {
            if (!present.contains(role.namespace(s.name()))) {
                missing.add(role.namespace(s.name()));
            }
        }
        List<Role> dead = new ArrayList<>();
        LabState recorded = LabState.of(s, new LabState.Health(s.complete(), List.of(), List.of()));
        if (s.ptp()) {
            for (Role host : Plan.namespaceHosts(s.topology())) { // the guest's ptp4l lives and ends with QEMU
                Long pid = recorded.ptp4lPids().get(host);
                if (pid == null || !Ptp4l.isOurs(pid, Ptp4l.config(recorded.stateDirectory(), host))) {
                    dead.add(host);
                }
            }
        }
        boolean deadGuest = recorded.guest() != null && (recorded.guest().qemuPid() == null
                || !Guest.alive(recorded.guest().qemuPid(), recorded.stateDirectory()));
        return new LabState.Health(s.complete(), missing, dead, deadGuest && s.complete());
    }

    /**
     * Runs one line of shell in the VM lab's guest (in this machine's root, read-only; the lab's
     * share at /run/tsnlat-guest), over its control port, within {@code timeoutMs}.
     *
     * @return the command's exit status and output
     */
    public static GuestAnswer inGuest(LabState lab, String command, long timeoutMs) {
        if (lab.guest() == null) throw new LabException("lab '" + lab.name() + "' has no guest (topology " + lab.topology().cliName() + ")");
        return Guest.control(lab.stateDirectory(), command, timeoutMs);
    }

    /** What a command run in the guest ended with. */
    public record GuestAnswer(int status, String output) {
    }

    /**
     * The VM lab's QEMU as it runs now, for the record of a run: its pid, acceleration and command
     * line, its vCPU threads ("CPU 0/TCG", "CPU 0/KVM") and vhost threads with the CPU each last
     * ran on and the CPUs it may run on, and the guest NIC's tap and bridge (in {@code namespace}).
     */
    public static GuestProcess guestProcess(LabState lab) {
        if (lab.guest() == null || lab.guest().qemuPid() == null) {
            throw new LabException("lab '" + lab.name() + "' has no running guest");
        }
        long pid = lab.guest().qemuPid();
        List<String> cmdline = LabProcess.cmdline(pid);
        String accel = cmdline.contains("kvm") ? "kvm" : "tcg";
        GuestNet net = lab.guest().net();
        return new GuestProcess(pid, accel, cmdline, Guest.threads(pid), net.cliName(), net.device(), net.bridge(),
                lab.namespace(Role.SWITCH));
    }

    /**
     * The VM lab's QEMU process.
     *
     * @param pid        QEMU's pid
     * @param accel      "kvm" or "tcg" (emulation)
     * @param commandLine its arguments
     * @param threads    its vCPU and vhost threads, vCPUs first
     * @param guestNet   how the guest's NIC is attached: "tap-bridge" or "macvtap"
     * @param tap        the tap (or macvtap) device of the guest's NIC
     * @param bridge     the bridge the tap is in, null for a macvtap
     * @param namespace  the namespace of tap, bridge and QEMU
     */
    public record GuestProcess(long pid, String accel, List<String> commandLine, List<GuestThread> threads,
                               String guestNet, String tap, String bridge, String namespace) {
        public GuestProcess {
            commandLine = List.copyOf(commandLine);
            threads = List.copyOf(threads);
        }
    }

    /**
     * One of QEMU's threads that decides latency.
     *
     * @param tid         its thread id
     * @param comm        its name ("CPU 0/TCG", "vhost-1234")
     * @param cpu         the CPU it last ran on
     * @param allowedCpus the CPUs it may run on (Cpus_allowed_list)
     */
    public record GuestThread(long tid, String comm, int cpu, String allowedCpus) {
    }
}
