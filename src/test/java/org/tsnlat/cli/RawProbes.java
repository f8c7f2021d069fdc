package org.tsnlat.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.wire.Probe;
import org.tsnlat.wire.ProbeEncoder;
import org.tsnlat.wire.ProbeHeader;

/**
 * Well-formed probes sent from the test itself, at once and at a steady pace: a sender with no
 * start-up of its own, which can also leave out its end of session (as a network that lost it).
 */
final class RawProbes {
    private RawProbes() {}

    /** Sends probes 0..count-1 every {@code periodNs} on CLOCK_TAI, then {@code endCopies} end-of-session probes. */
    static void send(int port, long sessionId, long count, long periodNs, int endCopies) throws IOException {
        Clock tai = Clock.open(ClockId.TAI);
        ByteBuffer buf = ByteBuffer.allocateDirect(ProbeHeader.MIN_PAYLOAD_BYTES);
        Probe p = new Probe();
        p.sessionId = sessionId;
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(new InetSocketAddress("127.0.0.1", port));
            long base = tai.nowNs();
            for (long seq = 0; seq < count; seq++) {
                long due = base + seq * periodNs;
                long wait = due - tai.nowNs();
                if (wait > 0) LockSupport.parkNanos(wait);
                p.clear();
                p.sessionId = sessionId;
                p.seq = seq;
                p.scheduledNs = due;
                p.appTxNs = tai.nowNs();
                send(ch, buf, p);
            }
            for (int i = 0; i < endCopies; i++) {
                p.clear();
                p.sessionId = sessionId;
                p.flags = ProbeHeader.FLAG_END;
                p.seq = count;
                p.scheduledNs = tai.nowNs();
                p.appTxNs = p.scheduledNs;
                send(ch, buf, p);
            }
        }
    }

    private static void send(DatagramChannel ch, ByteBuffer buf, Probe p) throws IOException {
        int n = ProbeEncoder.encode(buf, p, ProbeHeader.MIN_PAYLOAD_BYTES);
        buf.position(0).limit(n);
        ch.write(buf);
        buf.clear();
    }
}
