package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.tsnlat.record.Timestamps;

/**
 * Coverage-guided fuzzing of {@link ProbeDecoder#decode} (docs/testing.md, "Fuzzing"): whatever
 * arrives on the port gets a verdict, is counted once, and is decoded the same whatever length
 * beyond the buffer the caller claims; a decoded probe re-encodes to the bytes it came from.
 * Seeds: {@code ProbeDecoderFuzzTestInputs/decode/}.
 */
class ProbeDecoderFuzzTest {
    private static final long SESSION = 0x0123456789abcdefL;
    private static final long SENTINEL = 0x5A5A5A5A5A5A5A5AL;

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] datagram) {
        ProbeDecoder locking = new ProbeDecoder(0);
        ProbeDecoder fixed = new ProbeDecoder(SESSION);
        Probe out = sentinel();
        ProbeDecoder.Verdict v = locking.decode(ByteBuffer.wrap(datagram), datagram.length, out);
        // a length past the buffer is cut to it: same verdict, same probe
        Probe again = sentinel();
        ProbeDecoder.Verdict cut = fixed.decode(ByteBuffer.wrap(datagram), datagram.length + 1000, again);

        assertThat(total(locking)).isEqualTo(1);
        assertThat(total(fixed)).isEqualTo(1);
        assertThat(locking.count(v)).isEqualTo(1);
        assertThat(locking.rejected()).isEqualTo(v == ProbeDecoder.Verdict.PROBE || v == ProbeDecoder.Verdict.END ? 0 : 1);
        if (datagram.length < 4) {
            assertThat(v).isEqualTo(ProbeDecoder.Verdict.TRUNCATED);
        } else if (ByteBuffer.wrap(datagram).getInt(0) != ProbeHeader.MAGIC) {
            assertThat(v).isEqualTo(ProbeDecoder.Verdict.FOREIGN);
        }
        switch (v) {
            case PROBE, END, OTHER_SESSION -> {
                assertThat(out.lengthBytes).isEqualTo(datagram.length);
                assertThat(out.sessionId).isNotZero();
                assertThat(out.seq).isNotNegative();
                assertThat(v == ProbeDecoder.Verdict.END).isEqualTo(out.isEnd() && out.sessionId == locking.sessionId());
                assertThat(again.sessionId).isEqualTo(out.sessionId);
                assertThat(again.seq).isEqualTo(out.seq);
                assertThat(cut).isEqualTo(out.sessionId != SESSION ? ProbeDecoder.Verdict.OTHER_SESSION
                        : out.isEnd() ? ProbeDecoder.Verdict.END : ProbeDecoder.Verdict.PROBE);
                assertReencodes(datagram, out);
            }
            default -> {
                assertThat(out.sessionId).as("left unchanged").isEqualTo(SENTINEL);
                assertThat(out.lengthBytes).as("left unchanged").isEqualTo(-1);
                assertThat(cut).isEqualTo(v);
            }
        }
    }

    /** The probe the decoder read, encoded again, is the header it was read from. */
    private static void assertReencodes(byte[] datagram, Probe p) {
        // a follow-up flagged with -2^63 (the absent value) is malformed: every decoded follow-up is a value
        assertThat(p.fuSchedTxNs != Timestamps.ABSENT).isEqualTo((p.flags & ProbeHeader.FLAG_FU_SCHED) != 0);
        assertThat(p.fuSwTxNs != Timestamps.ABSENT).isEqualTo((p.flags & ProbeHeader.FLAG_FU_SW) != 0);
        assertThat(p.fuHwTxNs != Timestamps.ABSENT).isEqualTo((p.flags & ProbeHeader.FLAG_FU_HW) != 0);
        boolean sealed = (p.flags & ProbeHeader.FLAG_AUTH) != 0;
        Probe plain = new Probe().copyFrom(p);
        plain.flags &= ~ProbeHeader.FLAG_AUTH; // the AUTH flag and its header length come from Hmac.sealProbe
        ByteBuffer re = ByteBuffer.allocate(ProbeHeader.HEADER_BYTES);
        ProbeEncoder.encode(re, plain, ProbeHeader.HEADER_BYTES);
        if (sealed) {
            re.put(ProbeHeader.FLAGS_OFFSET, (byte) (re.get(ProbeHeader.FLAGS_OFFSET) | ProbeHeader.FLAG_AUTH));
            re.putShort(ProbeHeader.HEADER_LENGTH_OFFSET, (short) ProbeHeader.AUTH_HEADER_BYTES);
        }
        byte[] header = new byte[ProbeHeader.HEADER_BYTES];
        re.get(0, header);
        assertThat(header).isEqualTo(java.util.Arrays.copyOf(datagram, ProbeHeader.HEADER_BYTES));
    }

    private static Probe sentinel() {
        Probe p = new Probe();
        p.sessionId = SENTINEL;
        p.seq = SENTINEL;
        p.lengthBytes = -1;
        return p;
    }

    private static long total(ProbeDecoder decoder) {
        return HostileDatagramProperties.totalCount(decoder);
    }
}
