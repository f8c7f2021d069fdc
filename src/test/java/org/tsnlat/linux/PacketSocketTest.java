package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;
import org.tsnlat.wire.EthernetFraming;

/**
 * A packet socket on loopback (frames sent on lo come back in as received ones): the payload at 0
 * of both buffers, the EtherType filter (other EtherTypes and the host's own outgoing copy kept
 * out), a tag read back (stripped by the kernel into PACKET_AUXDATA), the source MAC, software
 * RX timestamps, and TX timestamps numbered by OPT_ID on the error queue.
 */
@Needs(Need.ROOT)
class PacketSocketTest {
    private static final int ET = EthernetFraming.DEFAULT_ETHER_TYPE;
    private static final byte[] LO_MAC = new byte[6];

    private static PacketSocket receiver() throws InterruptedException {
        PacketSocket rx = PacketSocket.openReceiving("lo", ET);
        rx.setReceiveTimeoutMs(300);
        rx.enableTimestamping(true, false);
        Thread.sleep(UdpSocket.RX_TIMESTAMPING_SETTLE_MS);
        return rx;
    }

    @Test
    void framesOfTheEtherTypeArriveOnceWithTheirPayloadAtZeroAndOthersAreKeptOut() throws Exception {
        try (PacketSocket rx = receiver(); PacketSocket tx = PacketSocket.openSending("lo")) {
            assertThat(tx.mac()).isEqualTo(LO_MAC);
            tx.enableTimestamping(false, true);
            RxInfo info = new RxInfo();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tx.frame(LO_MAC, EthernetFraming.NO_TAG, 0, ET + 1); // another EtherType: kept out
                tx.txBuffer().putLong(0, -1);
                assertThat(tx.trySend(64)).isEqualTo(64);
                tx.frame(LO_MAC, EthernetFraming.NO_TAG, 0, ET);
                tx.txBuffer().putLong(0, 1000 + i).putInt(8, 0xCAFEBABE);
                assertThat(tx.trySend(64)).isEqualTo(64);
                assertThat(rx.receive(info)).isEqualTo(64);
                assertThat(rx.rxBuffer().getLong(0)).isEqualTo(1000 + i);
                assertThat(rx.rxBuffer().getInt(8)).isEqualTo(0xCAFEBABE);
                assertThat(info.link).isTrue();
                assertThat(info.vlan).isEqualTo(RxInfo.NO_TAG);
                assertThat(info.swRxNs).isNotEqualTo(RxInfo.ABSENT);
            }
            assertThat(rx.receive(info)).as("nothing else: no other EtherType, no outgoing copy").isEqualTo(-1);
            long deadline = System.nanoTime() + 2_000_000_000L;
            TxTimestamp stamp = new TxTimestamp();
            while (ids.size() < 12 && System.nanoTime() < deadline) {
                if (tx.pollTxTimestamp(stamp)) ids.add(stamp.id);
                else Thread.sleep(5);
            }
            // SCHED and SND for each of the 6 frames, numbered 0..5 in send order
            assertThat(ids).hasSize(12);
            assertThat(ids.stream().distinct().sorted().toList()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void aTaggedFramesVlanAndPcpAreReadBackAndAShortPayloadIsPadded() throws Exception {
        try (PacketSocket rx = receiver(); PacketSocket tx = PacketSocket.openSending("lo")) {
            RxInfo info = new RxInfo();
            int[][] tags = {{0, 5}, {7, 3}, {4094, 7}};
            for (int[] tag : tags) {
                tx.frame(LO_MAC, tag[0], tag[1], ET);
                tx.txBuffer().putInt(0, 0x01020304);
                assertThat(tx.trySend(4)).isEqualTo(4);
                // padded to the 60-byte minimum: the payload read back is 60 - 18 long
                assertThat(rx.receive(info)).as("tag %d/%d", tag[0], tag[1]).isEqualTo(60 - 18);
                assertThat(rx.rxBuffer().getInt(0)).isEqualTo(0x01020304);
                assertThat(rx.rxBuffer().getInt(4)).isZero();
                assertThat(info.vlan).isEqualTo(tag[0]);
                assertThat(info.pcp).isEqualTo(tag[1]);
            }
        }
    }

    /**
     * Two tags (Q-in-Q with 0x8100 twice): the kernel strips the outer one into PACKET_AUXDATA, the
     * inner one stays in the frame; the socket takes it out, so the probe is still at 0, and reports
     * the inner tag (the stream's own).
     */
    @Test
    void aTagLeftInTheFrameIsTakenOutAndReported() throws Exception {
        try (PacketSocket rx = receiver(); PacketSocket tx = PacketSocket.openSending("lo")) {
            RxInfo info = new RxInfo();
            tx.frame(LO_MAC, 100, 1, EthernetFraming.TPID_8021Q); // outer tag, then the inner one in the payload
            tx.txBuffer().putShort(0, (short) ((6 << 13) | 42)).putShort(2, (short) ET).putLong(4, 0x0102030405060708L);
            assertThat(tx.trySend(4 + 64)).isEqualTo(4 + 64);
            assertThat(rx.receive(info)).isEqualTo(64);
            assertThat(rx.rxBuffer().getLong(0)).isEqualTo(0x0102030405060708L);
            assertThat(info.vlan).isEqualTo(42);
            assertThat(info.pcp).isEqualTo(6);
        }
    }

    @Test
    void aReflectionGoesToTheSourceMacOfTheFrameItAnswers() throws Exception {
        try (PacketSocket rx = receiver(); PacketSocket tx = PacketSocket.openSending("lo")) {
            RxInfo info = new RxInfo();
            tx.frame(LO_MAC, EthernetFraming.NO_TAG, 0, ET);
            tx.txBuffer().putLong(0, 7);
            tx.trySend(64);
            assertThat(rx.receive(info)).isEqualTo(64);
            assertThat(java.util.Arrays.copyOf(info.sourceAddressBytes, 6)).isEqualTo(LO_MAC);
            // a frame to another host's MAC is kept out (PACKET_OTHERHOST) ...
            rx.frame(new byte[] {2, 0, 0, 0, 0, 9}, EthernetFraming.NO_TAG, 0, ET);
            rx.txBuffer().putLong(0, 9);
            assertThat(rx.trySend(64)).isEqualTo(64);
            assertThat(rx.receive(info)).as("a frame for 02:00:00:00:00:09").isEqualTo(-1);
            // ... so this one arrives only because trySendTo addressed it to the source MAC (lo's)
            rx.txBuffer().putLong(0, 8);
            assertThat(rx.trySendTo(64, info)).isEqualTo(64);
            assertThat(rx.receive(info)).isEqualTo(64);
            assertThat(rx.rxBuffer().getLong(0)).isEqualTo(8);
        }
    }

    @Test
    void loIsUpAndItsMtuRead() {
        try (PacketSocket s = PacketSocket.openSending("lo")) {
            assertThat(s.interfaceUp()).isTrue();
            assertThat(s.mtu()).isEqualTo(65536);
        }
    }

    @Test
    void anInterfaceThatIsNotThereIsNamedInTheError() {
        assertThatThrownBy(() -> PacketSocket.openSending("nosuch0")).isInstanceOf(LinuxException.class)
                .hasMessageContaining("if_nametoindex").hasMessageContaining("nosuch0");
    }
}
