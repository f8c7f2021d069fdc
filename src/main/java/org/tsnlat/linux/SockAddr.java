package org.tsnlat.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

/**
 * sockaddr_in and sockaddr_in6 to and from Java addresses.
 *
 * <pre>
 *  sockaddr_in (16)                    sockaddr_in6 (28)
 *   0 sin_family u16 host order         0 sin6_family   u16 host order
 *   2 sin_port   u16 big-endian         2 sin6_port     u16 big-endian
 *   4 sin_addr   4 bytes                4 sin6_flowinfo u32 big-endian
 *   8 zero       8 bytes                8 sin6_addr     16 bytes
 *                                      24 sin6_scope_id u32 host order
 * </pre>
 */
final class SockAddr {
    /** sizeof(struct sockaddr_storage): room for any address family. */
    static final long STORAGE_BYTES = 128;
    static final int IN_BYTES = 16;
    static final int IN6_BYTES = 28;

    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final long FAMILY = 0;
    private static final long PORT_OFFSET = 2;
    private static final long IN_ADDR = 4;
    private static final long IN6_ADDR = 8;
    private static final long IN6_SCOPE_ID = 24;

    private SockAddr() {
    }

    /**
     * Writes {@code address} for a socket of {@code family} and returns the length to pass to
     * the kernel; an IPv4 address on an INET6 socket becomes IPv4-mapped (::ffff:a.b.c.d).
     */
    static int encode(InetSocketAddress address, StandardProtocolFamily family, MemorySegment out) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address " + address);
        }
        InetAddress ip = address.getAddress();
        out.fill((byte) 0);
        if (family == StandardProtocolFamily.INET) {
            if (!(ip instanceof Inet4Address)) {
                throw new IllegalArgumentException("IPv6 address " + ip + " on an IPv4 socket");
            }
            return writeIn(out, ip.getAddress(), address.getPort());
        }
        byte[] bytes = ip.getAddress();
        int scopeId = ip instanceof Inet6Address v6 ? v6.getScopeId() : 0;
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return writeIn6(out, bytes, address.getPort(), scopeId);
    }

    /** Reads a sockaddr_in or sockaddr_in6. Allocates: cold path. */
    static InetSocketAddress decode(MemorySegment in) {
        RxInfo info = new RxInfo();
        decodeInto(in, info);
        return info.sourceAddress();
    }

    /** Copies the address into {@code info}'s source fields without allocating. HOT. */
    static void decodeInto(MemorySegment in, RxInfo info) {
        int family = Short.toUnsignedInt(in.get(ValueLayout.JAVA_SHORT, FAMILY));
        info.sourcePort = Short.toUnsignedInt(in.get(PORT, PORT_OFFSET));
        if (family == SocketCalls.AF_INET) {
            info.sourceFamily = StandardProtocolFamily.INET;
            MemorySegment.copy(in, ValueLayout.JAVA_BYTE, IN_ADDR, info.sourceAddressBytes, 0, 4);
            info.sourceScopeId = 0;
        } else if (family == SocketCalls.AF_INET6) {
            info.sourceFamily = StandardProtocolFamily.INET6;
            MemorySegment.copy(in, ValueLayout.JAVA_BYTE, IN6_ADDR, info.sourceAddressBytes, 0, 16);
            info.sourceScopeId = in.get(ValueLayout.JAVA_INT, IN6_SCOPE_ID);
        } else {
            info.sourceFamily = null;
        }
    }

    /** Writes only the address family into {@code out} (a sockaddr_storage), address and port left as they are. */
    static void presetFamily(MemorySegment out, StandardProtocolFamily family) {
        int af = family == StandardProtocolFamily.INET6 ? SocketCalls.AF_INET6 : SocketCalls.AF_INET;
        out.set(ValueLayout.JAVA_SHORT, FAMILY, (short) af);
    }

    /** Writes the source recorded in {@code info} as a destination; returns its length. HOT. */
    static int encodeFrom(RxInfo info, MemorySegment out) {
        if (info.sourceFamily == StandardProtocolFamily.INET) {
            return writeIn(out, info.sourceAddressBytes, info.sourcePort);
        }
        if (info.sourceFamily == StandardProtocolFamily.INET6) {
            return writeIn6(out, info.sourceAddressBytes, info.sourcePort, info.sourceScopeId);
        }
        throw new IllegalArgumentException("RxInfo holds no source address");
    }

    private static int writeIn(MemorySegment out, byte[] address, int port) {
        out.set(ValueLayout.JAVA_SHORT, FAMILY, (short) SocketCalls.AF_INET);
        out.set(PORT, PORT_OFFSET, (short) port);
        MemorySegment.copy(address, 0, out, ValueLayout.JAVA_BYTE, IN_ADDR, 4);
        out.set(ValueLayout.JAVA_LONG, 8, 0L);
        return IN_BYTES;
    }

    private static int writeIn6(MemorySegment out, byte[] address, int port, int scopeId) {
        out.set(ValueLayout.JAVA_SHORT, FAMILY, (short) SocketCalls.AF_INET6);
        out.set(PORT, PORT_OFFSET, (short) port);
        out.set(ValueLayout.JAVA_INT, 4, 0);
        MemorySegment.copy(address, 0, out, ValueLayout.JAVA_BYTE, IN6_ADDR, 16);
        out.set(ValueLayout.JAVA_INT, IN6_SCOPE_ID, scopeId);
        return IN6_BYTES;
    }

    /** For messages: "127.0.0.1:9000" without a reverse lookup. */
    static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
