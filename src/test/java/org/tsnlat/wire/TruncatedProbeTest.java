package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.tsnlat.wire.ProbeDecoder.Verdict;

class TruncatedProbeTest {

    @Test
    void everyCutInsideTheHeaderIsTruncatedAndEveryCutInThePaddingStillAProbe() {
        int sizeBytes = 200;
        ByteBuffer buf = ByteBuffer.allocate(sizeBytes);
        ProbeEncoder.encode(buf, ProbeSamples.probe(9, 5), sizeBytes);
        ProbeDecoder decoder = new ProbeDecoder(9);
        for (int length = 0; length < sizeBytes; length++) {
            ByteBuffer cut = ByteBuffer.allocate(length).put(0, buf, 0, length);
            Probe out = new Probe();
            Verdict v = decoder.decode(cut, length, out);
            if (length < ProbeHeader.HEADER_BYTES) {
                assertThat(v).as("length %d", length).isEqualTo(Verdict.TRUNCATED);
            } else {
                assertThat(v).as("length %d", length).isEqualTo(Verdict.PROBE);
                assertThat(out.lengthBytes).isEqualTo(length);
            }
        }
        assertThat(decoder.count(Verdict.TRUNCATED)).isEqualTo(64);
        assertThat(decoder.count(Verdict.PROBE)).isEqualTo(sizeBytes - 64);
    }

    @Test
    void aLengthBeyondTheBufferLimitIsCutToTheLimit() {
        ByteBuffer buf = ByteBuffer.allocate(100);
        ProbeEncoder.encode(buf, ProbeSamples.probe(9, 5), 100);
        buf.limit(40);
        assertThat(new ProbeDecoder(9).decode(buf, 100, new Probe())).isEqualTo(Verdict.TRUNCATED);
    }

    @Test
    void aHeaderLengthFieldLongerThanTheDatagramIsTruncated() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        ProbeEncoder.encode(buf, ProbeSamples.probe(9, 5), 64);
        buf.putShort(ProbeHeader.HEADER_LENGTH_OFFSET, (short) 65);
        assertThat(new ProbeDecoder(9).decode(buf, 64, new Probe())).isEqualTo(Verdict.TRUNCATED);
    }
}
