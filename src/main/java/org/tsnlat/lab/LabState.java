package org.tsnlat.lab;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A lab as it is: what was built, where, and whether it is still all there.
 *
 * @param name the lab's name
 * @param topology how the hosts are joined
 * @param createdAt when {@code up} began
 * @param namespaces the namespace of each role (the switch only for bridge and macvlan)
 * @param ipv4Addresses talker 198.18.0.1, listener 198.18.0.2 (/24)
 * @param ipv6Addresses talker fd54:736e:6c61:7400::1, listener ::2 (/64)
 * @param interfaceName each host's interface, {@code eth0}
 * @param bottleneck where the shaping sits: the talker's eth0
 * @param shaping the rate limit, or null
 * @param probeSoPriority the SO_PRIORITY that puts a probe in the HTB probe class, or -1
 * @param ptpSockets each host's ptp4l management socket (empty without ptp; the VM lab's listener's is in its guest)
 * @param ptp4lPids each host's ptp4l pid as recorded (empty without ptp)
 * @param stateDirectory where configs, logs and sockets live
 * @param health what a live check found
 * @param guest the VM lab's guest (the listener), or null for the other topologies
 */
public record LabState(String name, Topology topology, Instant createdAt, Map<Role, String> namespaces,
        Map<Role, InetAddress> ipv4Addresses, Map<Role, InetAddress> ipv6Addresses, String interfaceName,
        Bottleneck bottleneck, Shaping shaping, int probeSoPriority, Map<Role, Path> ptpSockets,
        Map<Role, Long> ptp4lPids, Path stateDirectory, Health health, GuestState guest) {
    /** {@link #probeClass}'s {@code pcp} for probes without an 802.1Q tag. */
    public static final int UNTAGGED = -1;

    /**
     * The htb class this lab's shaper puts the probes in, sent at {@code soPriority} with a tag of
     * priority {@code pcp} ({@link #UNTAGGED}: none), and why when not the probe class; null
     * without htb. The shaper's own rule ({@link Shaper#probeClass}).
     */
    public String probeClass(int soPriority, int pcp) {
        return probeSoPriority < 0 ? null : Shaper.probeClass(soPriority, pcp);
    }


    /**
     * The VM lab's guest.
     *
     * @param qemuPid QEMU's pid as recorded, or null when it was not started
     * @param console the guest's serial console, a file
     * @param controlSocket the guest's control port (a virtio console), a Unix socket
     * @param share the lab's directory the guest mounts writable at {@code /run/tsnlat-guest}
     * @param net how its NIC is attached
     */
    public record GuestState(Long qemuPid, Path console, Path controlSocket, Path share, GuestNet net) {
        /** The guest's NIC (virtio-net), as its kernel names it. */
        public static final String NIC = "eth0";

        /** Its NIC's MAC, the one QEMU gives it (and the macvtap, with {@link GuestNet#MACVTAP}). */
        public String nicMac() {
            return Guest.MAC;
        }
    }

    /** The shaped egress: {@code interfaceName} in {@code namespace}. */
    public record Bottleneck(String namespace, String interfaceName) {
        @Override
        public String toString() {
            return namespace + ":" + interfaceName + " egress";
        }
    }

    /**
     * What a live check found.
     *
     * @param complete whether {@code up} finished (false after a crash during up)
     * @param missingNamespaces namespaces of the lab that no longer exist
     * @param deadPtp4l roles whose recorded ptp4l no longer runs
     * @param deadGuest whether the VM lab's QEMU no longer runs
     */
    public record Health(boolean complete, List<String> missingNamespaces, List<Role> deadPtp4l, boolean deadGuest) {
        public Health {
            missingNamespaces = List.copyOf(missingNamespaces);
            deadPtp4l = List.copyOf(deadPtp4l);
        }

        public Health(boolean complete, List<String> missingNamespaces, List<Role> deadPtp4l) {
            this(complete, missingNamespaces, deadPtp4l, false);
        }

        public boolean ok() {
            return complete && missingNamespaces.isEmpty() && deadPtp4l.isEmpty() && !deadGuest;
        }
    }

    public LabState {
        namespaces = Map.copyOf(namespaces);
        ipv4Addresses = Map.copyOf(ipv4Addresses);
        ipv6Addresses = Map.copyOf(ipv6Addresses);
        ptpSockets = Map.copyOf(ptpSockets);
        ptp4lPids = Map.copyOf(ptp4lPids);
    }

    /** The namespace of {@code role}, such as {@code tsnlat-talker}. */
    public String namespace(Role role) {
        String ns = namespaces.get(role);
        if (ns == null) {
            throw new IllegalArgumentException("a " + topology.cliName() + " lab has no " + role.suffix());
        }
        return ns;
    }

    public InetAddress ipv4(Role host) {
        return address(ipv4Addresses, host);
    }

    public InetAddress ipv6(Role host) {
        return address(ipv6Addresses, host);
    }

    /** The ptp4l management socket of {@code host}, or null without ptp. */
    public Path ptpSocket(Role host) {
        return ptpSockets.get(host);
    }

    public boolean ptp() {
        return !ptpSockets.isEmpty();
    }

    private InetAddress address(Map<Role, InetAddress> map, Role host) {
        InetAddress a = map.get(host);
        if (a == null) {
            throw new IllegalArgumentException("the " + host.suffix() + " has no address");
        }
        return a;
    }

    /** The state a state file describes, with {@code health} from a live check. */
    static LabState of(StateFile s, Health health) {
        Map<Role, String> ns = new EnumMap<>(Role.class);
        Map<Role, InetAddress> v4 = new EnumMap<>(Role.class);
        Map<Role, InetAddress> v6 = new EnumMap<>(Role.class);
        Map<Role, Path> sockets = new EnumMap<>(Role.class);
        Map<Role, Long> pids = new EnumMap<>(Role.class);
        Path dir = Path.of(s.stateDirectory());
        for (Role role : Plan.roles(s.topology())) {
            ns.put(role, role.namespace(s.name()));
            if (role.isHost()) {
                v4.put(role, Addressing.inet(Addressing.ipv4(role)));
                v6.put(role, Addressing.inet(Addressing.ipv6(role)));
                if (s.ptp()) {
                    sockets.put(role, Ptp4l.socket(dir, role));
                    Path config = Ptp4l.config(dir, role);
                    s.made().stream().filter(r -> r.kind() == Resource.Kind.PTP4L && r.pid() != null
                            && r.path().equals(config)).forEach(r -> pids.put(role, r.pid()));
                }
            }
        }
        GuestState guest = null;
        if (s.topology().hasGuest()) {
            v4.put(Role.LISTENER, Addressing.inet(Addressing.ipv4(Role.LISTENER)));
            v6.put(Role.LISTENER, Addressing.inet(Addressing.ipv6(Role.LISTENER)));
            Long qemu = s.made().stream().filter(r -> r.kind() == Resource.Kind.QEMU && r.pid() != null)
                    .map(Resource::pid).findFirst().orElse(null);
            guest = new GuestState(qemu, Guest.console(dir), Guest.controlSocket(dir), Guest.share(dir), s.guestNetOrDefault());
            if (s.ptp()) {
                sockets.put(Role.LISTENER, Path.of(Ptp4l.GUEST_SOCKET)); // in the guest: read there
            }
        }
        return new LabState(s.name(), s.topology(), Instant.parse(s.createdAt()), ns, v4, v6, Addressing.INTERFACE,
                new Bottleneck(Role.TALKER.namespace(s.name()), Addressing.INTERFACE), s.shaping(),
                Shaper.probeSoPriority(s.shaping()), sockets, pids, dir, health, guest);
    }
}
