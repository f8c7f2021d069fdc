package org.tsnlat.lab;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The VM lab's guest: QEMU started in the switch ("hypervisor") namespace with the guest's
 * virtio-net NIC on a tap in the bridge there, the kernel and initramfs of {@link GuestImage},
 * this machine's root shared read-only and the lab's directory {@value #SHARE} shared writable,
 * and a virtio console port as the control path (a Unix socket in the lab's directory: it does
 * not share the measured NIC). QEMU daemonizes and writes its pid file; the lab records the pid
 * and stops it by that pid, after checking its command line names the lab's pid file.
 *
 * <p>Acceleration: KVM (with vhost-net when /dev/vhost-net exists) only when the CPU offers
 * VMX or SVM and /dev/kvm exists; otherwise QEMU's emulation (TCG), said plainly, since its
 * timings are the emulator's.
 */
final class Guest {
    static final String SHARE = "guest-share";
    static final String MAC = "52:54:00:54:53:02";
    static final int MEMORY_MB = 1024;
    static final int VCPUS = 2;
    /** The CPU model under emulation: SSE4.2, POPCNT, AES and PCLMULQDQ, no AVX. */
    static final String TCG_CPU = "Westmere";
    /** From QEMU's start to the guest's ready line: 9-17 s under TCG here, more on a busy machine. */
    static final long READY_TIMEOUT_MS = 180_000;

    private Guest() {
    }

    static Path pidFile(Path stateDirectory) {
        return stateDirectory.resolve("qemu.pid");
    }

    static Path console(Path stateDirectory) {
        return stateDirectory.resolve("guest-console.log");
    }

    static Path controlSocket(Path stateDirectory) {
        return stateDirectory.resolve("guest-control.sock");
    }

    static Path share(Path stateDirectory) {
        return stateDirectory.resolve(SHARE);
    }

    /** How QEMU runs the guest here. */
    enum Accel {
        KVM, TCG;

        /** KVM only where it runs a stock kernel at speed: VMX or SVM in the CPU's flags, and /dev/kvm. */
        static Accel detect() {
            return Files.exists(Path.of("/dev/kvm")) && cpuHasVirtualization() ? KVM : TCG;
        }

    }

    /** Why the guest will have no vhost-net worker thread; empty when it will (KVM and /dev/vhost-net). */
    static Optional<String> vhostAbsence() {
        if (Accel.detect() != Accel.KVM) return Optional.of("vhost needs KVM, and the guest runs under QEMU's emulation here");
        if (!Files.exists(Path.of("/dev/vhost-net"))) return Optional.of("this machine has no /dev/vhost-net (module vhost_net)");
        return Optional.empty();
    }

    /** Why TCG, in one line for the user; empty under KVM. */
    static Optional<String> emulationWarning(Accel accel) {
        if (accel == Accel.KVM) return Optional.empty();
        String why = !Files.exists(Path.of("/dev/kvm")) ? "no /dev/kvm"
                : "/dev/kvm exists but the CPU offers no VMX/SVM (a paravirtual KVM cannot run a stock kernel at speed)";
        return Optional.of("the guest runs under QEMU's emulation (TCG: " + why + "): its timings are the emulator's, "
                + "not a KVM guest's; on a host with VMX/SVM the same lab runs under KVM");
    }

    static boolean cpuHasVirtualization() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    List<String> flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    return flags.contains("vmx") || flags.contains("svm");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * The character device of the VM lab's macvtap in {@code namespace}: {@code /dev/tap<ifindex>},
     * made by devtmpfs when the link is (the ifindex is the namespace's own).
     */
    static Path macvtapDevice(String namespace) throws InterruptedException {
        String dev = GuestNet.MACVTAP.device();
        var links = Exec.json(Exec.ip(namespace, "-j", "link", "show", dev));
        if (links.isEmpty() || !links.get(0).has("ifindex")) throw new LabException("no " + dev + " in " + namespace);
        Path node = Path.of("/dev/tap" + links.get(0).get("ifindex").asInt());
        for (int i = 0; i < 50 && !Files.exists(node); i++) {
            Thread.sleep(20);
        }
        if (!Files.exists(node)) {
            throw new LabException(dev + " in " + namespace + " has no character device " + node
                    + " (is /dev a devtmpfs? another namespace's macvtap with the same ifindex takes the name)");
        }
        return node;
    }

    /**
     * QEMU's command line for lab {@code labName}, run in the switch namespace.
     *
     * @param macvtap the macvtap's character device, opened as QEMU's file descriptor 3 (by {@code sh},
     *     since a Java process hands its children no descriptors), or null for the tap in the bridge
     */
    static List<String> command(String labName, String namespace, Path stateDirectory, GuestImage.Image image, Accel accel,
                                Path macvtap) {
        boolean vhost = accel == Accel.KVM && Files.exists(Path.of("/dev/vhost-net"));
        String append = "console=ttyS0 quiet panic=-1 " + GuestInit.IP + "=" + Addressing.ipv4(Role.LISTENER) + "/"
                + Addressing.IPV4_PREFIX + " " + GuestInit.IP6 + "=" + Addressing.ipv6(Role.LISTENER) + "/" + Addressing.IPV6_PREFIX;
        List<String> c = new ArrayList<>();
        if (macvtap != null) {
            c.addAll(List.of("sh", "-c", "exec 3<>\"$0\" && exec \"$@\"", macvtap.toString()));
        }
        c.addAll(List.of("ip", "netns", "exec", namespace, "qemu-system-x86_64",
                "-name", "tsnlat-lab-" + labName + ",debug-threads=on", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot"));
        if (accel == Accel.KVM) {
            c.addAll(List.of("-accel", "kvm", "-cpu", "host"));
        } else {
            // a CPU without AVX: "max" offers AVX, AVX2, FMA and VAES, whose emulation is new in
            // QEMU 7.2 (Debian 12's), and the JVM uses them in its stubs and compiled code. (The
            // guest's JVM ends with SIGSEGV now and then under TCG with either model: docs/lab.md)
            c.addAll(List.of("-accel", "tcg,thread=multi", "-cpu", TCG_CPU));
        }
        c.addAll(List.of("-smp", Integer.toString(VCPUS), "-m", Integer.toString(MEMORY_MB),
                "-kernel", image.kernel().toString(), "-initrd", image.initramfs().toString(), "-append", append,
                "-serial", "file:" + console(stateDirectory),
                "-netdev", (macvtap != null ? "tap,id=n0,fd=3" : "tap,id=n0,ifname=" + GuestNet.TAP_BRIDGE.device()
                        + ",script=no,downscript=no") + ",vhost=" + (vhost ? "on" : "off"),
                // ctrl_vlan=off: QEMU's virtio-net otherwise drops every frame tagged with a VLAN the guest's
                // kernel did not register (only an 802.1Q sub-interface does), so no tagged probe would arrive
                "-device", "virtio-net-pci,netdev=n0,mac=" + MAC + ",romfile=,ctrl_vlan=off",
                "-virtfs", "local,path=/,mount_tag=" + GuestInit.HOST_ROOT_TAG + ",security_model=none,readonly=on,multidevs=remap",
                "-virtfs", "local,path=" + share(stateDirectory) + ",mount_tag=" + GuestInit.SHARE_TAG + ",security_model=none",
                "-device", "virtio-serial-pci",
                "-chardev", "socket,id=ctl,path=" + controlSocket(stateDirectory) + ",server=on,wait=off",
                "-device", "virtserialport,chardev=ctl,name=tsnlat.control",
                "-pidfile", pidFile(stateDirectory).toString(), "-daemonize"));
        return c;
    }

    /** Starts QEMU (it daemonizes once the guest is set up) and returns its pid from the pid file. */
    static long start(List<String> command, Path stateDirectory) throws IOException, InterruptedException {
        Path log = stateDirectory.resolve("qemu.log");
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new LabException("qemu-system-x86_64 did not daemonize within 60 s: " + lastLines(log, 3));
        }
        if (p.exitValue() != 0) {
            throw new LabException("qemu-system-x86_64 failed (exit " + p.exitValue() + "): " + lastLines(log, 3));
        }
        String pid = Files.readString(pidFile(stateDirectory)).trim();
        try {
            return Long.parseLong(pid);
        } catch (NumberFormatException e) {
            throw new LabException("QEMU's pid file " + pidFile(stateDirectory) + " holds '" + pid + "'");
        }
    }

    /**
     * Waits for the guest's ready line on its console; fails with what the console says when the
     * guest said it failed, when QEMU ended, or after {@link #READY_TIMEOUT_MS}. Returns the ready line.
     */
    static String awaitReady(long pid, Path stateDirectory, long timeoutMs) throws InterruptedException {
        Path console = console(stateDirectory);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            String text = read(console);
            for (String line : text.split("\n")) {
                if (line.startsWith(GuestInit.READY)) return line.strip();
                if (line.startsWith(GuestInit.FAILED)) throw new LabException("the guest " + line.strip().substring("tsnlat-guest: ".length()));
            }
            if (!alive(pid, stateDirectory)) {
                throw new LabException("QEMU (pid " + pid + ") ended before the guest was ready; its console: "
                        + lastLines(console, 3));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LabException("the guest was not ready within " + timeoutMs / 1000 + " s; its console: "
                        + lastLines(console, 3));
            }
            Thread.sleep(200);
        }
    }

    /** Whether {@code pid} is this lab's QEMU: alive, and its command line names the lab's pid file. */
    static boolean alive(long pid, Path stateDirectory) {
        return LabProcess.cmdline(pid).contains(pidFile(stateDirectory).toString());
    }

    /** Stops this lab's QEMU at {@code pid}: SIGTERM, then SIGKILL after 5 s; true when it is gone. */
    static boolean stop(long pid, Path stateDirectory) throws InterruptedException {
        return LabProcess.stop(pid, p -> alive(p, stateDirectory), 5_000, 5_000);
    }

    /**
     * Runs {@code command} with {@code sh -c} in the guest (in this machine's root, read-only, as
     * the guest's root user) over the control port; returns its exit status and output. One
     * command at a time per lab: the port has one reader in the guest.
     */
    static Lab.GuestAnswer control(Path stateDirectory, String command, long timeoutMs) {
        if (command.indexOf('\n') >= 0) throw new IllegalArgumentException("one line only");
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(controlSocket(stateDirectory)));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            StringBuilder out = new StringBuilder();
            long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            ch.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (System.nanoTime() - deadline < 0) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) break;
                if (n == 0) {
                    Thread.sleep(20);
                    continue;
                }
                out.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                int at = out.lastIndexOf(GuestInit.EXIT + " ");
                if (at >= 0 && out.indexOf("\n", at) > 0) {
                    int end = out.indexOf("\n", at);
                    int status = Integer.parseInt(out.substring(at + GuestInit.EXIT.length() + 1, end).trim());
                    return new Lab.GuestAnswer(status, out.substring(0, at));
                }
            }
            throw new LabException("the guest did not answer '" + command + "' within " + timeoutMs + " ms (so far: "
                    + out.toString().strip() + ")");
        } catch (IOException e) {
            throw new LabException("cannot reach the guest's control port " + controlSocket(stateDirectory) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while the guest ran '" + command + "'", e);
        }
    }

    /** Names of QEMU's vCPU threads (multi-threaded TCG or KVM) and of the vhost workers of a guest. */
    private static final java.util.regex.Pattern VCPU = java.util.regex.Pattern.compile("CPU \\d+/(TCG|KVM)");
    private static final java.util.regex.Pattern VHOST = java.util.regex.Pattern.compile("vhost-\\d+");

    /**
     * QEMU's vCPU threads, then the vhost workers of process {@code pid} (vhost-net's kernel
     * threads are named after QEMU's pid and, on newer kernels, are threads of QEMU itself); each
     * with the CPU it last ran on and the CPUs it may run on. Empty once QEMU is gone.
     */
    static List<Lab.GuestThread> threads(long pid) {
        List<Lab.GuestThread> vcpus = new ArrayList<>();
        List<Lab.GuestThread> vhost = new ArrayList<>();
        Path proc = Path.of("/proc", Long.toString(pid));
        try (var tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.sorted(java.util.Comparator.comparingLong(t -> Long.parseLong(t.getFileName().toString()))).toList()) {
                thread(task).ifPresent(t -> {
                    if (VCPU.matcher(t.comm()).matches()) vcpus.add(t);
                    else if (VHOST.matcher(t.comm()).matches()) vhost.add(t);
                });
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
        // vhost workers as kernel threads of their own (kernels before 6.4): named vhost-<QEMU's pid>
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String comm = read(p.resolve("comm")).strip();
                if (comm.equals("vhost-" + pid)) thread(p).ifPresent(vhost::add);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the scan is for the record; what it could not see is simply not there
        }
        List<Lab.GuestThread> all = new ArrayList<>(vcpus);
        all.addAll(vhost);
        return all;
    }

    /**
     * Pins QEMU's vCPU threads: vCPU i to {@code cpus[i]} when there are as many CPUs as vCPUs,
     * else every vCPU to all of {@code cpus}. Returns what was done, one line for the user.
     */
    static String pinVcpus(long pid, List<Integer> cpus) {
        List<Lab.GuestThread> vcpus = threads(pid).stream().filter(t -> VCPU.matcher(t.comm()).matches()).toList();
        if (vcpus.isEmpty()) throw new LabException("QEMU (pid " + pid + ") has no vCPU thread to pin (is it running?)");
        java.util.BitSet all = new java.util.BitSet();
        cpus.forEach(all::set);
        StringBuilder said = new StringBuilder("vCPU threads pinned:");
        for (int i = 0; i < vcpus.size(); i++) {
            java.util.BitSet set = new java.util.BitSet();
            if (cpus.size() == vcpus.size()) set.set(cpus.get(i));
            else set.or(all);
            Lab.GuestThread t = vcpus.get(i);
            org.tsnlat.linux.Scheduling.setAffinityOf((int) t.tid(), set);
            said.append(' ').append(t.comm()).append(" (tid ").append(t.tid()).append(") on ")
                    .append(org.tsnlat.linux.Cpus.formatList(set)).append(i + 1 < vcpus.size() ? "," : "");
        }
        return said.toString();
    }

    /** Pins every vhost-net worker of QEMU {@code pid} to {@code cpus}; the line that says so. */
    static String pinVhost(long pid, List<Integer> cpus) {
        List<Lab.GuestThread> workers = threads(pid).stream().filter(t -> VHOST.matcher(t.comm()).matches()).toList();
        if (workers.isEmpty()) {
            throw new LabException("QEMU (pid " + pid + ") has no vhost-net worker (vhost-" + pid + ") to pin: "
                    + "is its NIC's vhost=on in force?");
        }
        java.util.BitSet set = new java.util.BitSet();
        cpus.forEach(set::set);
        StringBuilder said = new StringBuilder("vhost workers pinned:");
        for (Lab.GuestThread t : workers) {
            org.tsnlat.linux.Scheduling.setAffinityOf((int) t.tid(), set);
            said.append(' ').append(t.comm()).append(" (tid ").append(t.tid()).append(')');
        }
        return said.append(" on ").append(org.tsnlat.linux.Cpus.formatList(set)).toString();
    }

    /** One task of /proc: its comm, the CPU it last ran on (field 39 of stat), its Cpus_allowed_list. */
    private static Optional<Lab.GuestThread> thread(Path task) {
        String comm = read(task.resolve("comm")).strip();
        String stat = read(task.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (comm.isEmpty() || close < 0) return Optional.empty();
        String[] fields = stat.substring(close + 2).trim().split(" ");
        int cpu = fields.length > 36 ? Integer.parseInt(fields[36]) : -1; // field 39 of stat, the 37th after comm
        String allowed = read(task.resolve("status")).lines().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
        return Optional.of(new Lab.GuestThread(Long.parseLong(task.getFileName().toString()), comm, cpu, allowed));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static String lastLines(Path file, int n) {
        List<String> lines = read(file).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "(empty)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
