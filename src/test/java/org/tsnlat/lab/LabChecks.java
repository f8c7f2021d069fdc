package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tsnlat.linux.NetNamespace;
import org.tsnlat.linux.RxInfo;
import org.tsnlat.linux.UdpSocket;

/** What the lab tests check again and again: reachability and that nothing is left behind. */
public final class LabChecks {
    private LabChecks() {
    }

    /** The names of the root namespace's links. */
    public static Set<String> rootLinks() {
        Set<String> names = new HashSet<>();
        for (JsonNode link : Exec.json(List.of("ip", "-j", "link", "show"))) {
            names.add(link.path("ifname").asText());
        }
        return names;
    }

    /** Downs lab {@code name} if it is up, for @AfterAll: never throws over a missing lab. */
    static void downQuietly(String name) {
        try {
            Lab.down(name);
        } catch (RuntimeException e) {
            System.err.println("down " + name + ": " + e.getMessage());
        }
    }

    /**
     * A datagram from a socket opened in the talker namespace reaches a socket opened in the
     * listener namespace, bound to the listener's address, and comes from the talker's address.
     */
    static void assertTalkerReachesListener(LabState lab, StandardProtocolFamily family) throws Exception {
        InetAddress listener = family == StandardProtocolFamily.INET ? lab.ipv4(Role.LISTENER) : lab.ipv6(Role.LISTENER);
        InetAddress talker = family == StandardProtocolFamily.INET ? lab.ipv4(Role.TALKER) : lab.ipv6(Role.TALKER);
        try (UdpSocket rx = NetNamespace.callIn(lab.namespace(Role.LISTENER), () -> {
            UdpSocket s = UdpSocket.open(family);
            s.bind(new InetSocketAddress(listener, 0));
            s.setReceiveTimeoutMs(3_000);
            return s;
        }); UdpSocket tx = NetNamespace.callIn(lab.namespace(Role.TALKER), () -> UdpSocket.open(family))) {
            tx.connect(rx.localAddress());
            tx.txBuffer().putLong(0, 0x7473_6e6c_6174L);
            assertThat(tx.send(8)).isEqualTo(8);
            RxInfo info = new RxInfo();
            assertThat(rx.receive(info)).as("datagram %s -> %s", talker, rx.localAddress()).isEqualTo(8);
            assertThat(rx.rxBuffer().getLong(0)).isEqualTo(0x7473_6e6c_6174L);
            assertThat(info.sourceAddress().getAddress()).isEqualTo(talker);
        }
    }

    /** Nothing of lab {@code lab} remains: namespaces, root links, state file, directory, ptp4l. */
    public static void assertNothingLeft(String name, Set<String> rootLinksBefore, Collection<Long> ptp4lPids) {
        assertThat(Teardown.namespaces()).noneMatch(n -> n.startsWith(name + "-"));
        assertThat(rootLinks()).as("root namespace links").isSubsetOf(rootLinksBefore);
        assertThat(StateFile.path(name)).doesNotExist();
        assertThat(StateFile.path(name).resolveSibling(StateFile.path(name).getFileName() + ".tmp")).doesNotExist();
        assertThat(StateFile.stateDirectory(name)).doesNotExist();
        for (long pid : ptp4lPids) {
            assertThat(alive(pid)).as("ptp4l pid %d alive", pid).isFalse();
        }
    }

    /** Alive and not a zombie. */
    static boolean alive(long pid) {
        try {
            return Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")).length > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
