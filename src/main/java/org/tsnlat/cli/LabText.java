package org.tsnlat.cli;

import java.io.PrintStream;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabState;
import org.tsnlat.lab.Role;
import org.tsnlat.lab.Topology;

/** The short human description of a lab that up and status print. */
final class LabText {
    private LabText() {
    }

    static void print(LabState s, PrintStream out) {
        out.printf("  topology  %s, since %s%n", s.topology().cliName(), s.createdAt());
        for (Role host : new Role[] {Role.TALKER, Role.LISTENER}) {
            String where = s.guest() != null && host == Role.LISTENER ? "guest (QEMU pid " + s.guest().qemuPid() + ")"
                    : s.namespace(host);
            out.printf("  %-9s %s  %s %s/24 %s/64%n", host.suffix(), where, s.interfaceName(),
                    s.ipv4(host).getHostAddress(), org.tsnlat.text.Addresses.text(s.ipv6(host)));
        }
        if (s.guest() != null) {
            String nic = s.guest().net() == org.tsnlat.lab.GuestNet.MACVTAP
                    ? "macvtap mvtap0 (mode bridge) on p-talker, the talker's veth: the guest's virtio-net NIC"
                    : "bridge br0 with ports p-talker, tap0 (the guest's virtio-net NIC)";
            out.printf("  %-9s %s  %s; QEMU runs here%n", "switch", s.namespace(Role.SWITCH), nic);
            out.printf("  guest     console %s, control %s, share %s (/run/tsnlat-guest in the guest)%n",
                    s.guest().console(), s.guest().controlSocket(), s.guest().share());
        } else if (s.topology() != Topology.VETH) {
            out.printf("  %-9s %s  %s%n", "switch", s.namespace(Role.SWITCH),
                    s.topology() == Topology.BRIDGE ? "bridge br0 with ports p-talker, p-listener"
                            : "macvlan (bridge mode) on link 'parent'");
        }
        if (s.shaping() == null) {
            out.printf("  shaping   none%n");
        } else {
            String probeClass = s.probeSoPriority() < 0 ? ""
                    : "; probes with SO_PRIORITY 0x" + Integer.toHexString(s.probeSoPriority())
                            + " go to class 1:10 (tsnlat send --so-priority " + s.probeSoPriority() + ")";
            out.printf("  shaping   %s on %s%s%n", s.shaping(), s.bottleneck(), probeClass);
        }
        if (s.ptp()) {
            for (Role host : new Role[] {Role.TALKER, Role.LISTENER}) {
                Long pid = s.ptp4lPids().get(host);
                String state = s.health().deadPtp4l().contains(host) ? "not running"
                        : Lab.ptpPortState(s, host).orElse("no answer");
                out.printf("  ptp4l     %-8s pid %s, %s, socket %s%n", host.suffix(), pid == null ? "-" : pid, state,
                        s.ptpSocket(host));
            }
        }
        out.printf("  files     %s%n", s.stateDirectory());
        if (!s.health().complete()) {
            out.printf("  problem   its set-up did not finish; run 'tsnlat lab down%s'%n", Lab.nameOption(s.name()));
        }
        for (String ns : s.health().missingNamespaces()) {
            out.printf("  problem   namespace %s is gone%n", ns);
        }
        for (Role host : s.health().deadPtp4l()) {
            out.printf("  problem   ptp4l of the %s is not running%n", host.suffix());
        }
        if (s.health().deadGuest()) {
            out.printf("  problem   the guest's QEMU is not running (its console: %s)%n", s.guest().console());
        }
    }

}
