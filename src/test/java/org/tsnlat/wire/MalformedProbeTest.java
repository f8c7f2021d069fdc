package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tsnlat.wire.ProbeDecoder.Verdict;

class MalformedProbeTest {

    private static Verdict decodeAfter(Consumer<ByteBuffer> damage) {
        ByteBuffer buf = ByteBuffer.allocate(64);
        ProbeEncoder.encode(buf, ProbeSamples.probe(11, 4), 64);
        damage.accept(buf);
        ProbeDecoder decoder = new ProbeDecoder(11);
        Verdict v = decoder.decode(buf, 64, new Probe());
        assertThat(decoder.count(v)).isEqualTo(1);
        assertThat(decoder.rejected()).isEqualTo(v == Verdict.PROBE || v == Verdict.END ? 0 : 1);
        return v;
    }

    @Test
    void anIntactProbeIsAccepted() {
        assertThat(decodeAfter(b -> { })).isEqualTo(Verdict.PROBE);
    }

    @Test
    void aWrongMagicIsForeign() {
        assertThat(decodeAfter(b -> b.put(0, (byte) 'X'))).isEqualTo(Verdict.FOREIGN);
    }

    @Test
    void aShortDatagramWithAWrongMagicIsForeign() {
        ByteBuffer dns = ByteBuffer.wrap(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0});
        assertThat(new ProbeDecoder(0).decode(dns, 10, new Probe())).isEqualTo(Verdict.FOREIGN);
    }

    @Test
    void anUnknownVersionIsBadVersion() {
        assertThat(decodeAfter(b -> b.put(ProbeHeader.VERSION_OFFSET, (byte) 2))).isEqualTo(Verdict.BAD_VERSION);
        assertThat(decodeAfter(b -> b.put(ProbeHeader.VERSION_OFFSET, (byte) 0))).isEqualTo(Verdict.BAD_VERSION);
    }

    @Test
    void reservedFlagBitsAreMalformed() {
        // bit 6 is AUTH now: with a 64-byte header it is no authenticated probe either
        assertThat(decodeAfter(b -> b.put(ProbeHeader.FLAGS_OFFSET, (byte) (b.get(ProbeHeader.FLAGS_OFFSET) | 0x40))))
                .isEqualTo(Verdict.MALFORMED);
        assertThat(decodeAfter(b -> b.put(ProbeHeader.FLAGS_OFFSET, (byte) (b.get(ProbeHeader.FLAGS_OFFSET) | 0x80))))
                .isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aHeaderLengthOtherThan64IsMalformed() {
        assertThat(decodeAfter(b -> b.putShort(ProbeHeader.HEADER_LENGTH_OFFSET, (short) 32)))
                .isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void sessionZeroIsMalformed() {
        assertThat(decodeAfter(b -> b.putLong(ProbeHeader.SESSION_ID_OFFSET, 0))).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aSequenceAbove2To63IsMalformed() {
        assertThat(decodeAfter(b -> b.putLong(ProbeHeader.SEQ_OFFSET, -1))).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aFollowUpFlagWithAZeroTimestampIsMalformed() {
        assertThat(decodeAfter(b -> b.putLong(ProbeHeader.FU_HW_TX_OFFSET, 0))).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aFollowUpFlagWithTheAbsentValueIsMalformed() {
        // -2^63 stands for "absent" in a record: a flagged one would decode as absent and not re-encode
        assertThat(decodeAfter(b -> b.putLong(ProbeHeader.FU_HW_TX_OFFSET, Long.MIN_VALUE))).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aFollowUpTimestampWithoutItsFlagIsMalformed() {
        assertThat(decodeAfter(b -> b.put(ProbeHeader.FLAGS_OFFSET,
                (byte) (b.get(ProbeHeader.FLAGS_OFFSET) & ~ProbeHeader.FLAG_FU_SW)))).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aRejectedDatagramLeavesTheOutputProbeUnchanged() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        ProbeEncoder.encode(buf, ProbeSamples.probe(11, 4), 64);
        buf.putLong(ProbeHeader.SESSION_ID_OFFSET, 0);
        Probe out = ProbeSamples.probe(5, 99);
        new ProbeDecoder(0).decode(buf, 64, out);
        assertThat(out.sessionId).isEqualTo(5);
        assertThat(out.seq).isEqualTo(99);
    }
}
