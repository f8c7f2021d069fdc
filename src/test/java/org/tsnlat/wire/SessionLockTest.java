package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.tsnlat.wire.ProbeDecoder.Verdict;

class SessionLockTest {
    private final ByteBuffer buf = ByteBuffer.allocate(64);
    private final Probe out = new Probe();

    private Verdict send(ProbeDecoder decoder, Probe p) {
        ProbeEncoder.encode(buf, p, 64);
        return decoder.decode(buf, 64, out);
    }

    private static Probe end(long sessionId, long probesSent) {
        Probe p = ProbeSamples.probe(sessionId, probesSent);
        p.flags = ProbeHeader.FLAG_END;
        return p;
    }

    @Test
    void anUnlockedDecoderLocksOntoTheFirstProbeAndCountsASecondSessionAsOther() {
        ProbeDecoder decoder = new ProbeDecoder(0);
        assertThat(send(decoder, ProbeSamples.probe(100, 0))).isEqualTo(Verdict.PROBE);
        assertThat(decoder.sessionId()).isEqualTo(100);
        for (int seq = 0; seq < 5; seq++) {
            assertThat(send(decoder, ProbeSamples.probe(200, seq))).isEqualTo(Verdict.OTHER_SESSION);
            assertThat(out.sessionId).isEqualTo(200);
            assertThat(send(decoder, ProbeSamples.probe(100, seq + 1))).isEqualTo(Verdict.PROBE);
        }
        assertThat(decoder.count(Verdict.OTHER_SESSION)).isEqualTo(5);
        assertThat(decoder.count(Verdict.PROBE)).isEqualTo(6);
        assertThat(decoder.rejected()).isEqualTo(5);
    }

    @Test
    void aDecoderForOneSessionRejectsAllOthers() {
        ProbeDecoder decoder = new ProbeDecoder(300);
        assertThat(send(decoder, ProbeSamples.probe(301, 0))).isEqualTo(Verdict.OTHER_SESSION);
        assertThat(send(decoder, ProbeSamples.probe(300, 0))).isEqualTo(Verdict.PROBE);
        assertThat(send(decoder, end(301, 7))).isEqualTo(Verdict.OTHER_SESSION);
        assertThat(decoder.sessionId()).isEqualTo(300);
    }

    @Test
    void anEndCarriesTheNumberOfProbesSent() {
        ProbeDecoder decoder = new ProbeDecoder(300);
        assertThat(send(decoder, end(300, 1234))).isEqualTo(Verdict.END);
        assertThat(out.isEnd()).isTrue();
        assertThat(out.seq).isEqualTo(1234);
        assertThat(decoder.rejected()).isZero();
    }

    @Test
    void aLeftoverEndDoesNotLockAnUnlockedDecoder() {
        ProbeDecoder decoder = new ProbeDecoder(0);
        assertThat(send(decoder, end(400, 10))).isEqualTo(Verdict.OTHER_SESSION);
        assertThat(decoder.sessionId()).isZero();
        assertThat(send(decoder, ProbeSamples.probe(500, 0))).isEqualTo(Verdict.PROBE);
        assertThat(decoder.sessionId()).isEqualTo(500);
    }
}
