package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.tsnlat.record.Timestamps;

class ProbeRoundTripProperties {

    @Property(tries = 2000)
    void decodingAnEncodedProbeGivesBackEveryField(@ForAll("probes") Probe sent,
            @ForAll @IntRange(min = 64, max = 65507) int sizeBytes, @ForAll boolean littleEndianBuffer,
            @ForAll boolean direct) {
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(65507) : ByteBuffer.allocate(65507);
        buf.order(littleEndianBuffer ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        buf.position(17); // the encoder must not depend on the position

        assertThat(ProbeEncoder.encode(buf, sent, sizeBytes)).isEqualTo(sizeBytes);
        assertThat(buf.position()).isZero();
        assertThat(buf.limit()).isEqualTo(sizeBytes);

        Probe got = new Probe();
        ProbeDecoder decoder = new ProbeDecoder(sent.sessionId);
        ProbeDecoder.Verdict verdict = decoder.decode(buf, sizeBytes, got);

        assertThat(verdict).isEqualTo(sent.isEnd() ? ProbeDecoder.Verdict.END : ProbeDecoder.Verdict.PROBE);
        assertThat(got.sessionId).isEqualTo(sent.sessionId);
        assertThat(got.seq).isEqualTo(sent.seq);
        assertThat(got.scheduledNs).isEqualTo(sent.scheduledNs);
        assertThat(got.appTxNs).isEqualTo(sent.appTxNs);
        assertThat(got.fuSchedTxNs).isEqualTo(sent.fuSchedTxNs);
        assertThat(got.fuSwTxNs).isEqualTo(sent.fuSwTxNs);
        assertThat(got.fuHwTxNs).isEqualTo(sent.fuHwTxNs);
        assertThat(got.flags & ~ProbeHeader.FU_FLAGS).isEqualTo(sent.flags & ~ProbeHeader.FU_FLAGS);
        assertThat(got.lengthBytes).isEqualTo(sizeBytes);
        assertThat(firstNonZero(buf, ProbeHeader.HEADER_BYTES, sizeBytes)).as("non-zero padding").isEqualTo(-1);
    }

    @Property(tries = 200)
    void paddingIsZeroEvenOverAnEarlierLargerProbe(@ForAll("probes") Probe p,
            @ForAll @IntRange(min = 64, max = 2000) int sizeBytes) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (int i = 0; i < buf.capacity(); i++) {
            buf.put(i, (byte) 0x5A);
        }
        ProbeEncoder.encode(buf, p, sizeBytes);
        assertThat(firstNonZero(buf, ProbeHeader.HEADER_BYTES, sizeBytes)).as("non-zero padding").isEqualTo(-1);
    }

    private static int firstNonZero(ByteBuffer buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf.get(i) != 0) {
                return i;
            }
        }
        return -1;
    }

    @Property(tries = 200)
    void patchedAppTxIsWhatTheReceiverReads(@ForAll("probes") Probe p, @ForAll long appTxNs) {
        ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        ProbeEncoder.encode(buf, p, 64);
        ProbeEncoder.patchAppTx(buf, appTxNs);
        Probe got = new Probe();
        new ProbeDecoder(0).decode(buf, 64, got);
        assertThat(got.appTxNs).isEqualTo(appTxNs);
    }

    @Provide
    Arbitrary<Probe> probes() {
        Arbitrary<Long> session = Arbitraries.longs().filter(v -> v != 0);
        Arbitrary<Long> seq = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Long> anyNs = Arbitraries.longs();
        Arbitrary<Long> followUp = Arbitraries.oneOf(Arbitraries.just(Timestamps.ABSENT),
                Arbitraries.longs().filter(v -> v != 0 && v != Timestamps.ABSENT));
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, ProbeHeader.KNOWN_FLAGS & ~ProbeHeader.FLAG_AUTH)
                .map(f -> f & ~ProbeHeader.FU_FLAGS);
        return Combinators.combine(session, seq, anyNs, anyNs, followUp, followUp, followUp, flags)
                .as((s, q, sched, app, fuSched, fuSw, fuHw, f) -> {
                    Probe p = new Probe();
                    p.sessionId = s;
                    p.seq = q;
                    p.scheduledNs = sched;
                    p.appTxNs = app;
                    p.fuSchedTxNs = fuSched;
                    p.fuSwTxNs = fuSw;
                    p.fuHwTxNs = fuHw;
                    p.flags = f;
                    return p;
                });
    }
}
