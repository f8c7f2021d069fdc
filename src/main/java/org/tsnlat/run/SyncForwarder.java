package org.tsnlat.run;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.wire.SyncDatagram;

/**
 * A sender on its own host forwards its clock evidence (ptp4l readings, two-way estimates) to
 * the receiver, on a socket of its own so the probe socket and its buffers stay the send loop's.
 * Called about once a second from the sampler and reflection threads.
 */
final class SyncForwarder implements AutoCloseable {
    private final UdpSocket socket;
    private final long sessionId;
    /** Authenticated mode: each datagram sealed; null otherwise. */
    private final org.tsnlat.wire.Hmac hmac;

    SyncForwarder(String netns, InetSocketAddress receiver, long sessionId, org.tsnlat.wire.ProbeKey key) {
        this.sessionId = sessionId;
        this.hmac = key != null ? key.hmac() : null;
        this.socket = Sockets.in(netns, () -> {
            UdpSocket s = UdpSocket.open(UdpSocket.familyOf(receiver));
            s.connect(receiver);
            return s;
        });
    }

    synchronized void forward(String line) {
        ByteBuffer buf = socket.txBuffer();
        int n = SyncDatagram.encode(buf, sessionId, line);
        if (hmac != null) n = hmac.sealSync(buf, n);
        socket.trySend(n); // a refused datagram is lost: the receiver's sync log then lacks that second
    }

    @Override
    public void close() {
        socket.close();
    }
}
