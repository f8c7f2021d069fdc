package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.tsnlat.exit.UsageException;

/**
 * The layer-2 framing, version 1: the golden tagged frame decodes (tag, EtherType, the v1 probe
 * inside unchanged) and encodes byte for byte; any tag round-trips; short frames and bad fields
 * are refused.
 */
class EthernetFramingTest {
    private static final byte[] DST = EthernetFraming.parseMac("02:00:5e:10:00:02", "dst");
    private static final byte[] SRC = EthernetFraming.parseMac("02-00-5E-10-00-01", "src");

    @Test
    void theGoldenTaggedFrameDecodesAndEncodesByteForByte() {
        byte[] golden = GoldenProbeTest.readHex("/golden/frame-l2-v1.hex");
        byte[] probe = GoldenProbeTest.readHex("/golden/probe-v1.hex");
        assertThat(golden).hasSize(18 + 80);
        EthernetFraming.Decoded d = new EthernetFraming.Decoded();
        assertThat(EthernetFraming.readHeader(ByteBuffer.wrap(golden), golden.length, d)).isTrue();
        assertThat(d.vlan).isEqualTo(100);
        assertThat(d.pcp).isEqualTo(5);
        assertThat(d.etherType).isEqualTo(EthernetFraming.DEFAULT_ETHER_TYPE);
        assertThat(d.payloadOffset).isEqualTo(18);
        ByteBuffer payload = ByteBuffer.wrap(golden, d.payloadOffset, probe.length).slice();
        Probe p = new Probe();
        assertThat(new ProbeDecoder(0).decode(payload, probe.length, p)).isEqualTo(ProbeDecoder.Verdict.PROBE);
        assertThat(p.seq).isEqualTo(42);

        ByteBuffer out = ByteBuffer.allocate(golden.length);
        int at = EthernetFraming.writeHeader(out, DST, SRC, 100, 5, EthernetFraming.DEFAULT_ETHER_TYPE);
        out.put(at, probe);
        assertThat(out.array()).isEqualTo(golden);
    }

    @Property(tries = 200)
    void anyTagRoundTrips(@ForAll @IntRange(min = 0, max = 4094) int vlan, @ForAll @IntRange(min = 0, max = 7) int pcp,
                          @ForAll @IntRange(min = 0x0600, max = 0xFFFF) int etherType) {
        if (etherType == EthernetFraming.TPID_8021Q) return;
        ByteBuffer buf = ByteBuffer.allocate(64);
        assertThat(EthernetFraming.writeHeader(buf, DST, SRC, vlan, pcp, etherType)).isEqualTo(18);
        EthernetFraming.Decoded d = new EthernetFraming.Decoded();
        assertThat(EthernetFraming.readHeader(buf, 60, d)).isTrue();
        assertThat(d.vlan).isEqualTo(vlan);
        assertThat(d.pcp).isEqualTo(pcp);
        assertThat(d.etherType).isEqualTo(etherType);
    }

    @Test
    void anUntaggedFrameHasItsPayloadAt14AndIsPaddedTo60() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        assertThat(EthernetFraming.writeHeader(buf, DST, SRC, EthernetFraming.NO_TAG, 0, 0x88B6)).isEqualTo(14);
        EthernetFraming.Decoded d = new EthernetFraming.Decoded();
        d.vlan = 7; // from an earlier frame: overwritten
        assertThat(EthernetFraming.readHeader(buf, 60, d)).isTrue();
        assertThat(d.vlan).isEqualTo(EthernetFraming.NO_TAG);
        assertThat(d.pcp).isEqualTo(EthernetFraming.NO_TAG);
        assertThat(d.etherType).isEqualTo(0x88B6);
        assertThat(EthernetFraming.frameBytes(14, 20)).isEqualTo(60);
        assertThat(EthernetFraming.frameBytes(18, 80)).isEqualTo(98);
    }

    @Test
    void shortFramesAndBadFieldsAreRefused() {
        EthernetFraming.Decoded d = new EthernetFraming.Decoded();
        assertThat(EthernetFraming.readHeader(ByteBuffer.allocate(13), 13, d)).isFalse();
        ByteBuffer tagged = ByteBuffer.allocate(17);
        tagged.putShort(12, (short) 0x8100);
        assertThat(EthernetFraming.readHeader(tagged, 17, d)).as("a tag cut short").isFalse();
        assertThatThrownBy(() -> EthernetFraming.parseMac("02:00:5e:10:00", "--dst-mac")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--dst-mac '02:00:5e:10:00' is not a MAC address");
        assertThatThrownBy(() -> EthernetFraming.parseEtherType("0x0800x")).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> EthernetFraming.parseEtherType("1500")).hasMessageContaining("0x0600 to 0xffff");
        assertThatThrownBy(() -> EthernetFraming.parseEtherType("0x8100")).hasMessageContaining("the 802.1Q tag's");
        assertThatThrownBy(() -> EthernetFraming.parseEtherType("0x88a8")).hasMessageContaining("Q-in-Q");
        assertThatThrownBy(() -> EthernetFraming.parseEtherType("0x0800")).hasMessageContaining("IPv4's");
        assertThatThrownBy(() -> EthernetFraming.parseEtherType("34525")).hasMessageContaining("IPv6's"); // 0x86DD
        assertThatThrownBy(() -> EthernetFraming.parseEtherType("0x88F7")).hasMessageContaining("PTP's");
        assertThat(EthernetFraming.parseEtherType("0x88b6")).isEqualTo(0x88B6);
        assertThat(EthernetFraming.parseEtherType("0x22F0")).as("AVTP, a TSN stream's own").isEqualTo(0x22F0);
        assertThat(EthernetFraming.parseEtherType("0x88b5")).isEqualTo(0x88B5);
        assertThatThrownBy(() -> EthernetFraming.checkTag(4095, 0)).hasMessageContaining("--vlan 4095: 0 to 4094");
        assertThatThrownBy(() -> EthernetFraming.checkTag(1, 8)).hasMessageContaining("--pcp 8: 0 to 7");
        assertThat(EthernetFraming.formatMac(SRC)).isEqualTo("02:00:5e:10:00:01");
    }
}
