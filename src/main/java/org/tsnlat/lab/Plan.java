package org.tsnlat.lab;

import static org.tsnlat.lab.Addressing.INTERFACE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps that build a lab, in order. Every link is created inside a lab namespace (a veth's far
 * end is placed straight into the other namespace), so nothing ever appears in the root namespace.
 */
final class Plan {
    private final LabSpec spec;
    private final Path stateDirectory;
    /** Lines for the user while a long step runs (the guest image, its boot). */
    private final java.util.function.Consumer<String> progress;
    private final List<Step> steps = new ArrayList<>();

    private Plan(LabSpec spec, Path stateDirectory, java.util.function.Consumer<String> progress) {
        this.spec = spec;
        this.stateDirectory = stateDirectory;
        this.progress = progress;
    }

    static List<Step> steps(LabSpec spec, Path stateDirectory) {
        return steps(spec, stateDirectory, line -> { });
    }

    static List<Step> steps(LabSpec spec, Path stateDirectory, java.util.function.Consumer<String> progress) {
        Plan p = new Plan(spec, stateDirectory, progress);
        p.directory();
        p.namespaces();
        switch (spec.topology()) {
            case VETH -> p.veth();
            case BRIDGE -> p.bridge();
            case MACVLAN -> p.macvlan();
            case VM -> p.vm();
        }
        p.hosts();
        if (spec.shaping() != null) {
            p.shaping();
        }
        if (spec.ptp()) {
            p.ptp();
        }
        if (spec.topology().hasGuest()) {
            p.guest();
            if (spec.ptp()) {
                p.guestPtp();
            }
        }
        return List.copyOf(p.steps);
    }

    /** The namespaces of a lab with this topology, talker and listener first. */
    static List<Role> roles(Topology topology) {
        return topology.hasGuest() ? List.of(Role.TALKER, Role.SWITCH)
                : topology.hasSwitch() ? List.of(Role.TALKER, Role.LISTENER, Role.SWITCH)
                : List.of(Role.TALKER, Role.LISTENER);
    }

    /** The hosts that are namespaces of this topology (the VM lab's listener is its guest). */
    static List<Role> namespaceHosts(Topology topology) {
        return topology.hasGuest() ? List.of(Role.TALKER) : List.of(Role.TALKER, Role.LISTENER);
    }

    private String ns(Role role) {
        return role.namespace(spec.name());
    }

    private void directory() {
        Resource dir = Resource.directory(stateDirectory);
        steps.add(new Step("mkdir " + stateDirectory, dir, () -> {
            Files.createDirectory(stateDirectory);
            return dir;
        }));
    }

    private void namespaces() {
        for (Role role : roles(spec.topology())) {
            steps.add(Step.command(Resource.netns(ns(role)), Exec.ip(null, "netns", "add", ns(role))));
            steps.add(Step.configure(Exec.ip(ns(role), "link", "set", "lo", "up")));
        }
    }

    /** talker:eth0 &lt;-&gt; listener:eth0. */
    private void veth() {
        steps.add(Step.command(Resource.link(ns(Role.TALKER), INTERFACE), Exec.ip(ns(Role.TALKER), "link", "add",
                INTERFACE, "type", "veth", "peer", "name", INTERFACE, "netns", ns(Role.LISTENER))));
        steps.add(Step.alsoMade(Resource.link(ns(Role.LISTENER), INTERFACE)));
    }

    /** host:eth0 &lt;-&gt; switch:p-host, both ports in switch:br0. */
    private void bridge() {
        String sw = ns(Role.SWITCH);
        steps.add(Step.command(Resource.link(sw, "br0"), Exec.ip(sw, "link", "add", "br0", "type", "bridge")));
        steps.add(Step.configure(Exec.ip(sw, "link", "set", "br0", "up")));
        for (Role host : namespaceHosts(spec.topology())) {
            String port = "p-" + host.suffix();
            steps.add(Step.command(Resource.link(ns(host), INTERFACE),
                    Exec.ip(ns(host), "link", "add", INTERFACE, "type", "veth", "peer", "name", port, "netns", sw)));
            steps.add(Step.alsoMade(Resource.link(sw, port)));
            steps.add(Step.configure(Exec.ip(sw, "link", "set", port, "master", "br0")));
            steps.add(Step.configure(Exec.ip(sw, "link", "set", port, "up")));
        }
    }

    /**
     * switch:parent (one end of a veth pair, both ends up so it has carrier) carries two macvlan
     * interfaces in bridge mode, which macvlan switches between themselves; each is moved into
     * its host and renamed eth0. (This kernel has no dummy driver.)
     */
    private void macvlan() {
        String sw = ns(Role.SWITCH);
        steps.add(Step.command(Resource.link(sw, "parent"),
                Exec.ip(sw, "link", "add", "parent", "type", "veth", "peer", "name", "parent-peer")));
        steps.add(Step.alsoMade(Resource.link(sw, "parent-peer")));
        steps.add(Step.configure(Exec.ip(sw, "link", "set", "parent", "up")));
        steps.add(Step.configure(Exec.ip(sw, "link", "set", "parent-peer", "up")));
        for (Role host : List.of(Role.TALKER, Role.LISTENER)) {
            String mv = "mv-" + host.suffix();
            steps.add(Step.command(Resource.link(sw, mv),
                    Exec.ip(sw, "link", "add", mv, "link", "parent", "type", "macvlan", "mode", "bridge")));
            steps.add(Step.command(Resource.link(ns(host), mv), Exec.ip(sw, "link", "set", mv, "netns", ns(host))));
            steps.add(Step.command(Resource.link(ns(host), INTERFACE),
                    Exec.ip(ns(host), "link", "set", mv, "name", INTERFACE)));
        }
    }

    /**
     * talker:eth0 &lt;-&gt; switch:p-talker and switch:tap0 (the guest's NIC), both in switch:br0;
     * QEMU attaches to the tap by name (a persistent tap, made here, so it lives in the lab's
     * namespace and goes with it). With {@link GuestNet#MACVTAP}: {@link #macvtap()}.
     */
    private void vm() {
        if (spec.guestNet() == GuestNet.MACVTAP) {
            macvtap();
            return;
        }
        bridge();
        String sw = ns(Role.SWITCH);
        String tap = GuestNet.TAP_BRIDGE.device();
        steps.add(Step.command(Resource.link(sw, tap), Exec.ip(sw, "tuntap", "add", "dev", tap, "mode", "tap")));
        steps.add(Step.configure(Exec.ip(sw, "link", "set", tap, "master", GuestNet.TAP_BRIDGE.bridge())));
        steps.add(Step.configure(Exec.ip(sw, "link", "set", tap, "up")));
    }

    /**
     * talker:eth0 &lt;-&gt; switch:p-talker, and on p-talker switch:mvtap0, a macvtap in bridge
     * mode with the guest NIC's MAC (frames for any other MAC are not the guest's); QEMU gets its
     * character device as a file descriptor ({@link Guest#macvtapDevice}). It goes with the namespace.
     */
    private void macvtap() {
        String sw = ns(Role.SWITCH);
        String port = "p-" + Role.TALKER.suffix();
        String dev = GuestNet.MACVTAP.device();
        steps.add(Step.command(Resource.link(ns(Role.TALKER), INTERFACE),
                Exec.ip(ns(Role.TALKER), "link", "add", INTERFACE, "type", "veth", "peer", "name", port, "netns", sw)));
        steps.add(Step.alsoMade(Resource.link(sw, port)));
        steps.add(Step.configure(Exec.ip(sw, "link", "set", port, "up")));
        steps.add(Step.command(Resource.link(sw, dev),
                Exec.ip(sw, "link", "add", "link", port, "name", dev, "type", "macvtap", "mode", "bridge")));
        steps.add(Step.configure(Exec.ip(sw, "link", "set", dev, "address", Guest.MAC)));
        steps.add(Step.configure(Exec.ip(sw, "link", "set", dev, "up")));
    }

    /** The guest: its image (made once, cached), its share, QEMU, and its ready line. */
    private void guest() {
        GuestImage.Image[] image = new GuestImage.Image[1];
        steps.add(new Step("the guest image (" + GuestImage.DEFAULT_CACHE + ")", null, () -> {
            image[0] = GuestImage.prepare(GuestImage.DEFAULT_CACHE, spec.guestKernel(), progress);
            return null;
        }));
        Path share = Guest.share(stateDirectory);
        Resource shareDir = Resource.directory(share);
        steps.add(new Step("mkdir " + share, shareDir, () -> {
            Files.createDirectory(share);
            return shareDir;
        }));
        steps.add(Step.alsoMade(Resource.file(Guest.console(stateDirectory))));
        steps.add(Step.alsoMade(Resource.file(stateDirectory.resolve("qemu.log"))));
        Path pidFile = Guest.pidFile(stateDirectory);
        Resource qemu = Resource.qemu(ns(Role.SWITCH), pidFile);
        long[] pid = new long[1];
        steps.add(new Step("QEMU in " + ns(Role.SWITCH), qemu, () -> {
            Guest.Accel accel = Guest.Accel.detect();
            Guest.emulationWarning(accel).ifPresent(progress);
            Path macvtap = spec.guestNet() == GuestNet.MACVTAP ? Guest.macvtapDevice(ns(Role.SWITCH)) : null;
            pid[0] = Guest.start(Guest.command(spec.name(), ns(Role.SWITCH), stateDirectory, image[0], accel, macvtap),
                    stateDirectory);
            return qemu.withPid(pid[0]);
        }));
        steps.add(Step.alsoMade(Resource.file(pidFile)));
        steps.add(Step.alsoMade(Resource.file(Guest.controlSocket(stateDirectory))));
        steps.add(new Step("wait for the guest's ready line on " + Guest.console(stateDirectory), null, () -> {
            progress.accept("booting the guest (kernel " + image[0].kernelRelease() + ")...");
            long t0 = System.nanoTime();
            String ready = Guest.awaitReady(pid[0], stateDirectory, Guest.READY_TIMEOUT_MS);
            progress.accept("guest ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + ready);
            return null;
        }));
        if (!spec.vcpuCpus().isEmpty()) {
            steps.add(new Step("pin the guest's vCPU threads to CPUs " + spec.vcpuCpus(), null, () -> {
                progress.accept(Guest.pinVcpus(pid[0], spec.vcpuCpus()));
                return null;
            }));
        }
        if (!spec.vhostCpus().isEmpty()) {
            steps.add(new Step("pin the guest's vhost workers to CPUs " + spec.vhostCpus(), null, () -> {
                progress.accept(Guest.pinVhost(pid[0], spec.vhostCpus()));
                return null;
            }));
        }
    }

    /**
     * The VM lab's slave: ptp4l in the guest, steering the guest's own clock from the talker's
     * free-running master; its configuration and log in the share, its socket in the guest's
     * /run. It ends with QEMU. The run starts once its port is SLAVE and, for at most
     * {@link Ptp4l#SETTLE_WAIT_MS}, until three offsets in a row are within 1 ms (under emulation
     * it keeps to 0.2-0.6 ms, never the namespaces' 5 us).
     */
    private void guestPtp() {
        Path share = Guest.share(stateDirectory);
        Path config = share.resolve(Ptp4l.GUEST_CONFIG);
        Path log = share.resolve(Ptp4l.GUEST_LOG);
        Resource file = Resource.file(config);
        steps.add(new Step("write " + config, file, () -> {
            Files.writeString(config, Ptp4l.guestConfigText());
            return file;
        }));
        String inGuest = GuestInit.SHARE_MOUNT + "/";
        steps.add(new Step("ptp4l in the guest", null, () -> {
            Lab.GuestAnswer a = Guest.control(stateDirectory, "(ptp4l -S -i eth0 -f " + inGuest + Ptp4l.GUEST_CONFIG + " > "
                    + inGuest + Ptp4l.GUEST_LOG + " 2>&1 &)", 30_000);
            if (a.status() != 0) throw new LabException("ptp4l in the guest did not start: " + a.output().strip());
            return null;
        }));
        steps.add(Step.alsoMade(Resource.file(log)));
        steps.add(new Step("wait for the guest's ptp4l port to be SLAVE", null, () -> {
            java.util.function.UnaryOperator<String> pmc = request -> Guest.control(stateDirectory, String.join(" ",
                    Ptp4l.pmc(Path.of(Ptp4l.GUEST_SOCKET), "'" + request + "'")), 30_000).output();
            progress.accept("waiting for the guest's ptp4l to lock to the talker's...");
            long t0 = System.nanoTime();
            Ptp4l.awaitSlave(pmc, "the guest's " + Ptp4l.GUEST_SOCKET, log, 1_000_000);
            progress.accept("the guest's ptp4l is SLAVE after " + (System.nanoTime() - t0) / 1_000_000 + " ms, master offset "
                    + Ptp4l.masterOffsetNs(pmc.apply("GET TIME_STATUS_NP")).map(o -> o / 1000 + " us").orElse("not answered"));
            return null;
        }));
    }

    private void hosts() {
        for (Role host : namespaceHosts(spec.topology())) {
            steps.add(Step.configure(Exec.ip(ns(host), "addr", "add",
                    Addressing.ipv4(host) + "/" + Addressing.IPV4_PREFIX, "dev", INTERFACE)));
            steps.add(Step.configure(Exec.ip(ns(host), "addr", "add",
                    Addressing.ipv6(host) + "/" + Addressing.IPV6_PREFIX, "dev", INTERFACE, "nodad")));
            steps.add(Step.configure(Exec.ip(ns(host), "link", "set", INTERFACE, "up")));
        }
    }

    private void shaping() {
        List<List<String>> commands = Shaper.commands(ns(Role.TALKER), INTERFACE, spec.shaping());
        steps.add(Step.command(Resource.qdisc(ns(Role.TALKER), INTERFACE), commands.get(0)));
        for (List<String> c : commands.subList(1, commands.size())) {
            steps.add(Step.configure(c));
        }
    }

    private void ptp() {
        for (Role host : namespaceHosts(spec.topology())) {
            Path config = Ptp4l.config(stateDirectory, host);
            Resource file = Resource.file(config);
            String text = Ptp4l.configText(host, Ptp4l.socket(stateDirectory, host));
            steps.add(new Step("write " + config, file, () -> {
                Files.writeString(config, text);
                return file;
            }));
        }
        for (Role host : namespaceHosts(spec.topology())) {
            Path config = Ptp4l.config(stateDirectory, host);
            Path log = Ptp4l.log(stateDirectory, host);
            Path socket = Ptp4l.socket(stateDirectory, host);
            Resource process = Resource.ptp4l(ns(host), config);
            long[] pid = new long[1];
            steps.add(new Step("ptp4l in " + ns(host), process, () -> {
                pid[0] = Ptp4l.start(ns(host), config, log);
                return process.withPid(pid[0]);
            }));
            steps.add(Step.alsoMade(Resource.file(log)));
            Resource sock = Resource.file(socket);
            steps.add(new Step("wait for " + socket, sock, () -> {
                Ptp4l.awaitSocket(pid[0], config, socket, log);
                return sock;
            }));
        }
        if (spec.topology().hasGuest()) {
            return; // the slave is the guest's ptp4l: guestPtp(), once the guest runs
        }
        Path slave = Ptp4l.socket(stateDirectory, Role.LISTENER);
        steps.add(new Step("pmc -s " + slave + " 'SET SYNCHRONIZATION_UNCERTAIN_NP 0'", null, () -> {
            Ptp4l.declareSynchronized(slave);
            return null;
        }));
        // a run's first seconds are judged by ptp4l's state: it starts once the slave has locked, not while it locks
        steps.add(new Step("wait for the listener's ptp4l port to be SLAVE", null, () -> {
            Ptp4l.awaitSlave(slave, Ptp4l.log(stateDirectory, Role.LISTENER));
            return null;
        }));
    }
}
