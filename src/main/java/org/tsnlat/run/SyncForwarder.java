package org.tsnlat.run;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.tsnlat.linux.PacketSocket;
import org.tsnlat.linux.ProbeSocket;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.wire.SyncDatagram;

/**
 * A sender on its own host forwards its clock evidence (ptp4l readings, two-way estimates) to
 * the receiver, on a socket of its own so the probe socket and its buffers stay the send loop's:
 * a UDP socket to the receiver's probe port, or over layer 2 a packet socket sending frames as the
 * probes' (same destination MAC, EtherType and tag), whose payload is the sync datagram.
 * Called about once a second from the sampler and reflection threads.
 */
final class SyncForwarder implements AutoCloseable {
    private final ProbeSocket socket;
    private final long sessionId;
    /** Authenticated mode: each datagram sealed; null otherwise. */
    private final org.tsnlat.wire.Hmac hmac;

    private SyncForwarder(ProbeSocket socket, long sessionId, org.tsnlat.wire.ProbeKey key) {
        this.socket = socket;
        this.sessionId = sessionId;
        this.hmac = key != null ? key.hmac() : null;
    }

    /** Datagrams to the receiver's probe port. */
    static SyncForwarder udp(String netns, InetSocketAddress receiver, long sessionId, org.tsnlat.wire.ProbeKey key) {
        return new SyncForwarder(Sockets.in(netns, () -> Sockets.set(UdpSocket.open(UdpSocket.familyOf(receiver)),
                s -> s.connect(receiver))), sessionId, key);
    }

    /** Frames framed as the probes' ({@code l2}) to {@code destinationMac}, on the sender's interface. */
    static SyncForwarder layer2(String netns, Layer2 l2, byte[] destinationMac, long sessionId, org.tsnlat.wire.ProbeKey key) {
        return new SyncForwarder(Sockets.in(netns, () -> Sockets.set(PacketSocket.openSending(l2.txInterface()), s -> {
            s.frame(destinationMac, l2.vlan(), l2.pcp(), l2.etherType());
            if (l2.pcp() > 0) s.setPriority(l2.pcp());
        })), sessionId, key);
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
