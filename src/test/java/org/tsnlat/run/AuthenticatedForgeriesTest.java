package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tsnlat.run.ForgedDatagramsTest.PERIOD_NS;
import static org.tsnlat.run.ForgedDatagramsTest.SESSION;
import static org.tsnlat.run.ForgedDatagramsTest.assertRealFigures;
import static org.tsnlat.run.ForgedDatagramsTest.forged;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.report.Summary;
import org.tsnlat.run.ForgedDatagramsTest.Sender;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;
import org.tsnlat.wire.Probe;
import org.tsnlat.wire.ProbeEncoder;
import org.tsnlat.wire.ProbeHeader;
import org.tsnlat.wire.ProbeKey;
import org.tsnlat.wire.SyncDatagram;

/**
 * Issue 11, authenticated mode: the forgeries of {@link ForgedDatagramsTest}, now from an attacker
 * without the key (no tag, or a tag made with another key), are each counted as
 * {@code unauthenticated} and change nothing; a copy of a real, sealed probe is counted as
 * {@code replayed}.
 */
class AuthenticatedForgeriesTest {
    private static final ProbeKey KEY = ProbeKey.of(bytes(1));
    private static final ProbeKey OTHER_KEY = ProbeKey.of(bytes(2));

    @TempDir Path runs;

    private static byte[] bytes(int seed) {
        byte[] k = new byte[32];
        new SplittableRandom(seed).nextBytes(k);
        return k;
    }

    @Test
    void everyForgeryWithoutTheKeyIsUnauthenticatedAndTheRealProbesAreMeasuredExactly() throws Exception {
        ReceiverUnderTest rx = ReceiverUnderTest.start(runs, Long.MAX_VALUE, 0, KEY);
        long forged = 0;
        try (Sender tx = new Sender(rx.port, KEY); DatagramChannel sameHost = DatagramChannel.open()) {
            sameHost.connect(new InetSocketAddress("127.0.0.1", rx.port));
            ByteBuffer buf = ByteBuffer.allocate(2048);
            Probe f = new Probe();
            for (long seq = 0; seq < 2000; seq++) {
                tx.probe(seq);
                long now = tx.clock.nowNs();
                if (seq == 300) { // sequence number 2^63-1, unsealed, from the sender's own socket
                    tx.send(forged(SESSION, Long.MAX_VALUE, tx.base, now, 0));
                    forged++;
                }
                if (seq == 400) { // an END of 10, unsealed
                    tx.send(forged(SESSION, 10, now, now, ProbeHeader.FLAG_END));
                    forged++;
                }
                if (seq == 500) { // the next probe with a 50 ms latency, sealed with another key
                    f = forged(SESSION, 501, tx.base + 501 * PERIOD_NS, now - 50_000_000, 0);
                    int n = ProbeEncoder.encode(buf, f, ProbeHeader.AUTH_HEADER_BYTES);
                    OTHER_KEY.hmac().sealProbe(buf, n);
                    tx.ch.write(buf.position(0).limit(n));
                    buf.clear();
                    forged++;
                }
                if (seq >= 600 && seq < 614) { // sync datagrams of clocks 5 ms apart, from the sender's host, unsealed
                    String json = "{\"kind\":\"twoway\",\"timeNs\":" + tx.clock.nowNs()
                            + ",\"samples\":100,\"offsetNs\":5000000,\"delayNs\":20000}";
                    int n = SyncDatagram.encode(buf, SESSION, json);
                    sameHost.write(buf.position(0).limit(n));
                    buf.clear();
                    forged++;
                }
            }
            tx.end(2000);
        }
        Measurement.Result result = rx.result(30);
        Summary s = assertRealFigures(result, 2000);
        assertThat(s.metrics().get("latency").maxNs()).isLessThan(50_000_000);
        assertThat(s.rejected()).containsEntry("unauthenticated", forged).doesNotContainKeys("implausible-seq",
                "implausible-end", "sync-refused");
        assertThat(Files.readString(result.dir().file("sync.jsonl"))).doesNotContain("\"offsetNs\":5000000");
    }

    @Test
    void aCopyOfARealSealedProbeIsAReplayAndIsNotMeasured() throws Exception {
        ReceiverUnderTest rx = ReceiverUnderTest.start(runs, Long.MAX_VALUE, 0, KEY);
        try (Sender tx = new Sender(rx.port, KEY)) {
            for (long seq = 0; seq < 1000; seq++) {
                tx.probe(seq);
                if (seq % 100 == 50) tx.replayLast(ProbeHeader.AUTH_HEADER_BYTES);
            }
            tx.end(1000);
        }
        Summary s = assertRealFigures(rx.result(30), 1000);
        assertThat(s.rejected()).containsEntry("replayed", 10L);
    }

    @Test
    void aReplayedSealedSyncDatagramIsRefusedAndWrittenOnce() throws Exception {
        ReceiverUnderTest rx = ReceiverUnderTest.start(runs, Long.MAX_VALUE, 0, KEY);
        try (Sender tx = new Sender(rx.port, KEY); DatagramChannel sameHost = DatagramChannel.open()) {
            sameHost.connect(new InetSocketAddress("127.0.0.1", rx.port));
            ByteBuffer buf = ByteBuffer.allocate(2048);
            for (long seq = 0; seq < 1000; seq++) {
                tx.probe(seq);
                if (seq == 100) { // a real estimate from the sender's host, sealed, then replayed at 500
                    String json = "{\"kind\":\"twoway\",\"timeNs\":" + tx.clock.nowNs()
                            + ",\"samples\":100,\"offsetNs\":1234,\"delayNs\":20000}";
                    int n = KEY.hmac().sealSync(buf, SyncDatagram.encode(buf, SESSION, json));
                    buf.limit(n);
                }
                if (seq == 100 || seq == 500) {
                    sameHost.write(buf.position(0));
                }
            }
            tx.end(1000);
        }
        Measurement.Result result = rx.result(30);
        Summary s = assertRealFigures(result, 1000);
        assertThat(s.rejected()).containsEntry("sync-refused", 1L).doesNotContainKey("unauthenticated");
        assertThat(Files.readAllLines(result.dir().file("sync.jsonl")).stream().filter(l -> l.contains("\"offsetNs\":1234")))
                .hasSize(1);
    }

    @Test
    void probesWithoutATagAtAReceiverWithAKeyMeasureNothingAndSaySo() throws Exception {
        ReceiverUnderTest rx = ReceiverUnderTest.start(runs, Long.MAX_VALUE, 0, KEY, 3_000_000_000L);
        try (Sender tx = new Sender(rx.port)) { // a sender without the key
            for (long seq = 0; seq < 200; seq++) tx.probe(seq);
            tx.end(200);
        }
        // nothing believed, so no end seen either: the receiver waits; the test ends it by its duration
        Measurement.Result result = rx.result(30);
        assertThat(result).isNotNull();
        assertThat(result.summary().packets().received()).isZero();
        assertThat(result.summary().rejected()).containsEntry("unauthenticated", 201L);
        assertThat(result.summary().outcome().exit()).isEqualTo(org.tsnlat.exit.Exit.NOTHING_MEASURED.code());
    }

    @Test
    @Needs(Need.ROOT) // the receive buffer (SO_RCVBUFFORCE) holds the flood: the kernel drops none uncounted
    void aFloodOfAHundredThousandForgeriesWithoutTheKeyIsCountedUnauthenticated() throws Exception {
        ReceiverUnderTest rx = ReceiverUnderTest.start(runs, Long.MAX_VALUE, 0, KEY);
        SplittableRandom random = new SplittableRandom(12);
        long forged = 0;
        try (Sender tx = new Sender(rx.port, KEY)) {
            Probe f = new Probe();
            ByteBuffer buf = ByteBuffer.allocate(ProbeHeader.AUTH_HEADER_BYTES);
            for (long seq = 0; seq < 10_000; seq++) {
                tx.probe(seq);
                for (int i = 0; i < 10; i++) { // from the sender's own socket, with a tag of random bytes
                    f.clear();
                    f.sessionId = SESSION;
                    f.flags = random.nextInt(4) == 0 ? ProbeHeader.FLAG_END : 0;
                    f.seq = random.nextLong(Long.MAX_VALUE);
                    f.scheduledNs = random.nextLong();
                    f.appTxNs = random.nextInt(2) == 0 ? tx.clock.nowNs() : random.nextLong();
                    int n = ProbeEncoder.encode(buf, f, ProbeHeader.AUTH_HEADER_BYTES);
                    buf.put(ProbeHeader.FLAGS_OFFSET, (byte) (buf.get(ProbeHeader.FLAGS_OFFSET) | ProbeHeader.FLAG_AUTH));
                    buf.putShort(ProbeHeader.HEADER_LENGTH_OFFSET, (short) ProbeHeader.AUTH_HEADER_BYTES);
                    byte[] tag = new byte[16];
                    random.nextBytes(tag);
                    buf.put(ProbeHeader.TAG_OFFSET, tag);
                    tx.ch.write(buf.position(0).limit(n));
                    buf.clear();
                    forged++;
                }
            }
            tx.end(10_000);
        }
        Summary s = assertRealFigures(rx.result(60), 10_000);
        assertThat(s.rejected()).containsEntry("unauthenticated", forged);
    }
}
