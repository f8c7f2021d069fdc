package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever arrives on the port, the decoder answers with a counted verdict and never throws. */
class HostileDatagramProperties {

    @Property(tries = 3000)
    void randomBytesNeverThrowAndAreCounted(@ForAll @Size(max = 200) byte[] bytes,
            @ForAll @IntRange(min = -5, max = 300) int claimedLength) {
        ProbeDecoder decoder = new ProbeDecoder(0);
        Probe out = new Probe();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        decoder.decode(buf, claimedLength, out);
        decoder.decode(buf, bytes.length, out);
        assertThat(totalCount(decoder)).isEqualTo(2);
    }

    @Property(tries = 3000)
    void randomBytesBehindAValidMagicNeverThrow(@ForAll @Size(min = 4, max = 120) byte[] bytes,
            @ForAll boolean versionOne) {
        bytes[0] = 0x54;
        bytes[1] = 0x53;
        bytes[2] = 0x4E;
        bytes[3] = 0x4C;
        if (versionOne && bytes.length > 4) {
            bytes[4] = 1;
        }
        ProbeDecoder decoder = new ProbeDecoder(0);
        ProbeDecoder.Verdict v = decoder.decode(ByteBuffer.wrap(bytes), bytes.length, new Probe());
        assertThat(v).isNotEqualTo(ProbeDecoder.Verdict.FOREIGN);
        assertThat(totalCount(decoder)).isEqualTo(1);
    }

    @Property(tries = 2000)
    void aValidProbeWithOneByteChangedNeverThrows(@ForAll @IntRange(min = 0, max = 63) int index,
            @ForAll byte value) {
        ByteBuffer buf = ByteBuffer.allocate(64);
        ProbeEncoder.encode(buf, ProbeSamples.probe(7, 3), 64);
        buf.put(index, value);
        ProbeDecoder decoder = new ProbeDecoder(7);
        decoder.decode(buf, 64, new Probe());
        assertThat(totalCount(decoder)).isEqualTo(1);
    }

    static long totalCount(ProbeDecoder decoder) {
        long sum = 0;
        for (ProbeDecoder.Verdict v : ProbeDecoder.Verdict.values()) {
            sum += decoder.count(v);
        }
        return sum;
    }
}
