package org.tsnlat.env;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * Takes an {@link EnvSnapshot} of this host. Each probe reads what it can and records what it
 * cannot in the snapshot's {@code unreadable} map; nothing here throws for a missing or
 * unreadable source, so a snapshot taken without root is simply less complete.
 */
public final class EnvCollector {
    private EnvCollector() {
    }

    /** A snapshot of this host, as {@code req} asks. Takes a fraction of a second (more with a netns). */
    public static EnvSnapshot collect(EnvRequest req) {
        Reads reads = new Reads();
        String takenAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        EnvSnapshot.Host host = HostProbe.collect(reads);
        EnvSnapshot.Kernel kernel = KernelProbe.collect(reads);
        EnvSnapshot interfaces = req.netns() == null
                ? collectInterfaces(req.interfaces(), reads)
                : NetnsProbe.collect(req.netns(), req.interfaces(), reads);
        return new EnvSnapshot(EnvSnapshot.FORMAT, EnvSnapshot.VERSION, takenAt, host, kernel,
                interfaces.irqs(), ThreadProbe.collect(req.tsnlatThreads(), reads), interfaces.net(),
                PtpProbe.collect(reads), PmQosProbe.collect(reads), reads.unreadable());
    }

    /**
     * The interfaces that carry a default route (IPv4 or IPv6) in {@code netns} (null: this
     * process's namespace), or {@code lo} when there is none.
     */
    public static List<String> defaultInterfaces(String netns) {
        Set<String> found = new LinkedHashSet<>();
        found.addAll(DefaultRoutes.ipv4(read(netns, "/proc/net/route")));
        found.addAll(DefaultRoutes.ipv6(read(netns, "/proc/net/ipv6_route")));
        return found.isEmpty() ? List.of("lo") : new ArrayList<>(found);
    }

    /**
     * The interface a one-ended measurement in this process's namespace uses: for a receiver, the
     * one holding the address it binds; for a sender, the one the kernel routes its destination
     * through (a UDP socket connected to it, which sends nothing, tells the source address the
     * kernel chose). So a host without a default route (a VM guest on a lab bridge) names its
     * NIC, not lo, when bound to its address. Where neither tells (a wildcard bind, no route),
     * the default-route interfaces (lo when there are none).
     */
    public static List<String> interfacesFor(java.net.InetAddress address, boolean receiver) {
        if (address.isLoopbackAddress()) return List.of("lo");
        try {
            java.net.InetAddress local = address;
            if (!receiver) {
                try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
                    probe.connect(address, 9);
                    local = probe.getLocalAddress();
                }
            }
            if (!local.isAnyLocalAddress()) {
                java.net.NetworkInterface nic = java.net.NetworkInterface.getByInetAddress(local);
                if (nic != null) return List.of(nic.getName());
            }
        } catch (IOException | RuntimeException e) {
            // no route, or an address not here: the defaults below
        }
        return defaultInterfaces(null);
    }

    /** Only the interface topics (net, irqs) in this process's namespace; the rest null. */
    static EnvSnapshot collectInterfaces(List<String> interfaces, Reads reads) {
        SortedMap<String, EnvSnapshot.NetInterface> net = NetProbe.collect(interfaces, reads);
        SortedMap<String, EnvSnapshot.Irq> irqs = IrqProbe.collect(interfaces, reads);
        return new EnvSnapshot(EnvSnapshot.FORMAT, EnvSnapshot.VERSION, null, null, null, irqs,
                null, net, null, null, reads.unreadable());
    }

    /** A /proc file as seen from {@code netns}: read directly in this process's own (null), no cat. */
    private static String read(String netns, String file) {
        try {
            if (netns == null) {
                return java.nio.file.Files.readString(java.nio.file.Path.of(file));
            }
            Subprocess.Result r = Subprocess.run(Subprocess.inNetns(netns, List.of("cat", file)));
            return r.exitCode() == 0 ? r.stdout() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Entry for {@link NetnsProbe}'s child JVM: prints the interface topics as JSON. */
    static void printInterfaces(String[] interfaces) throws IOException {
        EnvSnapshot s = collectInterfaces(List.of(interfaces), new Reads());
        System.out.println(EnvJson.write(s));
    }
}
