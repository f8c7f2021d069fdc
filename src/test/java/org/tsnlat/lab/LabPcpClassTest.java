package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.NetNamespace;
import org.tsnlat.linux.PacketSocket;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;
import org.tsnlat.wire.EthernetFraming;

/**
 * The lab's htb classifies layer-2 probes by their 802.1Q priority: frames tagged PCP 4 to 7
 * land in the probe class 1:10, lower ones and untagged ones in the bulk class 1:20, counted by
 * the classes' own packet counters (frames sent from a packet socket in the talker, as
 * {@code send --transport l2 --pcp N} sends them, at SO_PRIORITY N, which names no htb class).
 */
@Needs({Need.ROOT, Need.IP, Need.TC})
class LabPcpClassTest {
    static final String NAME = "tl-pcp";
    static final int EACH = 25;

    @AfterAll
    static void down() {
        LabChecks.downQuietly(NAME);
    }

    @Test
    void tagsOfHighPriorityGoToTheProbeClassAndTheRestToBulk() throws Exception {
        LabState lab = Lab.up(new LabSpec(NAME, Topology.VETH, new Shaping(Shaping.Kind.HTB, Shaping.parseRate("100mbit"),
                Shaping.PtpClass.PRIORITY), false));
        try {
            String ns = lab.bottleneck().namespace();
            String dev = lab.bottleneck().interfaceName();
            Map<String, Long> before = Shaper.classPackets(ns, dev);
            NetNamespace.callIn(ns, () -> {
                try (PacketSocket s = PacketSocket.openSending(dev)) {
                    byte[] to = {2, 0, 0, 0, 0, 1};
                    for (int pcp : new int[] {7, 5, 4, 3, 1, 0}) {
                        s.frame(to, 9, pcp, EthernetFraming.DEFAULT_ETHER_TYPE);
                        s.setPriority(pcp);
                        for (int i = 0; i < EACH; i++) assertThat(s.trySend(64)).isEqualTo(64);
                    }
                    s.frame(to, EthernetFraming.NO_TAG, 0, EthernetFraming.DEFAULT_ETHER_TYPE);
                    for (int i = 0; i < EACH; i++) assertThat(s.trySend(64)).isEqualTo(64);
                }
                return null;
            });
            Thread.sleep(100);
            Map<String, Long> after = Shaper.classPackets(ns, dev);
            long probeClass = after.get("1:10") - before.get("1:10");
            long bulk = after.get("1:20") - before.get("1:20");
            assertThat(probeClass).as("1:10: PCP 7, 5 and 4").isEqualTo(3 * EACH);
            assertThat(bulk).as("1:20: PCP 3, 1, 0 and untagged (and the namespace's own chatter)")
                    .isGreaterThanOrEqualTo(4 * EACH);
        } finally {
            assertThat(Lab.down(NAME)).isTrue();
        }
    }
}
