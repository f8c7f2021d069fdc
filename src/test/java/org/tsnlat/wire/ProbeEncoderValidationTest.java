package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ProbeEncoderValidationTest {
    private final ByteBuffer buf = ByteBuffer.allocate(70_000);

    @Test
    void aSizeOutsideTheUdpRangeIsRefusedWithTheRange() {
        assertThatThrownBy(() -> ProbeEncoder.encode(buf, ProbeSamples.probe(1, 0), 63))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("probe size 63 bytes is out of range 64..65507");
        assertThatThrownBy(() -> ProbeEncoder.encode(buf, ProbeSamples.probe(1, 0), 65_508))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65508");
    }

    @Test
    void aBufferSmallerThanTheProbeIsRefused() {
        assertThatThrownBy(() -> ProbeEncoder.encode(ByteBuffer.allocate(64), ProbeSamples.probe(1, 0), 65))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot hold");
    }

    @Test
    void aProbeTheDecoderWouldCallMalformedIsRefused() {
        Probe noSession = ProbeSamples.probe(0, 1);
        assertThatThrownBy(() -> ProbeEncoder.encode(buf, noSession, 64)).hasMessageContaining("session id 0");
        Probe reserved = ProbeSamples.probe(1, 1);
        reserved.flags = 0x80;
        assertThatThrownBy(() -> ProbeEncoder.encode(buf, reserved, 64)).hasMessageContaining("reserved");
        Probe auth = ProbeSamples.probe(1, 1);
        auth.flags = ProbeHeader.FLAG_AUTH; // set by Hmac.sealProbe with the tag, never encoded alone
        assertThatThrownBy(() -> ProbeEncoder.encode(buf, auth, 80)).hasMessageContaining("Hmac.sealProbe");
        Probe zeroFollowUp = ProbeSamples.probe(1, 1);
        zeroFollowUp.fuHwTxNs = 0;
        assertThatThrownBy(() -> ProbeEncoder.encode(buf, zeroFollowUp, 64)).hasMessageContaining("hardware");
    }
}
