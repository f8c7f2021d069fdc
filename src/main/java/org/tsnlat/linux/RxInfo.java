package org.tsnlat.linux;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What {@link UdpSocket#receive(RxInfo)} learnt about one datagram. Mutable and reused: one
 * instance per receiving thread, filled without allocating. Absent timestamps are
 * {@link #ABSENT}, never 0.
 */
public final class RxInfo {
    /** A timestamp the kernel did not give. */
    public static final long ABSENT = Long.MIN_VALUE;

    /** Datagram length in bytes (as copied into the receive buffer). */
    public int length;
    /** The datagram was longer than the receive buffer (MSG_TRUNC). */
    public boolean truncated;
    /** Control messages were cut short (MSG_CTRUNC): timestamps may be missing. */
    public boolean controlTruncated;
    /** Kernel software RX timestamp, CLOCK_REALTIME ns, or {@link #ABSENT}. */
    public long swRxNs = ABSENT;
    /** NIC hardware RX timestamp, PHC time ns, or {@link #ABSENT}. */
    public long hwRxNs = ABSENT;
    /** INET or INET6; null before the first datagram. */
    public StandardProtocolFamily sourceFamily;
    /** Source address, network order: 4 bytes used for INET, 16 for INET6. */
    public final byte[] sourceAddressBytes = new byte[16];
    /** Source UDP port. */
    public int sourcePort;
    /** IPv6 scope id (interface index for link-local sources), 0 otherwise. */
    public int sourceScopeId;
    /**
     * A frame from a packet socket ({@link PacketSocket}): the source is its MAC, in the first 6
     * bytes of {@link #sourceAddressBytes} (the rest 0), {@link #sourceFamily} null, port 0.
     */
    public boolean link;
    /** A frame's 802.1Q VLAN id (from the tag in it, or the one the kernel stripped), or {@link #NO_TAG}. */
    public int vlan = NO_TAG;
    /** A frame's 802.1Q priority code point, or {@link #NO_TAG}. */
    public int pcp = NO_TAG;
    /** {@link #vlan} and {@link #pcp} of an untagged frame, or of a datagram. */
    public static final int NO_TAG = -1;

    /** The source as an InetSocketAddress. Allocates: not for the hot path. */
    public InetSocketAddress sourceAddress() {
        if (sourceFamily == null) {
            throw new IllegalStateException("no datagram received yet");
        }
        try {
            InetAddress address = sourceFamily == StandardProtocolFamily.INET
                    ? InetAddress.getByAddress(Arrays.copyOf(sourceAddressBytes, 4))
                    : Inet6Address.getByAddress(null, sourceAddressBytes.clone(), sourceScopeId);
            return new InetSocketAddress(address, sourcePort);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("invalid source address length", e);
        }
    }

    @Override
    public String toString() {
        return "RxInfo[length=" + length + ", truncated=" + truncated
                + ", controlTruncated=" + controlTruncated + ", swRxNs=" + ns(swRxNs)
                + ", hwRxNs=" + ns(hwRxNs)
                + ", source=" + (link ? java.util.HexFormat.ofDelimiter(":").formatHex(sourceAddressBytes, 0, 6)
                        : sourceFamily == null ? "none" : sourceAddress())
                + (vlan == NO_TAG ? "" : ", vlan=" + vlan + ", pcp=" + pcp) + "]";
    }

    static String ns(long ns) {
        return ns == ABSENT ? "absent" : Long.toString(ns);
    }
}
