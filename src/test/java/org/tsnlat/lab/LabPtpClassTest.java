package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tsnlat.linux.NetNamespace;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * htb's u32 filters put PTP messages where asked, counted by the classes' own packet counters:
 * datagrams to UDP ports 319 and 320 (IPv4 and IPv6) and PTP over Ethernet (EtherType 0x88F7,
 * sent by a real ptp4l with {@code network_transport L2}) land in class 1:10 by default and in
 * the bulk class 1:20 with {@link Shaping.PtpClass#BULK}; the lab's own ptp4l (UDPv4) likewise.
 */
@Needs({Need.ROOT, Need.IP, Need.TC, Need.PTP4L, Need.PMC})
class LabPtpClassTest {
    static final String UDP = "tl-ptpc";
    static final String LAB_PTP = "tl-ptpc4l";
    static final int PER_PORT = 7;
    static final int OTHER = 11;

    @TempDir Path temp;

    @AfterAll
    static void down() {
        LabChecks.downQuietly(UDP);
        LabChecks.downQuietly(LAB_PTP);
    }

    @ParameterizedTest
    @EnumSource(Shaping.PtpClass.class)
    void udpAndLayer2PtpLandInTheChosenClassAndNothingElseJoinsThem(Shaping.PtpClass ptpClass) throws Exception {
        LabState lab = Lab.up(new LabSpec(UDP, Topology.VETH,
                new Shaping(Shaping.Kind.HTB, Shaping.parseRate("100mbit"), ptpClass), false));
        try {
            Map<String, Long> before = classPackets(lab);
            for (StandardProtocolFamily family : List.of(StandardProtocolFamily.INET, StandardProtocolFamily.INET6)) {
                InetAddress to = family == StandardProtocolFamily.INET ? lab.ipv4(Role.LISTENER) : lab.ipv6(Role.LISTENER);
                for (int port : List.of(319, 320, 7788)) {
                    int n = port == 7788 ? OTHER : PER_PORT;
                    InetSocketAddress at = new InetSocketAddress(to, port);
                    // a bound receiver, so no port unreachable refuses the next send
                    try (UdpSocket rx = NetNamespace.callIn(lab.namespace(Role.LISTENER), () -> {
                        UdpSocket r = UdpSocket.open(family);
                        r.bind(at);
                        return r;
                    }); UdpSocket tx = NetNamespace.callIn(lab.namespace(Role.TALKER), () -> UdpSocket.open(family))) {
                        tx.connect(at);
                        for (int i = 0; i < n; i++) {
                            assertThat(tx.send(44)).isEqualTo(44);
                        }
                    }
                }
            }
            Thread.sleep(100);
            long udpPtp = 2 * 2 * PER_PORT;
            Map<String, Long> udp = since(before, classPackets(lab));
            // class 1:10 sees nothing but what the filters send it; 1:20 also gets ARP, ND and MLD
            assertPtpIn(ptpClass, udp, udpPtp, 2 * OTHER);

            long layer2 = layer2Ptp(lab);
            Map<String, Long> after = since(before, classPackets(lab));
            assertThat(layer2).as("0x88F7 frames ptp4l -2 sent, by its class's growth").isPositive();
            assertPtpIn(ptpClass, after, udpPtp + layer2, 2 * OTHER);
        } finally {
            assertThat(Lab.down(UDP)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Shaping.PtpClass.class)
    void theLabsOwnPtp4lSendsThroughTheChosenClass(Shaping.PtpClass ptpClass) throws Exception {
        LabState lab = Lab.up(new LabSpec(LAB_PTP, Topology.BRIDGE,
                new Shaping(Shaping.Kind.HTB, Shaping.parseRate("50mbit"), ptpClass), true));
        try {
            assertThat(lab.shaping().ptpClass()).isEqualTo(ptpClass);
            awaitPortState(lab, Role.TALKER, "MASTER");
            Map<String, Long> before = classPackets(lab);
            Thread.sleep(3_000); // Sync, Follow_Up and Announce once a second, Delay_Resp for each Delay_Req
            Map<String, Long> grown = since(before, classPackets(lab));
            String other = ptpClass == Shaping.PtpClass.PRIORITY ? "1:20" : "1:10";
            assertThat(grown.get(ptpClass.classId())).as("class %s in %s", ptpClass.classId(), grown)
                    .isGreaterThanOrEqualTo(6);
            if (ptpClass == Shaping.PtpClass.BULK) {
                assertThat(grown.get(other)).as("class %s in %s", other, grown).isZero();
            }
        } finally {
            assertThat(Lab.down(LAB_PTP)).isTrue();
        }
    }

    private static void awaitPortState(LabState lab, Role host, String state) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!Lab.ptpPortState(lab, host).orElse("").equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(Lab.ptpPortState(lab, host)).as("%s's ptp4l port state", host.suffix()).contains(state);
    }

    /** Class 1:10 got exactly {@code ptp} packets (priority) or none (bulk); 1:20 the rest. */
    private static void assertPtpIn(Shaping.PtpClass ptpClass, Map<String, Long> grown, long ptp, long other) {
        if (ptpClass == Shaping.PtpClass.PRIORITY) {
            assertThat(grown.get("1:10")).as("priority class 1:10 in %s", grown).isEqualTo(ptp);
            assertThat(grown.get("1:20")).as("bulk class 1:20 in %s", grown).isGreaterThanOrEqualTo(other);
        } else {
            assertThat(grown.get("1:10")).as("priority class 1:10 in %s", grown).isZero();
            assertThat(grown.get("1:20")).as("bulk class 1:20 in %s", grown).isGreaterThanOrEqualTo(ptp + other);
        }
    }

    /**
     * Runs a free-running ptp4l over layer 2 in the talker for 2.5 s (it becomes master after half
     * a second and sends Announce, Sync and Follow_Up four times a second); returns how many
     * packets the PTP class gained meanwhile (for bulk, the bulk class: nothing else is sent).
     */
    private long layer2Ptp(LabState lab) throws Exception {
        Path config = temp.resolve("ptp4l-l2.cfg");
        Path socket = temp.resolve("ptp4l-l2.sock");
        Path log = temp.resolve("ptp4l-l2.log");
        Files.writeString(config, """
                [global]
                free_running 1
                kernel_leap 0
                network_transport L2
                time_stamping software
                logSyncInterval -2
                logAnnounceInterval -2
                announceReceiptTimeout 2
                use_syslog 0
                verbose 1
                uds_address %s
                """.formatted(socket));
        String ptpClassId = lab.shaping().ptpClass().classId();
        long before = classPackets(lab).get(ptpClassId);
        long pid = Ptp4l.start(lab.namespace(Role.TALKER), config, log);
        try {
            Thread.sleep(2_500);
        } finally {
            assertThat(Ptp4l.stop(pid, config)).as("ptp4l -2 (pid %d) stopped; log:%n%s", pid,
                    Files.exists(log) ? Files.readString(log) : "").isTrue();
        }
        Thread.sleep(100);
        return classPackets(lab).get(ptpClassId) - before;
    }

    private static Map<String, Long> classPackets(LabState lab) {
        return Shaper.classPackets(lab.bottleneck().namespace(), lab.bottleneck().interfaceName());
    }

    private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> now) {
        Map<String, Long> d = new java.util.TreeMap<>();
        now.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }
}
