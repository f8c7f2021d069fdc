package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.wire.Probe;
import org.tsnlat.wire.ProbeHeader;
import org.tsnlat.wire.ProbeEncoder;

/**
 * The receiver fed 10 000 malformed and foreign datagrams mixed with real probes over loopback:
 * the real ones are measured exactly, the rest counted by kind.
 */
class MalformedDatagramsTest {
    private static final long SESSION = 0x1234_5678_9abc_def0L;
    private static final int REAL = 2000;

    @TempDir Path runs;

    @Test
    void realProbesAreMeasuredExactlyAndGarbageIsCountedByKind() throws Exception {
        ReceiverUnderTest receiver = ReceiverUnderTest.start(runs, Long.MAX_VALUE, SESSION);
        int port = receiver.port;
        Map<String, Long> sentGarbage = new java.util.TreeMap<>();
        List<long[]> real = new ArrayList<>();
        // tsnlat's own socket, because DatagramChannel silently sends nothing for an empty buffer
        try (UdpSocket ch = UdpSocket.open(java.net.StandardProtocolFamily.INET)) {
            ch.connect(new InetSocketAddress("127.0.0.1", port));
            Random rnd = new Random(42);
            ByteBuffer buf = ByteBuffer.allocate(2048);
            Probe p = new Probe();
            int garbage = 0;
            int seq = 0;
            for (int i = 0; garbage < 10_000 || seq < REAL; i++) {
                if (seq < REAL && (i % 6 == 0 || garbage >= 10_000)) {
                    probe(p, SESSION, seq, 0);
                    int len = ProbeEncoder.encode(buf, p, 64);
                    real.add(new long[] {seq, p.scheduledNs, p.appTxNs});
                    send(ch, buf, len);
                    seq++;
                } else {
                    String kind = garbage(rnd, buf, p, seq);
                    sentGarbage.merge(kind, 1L, Long::sum);
                    send(ch, buf, buf.limit());
                    garbage++;
                }
                if (i % 40 == 0) Thread.sleep(1);
            }
            probe(p, SESSION, REAL, ProbeHeader.FLAG_END);
            for (int i = 0; i < 3; i++) send(ch, buf, ProbeEncoder.encode(buf, p, 64));
        }
        Measurement.Result result = receiver.result(30);
        assertThat(result).isNotNull();
        var summary = result.summary();
        assertThat(summary.packets().received()).isEqualTo(REAL);
        assertThat(summary.packets().lost()).isZero();
        for (var e : sentGarbage.entrySet()) {
            assertThat(summary.rejected()).as(e.getKey()).containsEntry(e.getKey(), e.getValue());
        }
        try (RecordFileReader r = RecordFileReader.open(result.dir().file("rx.records"))) {
            PacketRecord rec = new PacketRecord();
            int i = 0;
            while (r.next(rec)) {
                long[] want = real.get(i++);
                assertThat(new long[] {rec.seq, rec.scheduledNs, rec.appTxNs}).isEqualTo(want);
                assertThat(rec.swRxNs).isGreaterThan(rec.appTxNs);
            }
            assertThat(i).isEqualTo(REAL);
        }
    }

    private static void probe(Probe p, long session, long seq, int flags) {
        p.sessionId = session;
        p.seq = seq;
        p.flags = flags;
        p.scheduledNs = 1_000_000_000L * 1_700_000_000L + seq * 1_000_000L;
        p.appTxNs = org.tsnlat.linux.Clock.readNs(ClockId.REALTIME);
        p.fuSchedTxNs = org.tsnlat.record.Timestamps.ABSENT;
        p.fuSwTxNs = org.tsnlat.record.Timestamps.ABSENT;
        p.fuHwTxNs = org.tsnlat.record.Timestamps.ABSENT;
    }

    /** Writes one bad datagram into buf (position 0, limit = its length) and names its kind. */
    private static String garbage(Random rnd, ByteBuffer buf, Probe p, int seq) {
        buf.clear();
        switch (rnd.nextInt(5)) {
            case 0 -> { // foreign: random bytes that do not start with the magic
                int len = 1 + rnd.nextInt(200);
                for (int i = 0; i < len; i++) buf.put(i, (byte) rnd.nextInt(256));
                if (len >= 4 && buf.getInt(0) == 0x54534E4C) buf.put(0, (byte) 0);
                buf.limit(len);
                return len < 4 ? "truncated" : "foreign";
            }
            case 1 -> { // truncated probe
                probe(p, SESSION, seq, 0);
                ProbeEncoder.encode(buf, p, 64);
                buf.limit(rnd.nextInt(64));
                return "truncated";
            }
            case 2 -> { // unknown version
                probe(p, SESSION, seq, 0);
                ProbeEncoder.encode(buf, p, 64);
                buf.put(4, (byte) 9);
                buf.limit(64);
                return "bad-version";
            }
            case 3 -> { // reserved flag bits set
                probe(p, SESSION, seq, 0);
                ProbeEncoder.encode(buf, p, 64);
                buf.put(5, (byte) 0xC0);
                buf.limit(64);
                return "malformed";
            }
            default -> { // another session
                probe(p, SESSION + 1, seq, 0);
                buf.limit(ProbeEncoder.encode(buf, p, 64));
                return "other-session";
            }
        }
    }

    private static void send(UdpSocket ch, ByteBuffer buf, int len) {
        ch.txBuffer().put(0, buf, 0, len);
        ch.send(len);
    }
}
