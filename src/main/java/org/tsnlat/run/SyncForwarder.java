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
 * a UDP socket to the receiver's probe port, or over layer 2 a packet socket sending frames to the
 * probes' destination MAC with their EtherType and VLAN, whose payload is the sync datagram. Either
 * way best effort: no SO_PRIORITY, and over layer 2 PCP 0 (the probes' VLAN kept, for the frames
 * to get where they go): the evidence (up to 1.4 kB a second) must not take the probes' time-critical
 * class, its gate window or credit, nor an etf qdisc's queue, which drops what has no launch time.
 * Called about once a second from the sampler and reflection threads.
 */
final class SyncForwarder implements AutoCloseable {
    private final ProbeSocket socket;
    private final long sessionId;
    /** Authenticated mode: each datagram sealed; null otherwise. */
    private final org.tsnlat.wire.Hmac hmac;
    private long refused;

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
        // the probes' VLAN at priority 0; a priority tag (VLAN 0) alone is no tag at all
        int vlan = l2.tagged() && l2.vlan() != 0 ? l2.vlan() : org.tsnlat.wire.EthernetFraming.NO_TAG;
        return new SyncForwarder(Sockets.in(netns, () -> Sockets.set(PacketSocket.openSending(l2.txInterface()),
                s -> s.frame(destinationMac, vlan, 0, l2.etherType()))), sessionId, key);
    }

    synchronized void forward(String line) {
        ByteBuffer buf = socket.txBuffer();
        int n = SyncDatagram.encode(buf, sessionId, line);
        if (hmac != null) n = hmac.sealSync(buf, n);
        if (socket.trySend(n) < 0) { // lost: the receiver's sync log then lacks that second
            refused++;
        }
    }

    /** Sync datagrams the kernel refused to send (each a second of evidence the receiver lacks). */
    synchronized long refused() {
        return refused;
    }

    @Override
    public void close() {
        socket.close();
    }
}
