package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tsnlat.record.Timestamps;
import org.tsnlat.wire.ProbeDecoder.Verdict;

/**
 * The committed sample {@code golden/probe-v1.hex} pins wire format v1. Never edit the file:
 * a later format gets a file of its own, and this one must keep decoding as it does here.
 */
class GoldenProbeTest {
    private static final long SCHEDULED_NS = 1_767_225_600_000_000_000L;

    @Test
    void theGoldenSampleDecodesFieldByField() {
        byte[] golden = readHex("/golden/probe-v1.hex");
        assertThat(golden).hasSize(80);
        Probe p = new Probe();
        ProbeDecoder decoder = new ProbeDecoder(0);

        assertThat(decoder.decode(ByteBuffer.wrap(golden), golden.length, p)).isEqualTo(Verdict.PROBE);
        assertThat(decoder.sessionId()).isEqualTo(0x0123456789ABCDEFL);
        assertThat(p.sessionId).isEqualTo(0x0123456789ABCDEFL);
        assertThat(p.seq).isEqualTo(42);
        assertThat(p.scheduledNs).isEqualTo(SCHEDULED_NS);
        assertThat(p.appTxNs).isEqualTo(SCHEDULED_NS + 2_345);
        assertThat(p.fuSchedTxNs).isEqualTo(SCHEDULED_NS - 997_000);
        assertThat(p.fuSwTxNs).isEqualTo(SCHEDULED_NS - 995_000);
        assertThat(p.fuHwTxNs).isEqualTo(Timestamps.ABSENT);
        assertThat(p.flags).isEqualTo(ProbeHeader.FLAG_FU_SCHED | ProbeHeader.FLAG_FU_SW
                | ProbeHeader.FLAG_REFLECT_REQUEST);
        assertThat(p.isReflectRequest()).isTrue();
        assertThat(p.isEnd()).isFalse();
        assertThat(p.lengthBytes).isEqualTo(80);
    }

    @Test
    void encodingTheGoldenProbeGivesTheGoldenBytes() {
        Probe p = new Probe();
        p.sessionId = 0x0123456789ABCDEFL;
        p.seq = 42;
        p.scheduledNs = SCHEDULED_NS;
        p.appTxNs = SCHEDULED_NS + 2_345;
        p.fuSchedTxNs = SCHEDULED_NS - 997_000;
        p.fuSwTxNs = SCHEDULED_NS - 995_000;
        p.flags = ProbeHeader.FLAG_REFLECT_REQUEST;
        ByteBuffer buf = ByteBuffer.allocate(80);

        ProbeEncoder.encode(buf, p, 80);

        assertThat(buf.array()).isEqualTo(readHex("/golden/probe-v1.hex"));
    }

    /** Hex bytes separated by white space; '#' starts a comment that runs to the end of the line. */
    static byte[] readHex(String resource) {
        try (InputStream in = GoldenProbeTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                int comment = line.indexOf('#');
                hex.append((comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s", ""));
            }
            return java.util.HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
