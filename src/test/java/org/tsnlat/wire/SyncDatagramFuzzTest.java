package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.sync.SyncLogFuzzTest;

/**
 * Coverage-guided fuzzing of the sync-sample datagram as the receiver takes it (docs/testing.md,
 * "Fuzzing"): {@link SyncDatagram#decode} never throws and gives the JSON only of a whole
 * datagram of the session; the JSON goes to {@code SyncLog.appendForwarded}, which takes or
 * refuses it, and a line taken reads back as one record. Seeds (datagrams a sender forwards):
 * {@code SyncDatagramFuzzTestInputs/decodeAndForward/}.
 */
class SyncDatagramFuzzTest {
    static final long SESSION = 0x0123456789abcdefL;
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "30s")
    void decodeAndForward(byte[] datagram) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(datagram);
        String json = SyncDatagram.decode(buf, datagram.length, SESSION);
        if (datagram.length >= SyncDatagram.HEADER_BYTES) {
            long another = buf.getLong(8) + 1; // any session but the datagram's own
            assertThat(SyncDatagram.decode(buf, datagram.length, another)).as("for another session").isNull();
        }
        if (json == null) {
            return;
        }
        assertThat(SyncDatagram.looksLikeOne(buf, datagram.length)).isTrue();
        int n = buf.getShort(6) & 0xFFFF;
        assertThat(n).isLessThanOrEqualTo(SyncDatagram.MAX_JSON_BYTES);
        assertThat(SyncDatagram.HEADER_BYTES + n).isLessThanOrEqualTo(datagram.length);
        assertThat(json).isEqualTo(new String(datagram, SyncDatagram.HEADER_BYTES, n, StandardCharsets.UTF_8));
        SyncLogFuzzTest.assertForwardedLine(json, dir);
    }
}
