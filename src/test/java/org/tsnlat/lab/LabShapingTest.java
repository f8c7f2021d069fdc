package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.NetNamespace;
import org.tsnlat.linux.RxInfo;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** The bottleneck shapes: tbf queues a burst for milliseconds, htb sorts probes from bulk by SO_PRIORITY. */
@Needs({Need.ROOT, Need.IP, Need.TC})
class LabShapingTest {
    static final String TBF = "tl-tbf";
    static final String HTB = "tl-htb";

    @AfterAll
    static void down() {
        LabChecks.downQuietly(TBF);
        LabChecks.downQuietly(HTB);
    }

    @Test
    void htbPutsProbesWithTheirPriorityInClass10AndTheRestInClass20() throws Exception {
        Set<String> rootLinks = LabChecks.rootLinks();
        LabState lab = Lab.up(new LabSpec(HTB, Topology.MACVLAN,
                new Shaping(Shaping.Kind.HTB, Shaping.parseRate("100mbit")), false));
        assertThat(lab.probeSoPriority()).isEqualTo(0x10010);
        assertThat(lab.shaping()).hasToString("htb 100mbit (PTP in priority class 1:10)");

        int probes = 50;
        int bulk = 200;
        try (UdpSocket rx = listenerSocket(lab);
                UdpSocket probe = talkerSocket(lab, rx.localAddress());
                UdpSocket load = talkerSocket(lab, rx.localAddress())) {
            probe.setPriority(lab.probeSoPriority());
            var received = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                RxInfo info = new RxInfo();
                int n = 0;
                while (n < probes + bulk && rx.receive(info) > 0) {
                    n++;
                }
                return n;
            });
            for (int i = 0; i < bulk; i++) {
                assertThat(load.send(200)).isEqualTo(200);
                if (i % 4 == 0 && i / 4 < probes) {
                    assertThat(probe.send(64)).isEqualTo(64);
                }
                if (i % 25 == 24) {
                    Thread.sleep(1); // let the receiver drain: its socket buffer holds ~170 small datagrams
                }
            }
            assertThat(received.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(probes + bulk);
        }
        var classes = Shaper.classPackets(lab.bottleneck().namespace(), lab.bottleneck().interfaceName());
        assertThat(classes.get("1:10")).as("probe class 1:10 in %s", classes).isEqualTo(probes);
        assertThat(classes.get("1:20")).as("bulk class 1:20 in %s", classes).isGreaterThanOrEqualTo(bulk);
        JsonNode leaves = Exec.json(Exec.tc(lab.bottleneck().namespace(), "-s", "-j", "qdisc", "show", "dev",
                lab.bottleneck().interfaceName()));
        assertThat(leafPackets(leaves, "10:")).as("pfifo under 1:10 in %s", leaves).isEqualTo(probes);
        assertThat(leafPackets(leaves, "20:")).as("bfifo under 1:20 in %s", leaves).isGreaterThanOrEqualTo(bulk);

        assertThat(Lab.down(HTB)).isTrue();
        LabChecks.assertNothingLeft(HTB, rootLinks, List.of());
    }

    @Test
    void tbfQueuesABurstForMillisecondsThenDrops() throws Exception {
        Set<String> rootLinks = LabChecks.rootLinks();
        LabState lab = Lab.up(new LabSpec(TBF, Topology.VETH,
                new Shaping(Shaping.Kind.TBF, Shaping.parseRate("10mbit")), false));
        assertThat(lab.probeSoPriority()).isEqualTo(-1);
        JsonNode qdiscs = Exec.json(Exec.tc(lab.bottleneck().namespace(), "-s", "-j", "qdisc", "show", "dev", "eth0"));
        assertThat(qdiscs.get(0).path("kind").asText()).isEqualTo("tbf");
        assertThat(qdiscs.get(0).path("root").asBoolean()).isTrue();

        int sent = 40; // 40 x 1000 bytes = 32 ms at 10 Mbit/s, beyond the ~7 ms queue
        List<Long> arrivalsNs = new ArrayList<>();
        try (UdpSocket rx = listenerSocket(lab); UdpSocket tx = talkerSocket(lab, rx.localAddress())) {
            rx.enableTimestamping(true, false, null);
            Thread.sleep(UdpSocket.RX_TIMESTAMPING_SETTLE_MS);
            for (int i = 0; i < sent; i++) {
                tx.trySend(1000);
            }
            rx.setReceiveTimeoutMs(500);
            RxInfo info = new RxInfo();
            while (rx.receive(info) > 0) {
                arrivalsNs.add(info.swRxNs);
            }
        }
        assertThat(arrivalsNs).hasSizeBetween(3, sent - 1).doesNotContain(RxInfo.ABSENT);
        long spreadNs = arrivalsNs.get(arrivalsNs.size() - 1) - arrivalsNs.get(0);
        assertThat(spreadNs).as("time the burst spent draining, ns").isBetween(3_000_000L, 100_000_000L);
        qdiscs = Exec.json(Exec.tc(lab.bottleneck().namespace(), "-s", "-j", "qdisc", "show", "dev", "eth0"));
        assertThat(qdiscs.get(0).path("drops").asLong()).as("%s", qdiscs).isPositive();

        assertThat(Lab.down(TBF)).isTrue();
        LabChecks.assertNothingLeft(TBF, rootLinks, List.of());
    }

    static UdpSocket listenerSocket(LabState lab) throws Exception {
        return NetNamespace.callIn(lab.namespace(Role.LISTENER), () -> {
            UdpSocket s = UdpSocket.open(StandardProtocolFamily.INET);
            s.bind(new InetSocketAddress(lab.ipv4(Role.LISTENER), 0));
            s.setReceiveTimeoutMs(3_000);
            return s;
        });
    }

    static UdpSocket talkerSocket(LabState lab, InetSocketAddress to) throws Exception {
        UdpSocket s = NetNamespace.callIn(lab.namespace(Role.TALKER), () -> UdpSocket.open(StandardProtocolFamily.INET));
        s.connect(to);
        return s;
    }

    static long leafPackets(JsonNode qdiscs, String handle) {
        for (JsonNode q : qdiscs) {
            if (handle.equals(q.path("handle").asText())) {
                return q.path("packets").asLong(-1);
            }
        }
        return -1;
    }
}
