package org.tsnlat.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tsnlat.wire.EthernetFraming;

/**
 * A packet socket (AF_PACKET, SOCK_RAW) on one interface that carries probes in Ethernet frames
 * (docs/wire-format.md, "Layer 2 framing"): the frame's header is written once by
 * {@link #frame}, and {@link #txBuffer()} and {@link #rxBuffer()} start after it, where the probe
 * starts, so the measuring loops use it as they use a {@link UdpSocket}.
 *
 * <p>Receiving ({@link #openReceiving}): bound to every protocol (ETH_P_ALL: a tap, which sees a
 * tagged frame with its tag, before the kernel, lacking a VLAN device for it, marks it for another
 * host), with a classic BPF socket filter ({@link #filter}) attached before the bind, which lets
 * through only frames addressed to this host (not the host's own outgoing ones) with the probes'
 * EtherType, untagged or after an 802.1Q tag. The kernel usually strips a tag on receive; PACKET_AUXDATA then carries it, and
 * {@link RxInfo#vlan}/{@link RxInfo#pcp} are filled from there; a tag left in the frame is read
 * from it and taken out. The source MAC is in {@link RxInfo}; {@link #trySendTo} answers it.
 *
 * <p>Sending: the socket sends whole frames; the kernel takes the protocol from the frame's
 * header. SO_PRIORITY, SO_TIMESTAMPING (TX timestamps on the error queue as SOL_PACKET /
 * PACKET_TX_TIMESTAMP) and SO_TXTIME work as on UDP.
 *
 * <p>Threads and closing as {@link UdpSocket}.
 */
public final class PacketSocket implements ProbeSocket {
    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int SOL_PACKET = 263;
    static final int PACKET_AUXDATA = 8;
    static final int PACKET_TX_TIMESTAMP = 16;
    static final int SO_ATTACH_FILTER = 26;
    static final int ETH_P_ALL = 0x0003;
    /** tpacket_auxdata.tp_status: the tp_vlan_tci field holds a tag the kernel stripped. */
    static final int TP_STATUS_VLAN_VALID = 1 << 4;
    /** sockaddr_ll.sll_pkttype of a frame for another host; PACKET_OUTGOING (4), one this host sent, comes after. */
    static final int PACKET_OTHERHOST = 3;

    // struct sockaddr_ll
    private static final long SLL_FAMILY = 0;
    private static final long SLL_PROTOCOL = 2;
    private static final long SLL_IFINDEX = 4;
    private static final long SLL_HALEN = 11;
    private static final long SLL_ADDR = 12;
    private static final long SLL_BYTES = 20;
    // struct tpacket_auxdata
    private static final long AUX_STATUS = 0;
    private static final long AUX_VLAN_TCI = 16;
    private static final long AUX_BYTES = 20;

    private static final MethodHandle IF_NAMETOINDEX = Native.downcallErrno("if_nametoindex",
            FunctionDescriptor.of(Native.C_INT, Native.C_POINTER));

    private final FdGuard guard;
    private final String interfaceName;
    private final int ifindex;
    private final byte[] mac = new byte[EthernetFraming.MAC_BYTES];
    private final TxPath tx;
    private final RxPath rx;
    private final ErrQueue errQueue;
    private final ByteBuffer frameTx;
    private final ByteBuffer frameRx;
    private final ByteBuffer rxPayload;
    private ByteBuffer txPayload;
    private int txHeaderBytes = EthernetFraming.HEADER_BYTES;
    private volatile boolean framed;

    private PacketSocket(int fd, String interfaceName, int ifindex) {
        this.guard = new FdGuard(fd);
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        Arena arena = Arena.ofAuto();
        this.tx = new TxPath(arena);
        this.rx = RxPath.link(arena);
        this.errQueue = new ErrQueue(arena);
        this.frameTx = tx.buffer();
        this.frameRx = rx.buffer();
        this.rxPayload = frameRx.slice(EthernetFraming.HEADER_BYTES, frameRx.capacity() - EthernetFraming.HEADER_BYTES)
                .order(ByteOrder.BIG_ENDIAN);
        this.txPayload = payloadAfter(EthernetFraming.HEADER_BYTES);
    }

    /**
     * A socket that sends frames on {@code interfaceName} and receives none: bound with protocol 0.
     * Needs CAP_NET_RAW (EPERM otherwise); ENODEV for an interface this namespace lacks.
     */
    public static PacketSocket openSending(String interfaceName) {
        return open(interfaceName, -1);
    }

    /**
     * A socket on {@code interfaceName} that receives the frames of EtherType {@code etherType}
     * that came in (the filter attached before the bind: no other frame is ever queued) and sends.
     */
    public static PacketSocket openReceiving(String interfaceName, int etherType) {
        return open(interfaceName, etherType);
    }

    private static PacketSocket open(String interfaceName, int etherType) {
        int index = ifindex(interfaceName);
        // protocol 0: nothing is queued until the bind below, which comes after the filter
        int fd = SocketCalls.socket(AF_PACKET, SOCK_RAW | SocketCalls.SOCK_CLOEXEC, 0);
        PacketSocket s = new PacketSocket(fd, interfaceName, index);
        try {
            if (etherType >= 0) {
                s.attachFilter(etherType);
                s.setInt(SOL_PACKET, PACKET_AUXDATA, 1, "PACKET_AUXDATA");
            }
            s.bind(etherType >= 0 ? ETH_P_ALL : 0);
            s.readOwnMac();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** if_nametoindex(3): the interface's index in this thread's network namespace. */
    public static int ifindex(String interfaceName) {
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            int index = (int) IF_NAMETOINDEX.invokeExact(capture, arena.allocateFrom(interfaceName));
            if (index == 0) {
                throw Native.failure("if_nametoindex", interfaceName, capture);
            }
            return index;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * The classic BPF program of a receiving socket: accept (up to 256 KiB of) a frame addressed to
     * this host (its MAC, a broadcast or a multicast: packet type below PACKET_OTHERHOST, so neither
     * a frame for another host that a bridge flooded or promiscuous mode let in, nor the host's own
     * outgoing copy) whose EtherType, at 12 or after an 802.1Q tag at 16, is {@code etherType}; drop
     * any other. Offsets are from the frame's first byte (SOCK_RAW).
     */
    static long[][] filter(int etherType) {
        final int ldW = 0x20;
        final int ldH = 0x28;
        final int jeq = 0x15;
        final int jge = 0x35;
        final int ret = 0x06;
        final long pktType = 0xFFFFF000L + 4; // SKF_AD_OFF + SKF_AD_PKTTYPE
        return new long[][] { // code, jt, jf, k
            {ldW, 0, 0, pktType},                              // 0: A = the frame's packet type
            {jge, 6, 0, PACKET_OTHERHOST},                     // 1: another host's, or our own outgoing: drop (8)
            {ldH, 0, 0, 12},                                   // 2: A = EtherType (or TPID)
            {jeq, 3, 0, etherType},                            // 3: ours: accept (7)
            {jeq, 0, 3, EthernetFraming.TPID_8021Q},           // 4: a tag in the frame: 5, else drop (8)
            {ldH, 0, 0, 16},                                   // 5: A = the EtherType after the tag
            {jeq, 0, 1, etherType},                            // 6: ours: accept (7), else drop (8)
            {ret, 0, 0, 0x40000},                              // 7: accept
            {ret, 0, 0, 0},                                    // 8: drop
        };
    }

    private void attachFilter(int etherType) {
        long[][] program = filter(etherType);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(8L * program.length, 8);
            for (int i = 0; i < program.length; i++) {
                insns.set(ValueLayout.JAVA_SHORT, 8L * i, (short) program[i][0]);
                insns.set(ValueLayout.JAVA_BYTE, 8L * i + 2, (byte) program[i][1]);
                insns.set(ValueLayout.JAVA_BYTE, 8L * i + 3, (byte) program[i][2]);
                insns.set(ValueLayout.JAVA_INT, 8L * i + 4, (int) program[i][3]);
            }
            MemorySegment fprog = arena.allocate(16, 8); // struct sock_fprog { u16 len; pad; sock_filter *filter; }
            fprog.set(ValueLayout.JAVA_SHORT, 0, (short) program.length);
            fprog.set(Native.C_POINTER, 8, insns);
            guard.withFd("setsockopt", fd -> SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SO_ATTACH_FILTER, fprog,
                    String.format("SO_ATTACH_FILTER (EtherType 0x%04X)", etherType)));
        }
    }

    private void bind(int protocol) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sll = arena.allocate(SLL_BYTES, 4);
            sll.set(ValueLayout.JAVA_SHORT, SLL_FAMILY, (short) AF_PACKET);
            sll.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), SLL_PROTOCOL, (short) protocol);
            sll.set(ValueLayout.JAVA_INT, SLL_IFINDEX, ifindex);
            guard.withFd("bind", fd -> SocketCalls.bind(fd, sll, (int) SLL_BYTES, "AF_PACKET on " + interfaceName));
        }
    }

    private void readOwnMac() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sll = arena.allocate(SockAddr.STORAGE_BYTES, 8);
            guard.withFd("getsockname", fd -> SocketCalls.getsockname(fd, sll));
            int halen = Byte.toUnsignedInt(sll.get(ValueLayout.JAVA_BYTE, SLL_HALEN));
            if (halen != EthernetFraming.MAC_BYTES) {
                throw new LinuxException("getsockname", interfaceName + " has a hardware address of " + halen
                        + " bytes, not an Ethernet MAC", Errno.EINVAL);
            }
            MemorySegment.copy(sll, ValueLayout.JAVA_BYTE, SLL_ADDR, mac, 0, EthernetFraming.MAC_BYTES);
        }
    }

    /** The interface's MAC (the frames' source). */
    public byte[] mac() {
        return mac.clone();
    }

    /** Where the frames go, as {@link #frame} was told. */
    public byte[] destinationMac() {
        byte[] dst = new byte[EthernetFraming.MAC_BYTES];
        frameTx.get(0, dst);
        return dst;
    }

    public String interfaceName() {
        return interfaceName;
    }

    /**
     * The header of every frame sent from now on: to {@code dstMac}, from this interface's MAC,
     * with an 802.1Q tag when {@code vlan} is not {@link EthernetFraming#NO_TAG}. Call before
     * {@link #txBuffer()} is taken: the payload's place depends on the tag.
     */
    public void frame(byte[] dstMac, int vlan, int pcp, int etherType) {
        txHeaderBytes = EthernetFraming.writeHeader(frameTx, dstMac, mac, vlan, pcp, etherType);
        txPayload = payloadAfter(txHeaderBytes);
        framed = true;
    }

    private ByteBuffer payloadAfter(int header) {
        return frameTx.slice(header, frameTx.capacity() - header).order(ByteOrder.BIG_ENDIAN);
    }

    @Override
    public int fd() {
        return guard.fd();
    }

    /** SO_PRIORITY: the skb priority qdiscs (mqprio, taprio) map to traffic classes. */
    public void setPriority(int soPriority) {
        setInt(SocketCalls.SOL_SOCKET, SocketCalls.SO_PRIORITY, soPriority, "SO_PRIORITY");
    }

    /** SO_RCVTIMEO, as {@link UdpSocket#setReceiveTimeoutMs}. */
    @Override
    public void setReceiveTimeoutMs(int timeoutMs) {
        guard.withFd("setsockopt", fd -> SocketCalls.setReceiveTimeout(fd, timeoutMs));
    }

    /** SO_RCVBUFFORCE where permitted, else SO_RCVBUF, as {@link UdpSocket#setReceiveBufferBytes}. */
    public void setReceiveBufferBytes(int bytes) {
        guard.withFd("setsockopt", fd -> SocketCalls.setReceiveBuffer(fd, bytes));
    }

    /** Whether the interface is up (SIOCGIFFLAGS: IFF_UP), in the socket's network namespace. */
    public boolean interfaceUp() {
        return (ifreq(SIOCGIFFLAGS, "SIOCGIFFLAGS") & IFF_UP) != 0;
    }

    /** The interface's MTU (SIOCGIFMTU): the most payload a frame on it may carry. */
    public int mtu() {
        return ifreq(SIOCGIFMTU, "SIOCGIFMTU");
    }

    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCGIFMTU = 0x8921;
    private static final int IFF_UP = 0x1;

    /** An ioctl on a struct ifreq (name, then a union read as an int at 16; flags are its low short). */
    private int ifreq(long request, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifr = arena.allocate(40, 8);
            byte[] n = interfaceName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            MemorySegment.copy(n, 0, ifr, ValueLayout.JAVA_BYTE, 0, Math.min(n.length, 15));
            guard.withFd("ioctl", fd -> SocketCalls.ioctl(fd, request, ifr, name + " " + interfaceName));
            return request == SIOCGIFFLAGS ? Short.toUnsignedInt(ifr.get(ValueLayout.JAVA_SHORT, 16))
                    : ifr.get(ValueLayout.JAVA_INT, 16);
        }
    }

    /** SO_TIMESTAMPING as on {@link UdpSocket#enableTimestamping}, hardware ones from this socket's interface. */
    public Timestamping enableTimestamping(boolean rxStamps, boolean txStamps) {
        HardwareTimestamping.Decision hardware = HardwareTimestamping.decide(interfaceName, rxStamps, txStamps);
        int flags = UdpSocket.timestampingFlags(rxStamps, txStamps, hardware);
        setInt(SocketCalls.SOL_SOCKET, SocketCalls.SO_TIMESTAMPING, flags, "SO_TIMESTAMPING");
        return new Timestamping(rxStamps, txStamps, txStamps, hardware.rx(), hardware.tx(), hardware.note());
    }

    /** SO_TXTIME, as {@link UdpSocket#enableTxTime}. */
    public void enableTxTime(ClockId clock, boolean deadline) {
        guard.withFd("setsockopt", fd -> SocketCalls.setTxTime(fd, clock, deadline));
        tx.attachTxTime();
    }

    @Override
    public void setTxTime(long launchNs) {
        tx.setTxTime(launchNs);
    }

    /** Direct, big-endian: the payload after the header {@link #frame} wrote. */
    @Override
    public ByteBuffer txBuffer() {
        if (!framed) throw new IllegalStateException("frame() first: the payload's place depends on the header");
        return txPayload;
    }

    /**
     * Sends the frame: the header and txBuffer[0, length), zero-padded to the Ethernet minimum.
     * Returns the payload bytes sent (at most {@code length}), or minus the errno. HOT.
     */
    @Override
    public int trySend(int length) {
        int header = txHeaderBytes;
        int frame = EthernetFraming.frameBytes(header, length);
        for (int i = header + length; i < frame; i++) frameTx.put(i, (byte) 0); // the padding, when there is any
        int sent = tx.trySend(guard, frame);
        return Math.min(sent - (header & ~(sent >> 31)), length); // a refusal (negative) passes unchanged
    }

    /** Sends txBuffer[0, length) in a frame to the MAC {@code destination} came from. HOT. */
    @Override
    public int trySendTo(int length, RxInfo destination) {
        frameTx.put(0, destination.sourceAddressBytes, 0, EthernetFraming.MAC_BYTES);
        return trySend(length);
    }

    @Override
    public ByteBuffer rxBuffer() {
        return rxPayload;
    }

    /**
     * Receives one frame; its payload (after the Ethernet header, and after a tag left in it,
     * which is taken out) is at 0 of {@link #rxBuffer()}. Returns the payload's length (with any
     * padding), or -1 as {@link UdpSocket#receive}. HOT: allocates nothing.
     */
    @Override
    public int receive(RxInfo info) {
        // the downcall here, not in a helper: see UdpSocket#receive
        MemorySegment msg = rx.msgForReceive();
        if (!guard.enter()) {
            throw new LinuxException("recvmsg", "on a closed socket", Errno.EBADF);
        }
        long received;
        try {
            received = (long) SocketCalls.RECVMSG.invokeExact(rx.captureState(), guard.fd(), msg, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        } finally {
            guard.exit();
        }
        int n = rx.outcome(guard, received, info);
        // a tag the kernel left in the frame (it strips one on the usual receive path): read, taken
        // out, and the header rewritten untagged, so a stale buffer never looks tagged after a timeout
        if ((frameRx.getShort(2 * EthernetFraming.MAC_BYTES) & 0xFFFF) == EthernetFraming.TPID_8021Q
                && n >= EthernetFraming.HEADER_BYTES + EthernetFraming.TAG_BYTES) {
            n = untag(n, info);
        }
        return Math.max(-1, n - EthernetFraming.HEADER_BYTES);
    }

    private int untag(int n, RxInfo info) {
        int at = 2 * EthernetFraming.MAC_BYTES;
        int tci = frameRx.getShort(at + 2) & 0xFFFF;
        info.pcp = tci >>> 13;
        info.vlan = tci & 0x0FFF;
        frameRx.putShort(at, frameRx.getShort(at + EthernetFraming.TAG_BYTES));
        int from = EthernetFraming.HEADER_BYTES + EthernetFraming.TAG_BYTES;
        for (int i = from; i < n; i++) frameRx.put(i - EthernetFraming.TAG_BYTES, frameRx.get(i));
        return n - EthernetFraming.TAG_BYTES;
    }

    @Override
    public long emptyReceives() {
        return rx.emptyReceives();
    }

    @Override
    public boolean pollTxTimestamp(TxTimestamp out) {
        return errQueue.poll(guard, out);
    }

    @Override
    public long txtimeMissed() {
        return errQueue.txtimeMissed();
    }

    @Override
    public long txtimeInvalid() {
        return errQueue.txtimeInvalid();
    }

    @Override
    public void close() {
        guard.close();
    }

    /** Frames the interface received so far (in this thread's network namespace), from /proc/thread-self/net/dev; -1 if unreadable. */
    public static long interfaceRxPackets(String interfaceName) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/net/dev"))) {
                int colon = line.indexOf(':');
                if (colon < 0 || !line.substring(0, colon).trim().equals(interfaceName)) continue;
                String[] f = line.substring(colon + 1).trim().split("\\s+");
                return Long.parseLong(f[1]); // bytes, packets, ...
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** True when the control message at {@code offset} is SOL_PACKET/PACKET_AUXDATA. */
    static boolean isAuxData(MemorySegment control, long offset, long cmsgLength) {
        return control.get(Native.C_INT, offset + MsgHdr.CMSG_LEVEL) == SOL_PACKET
                && control.get(Native.C_INT, offset + MsgHdr.CMSG_TYPE) == PACKET_AUXDATA
                && cmsgLength >= MsgHdr.CMSG_DATA + AUX_BYTES;
    }

    /**
     * The tag the kernel stripped, from a tpacket_auxdata at {@code data}, into {@code info}
     * ({@link RxInfo#NO_TAG} when none). Without a branch: a warm-up that never saw a tag must not
     * leave C2 a trap for the first tagged frame (see RxPath#outcome on what a deoptimised receive costs).
     */
    static void readTag(MemorySegment control, long data, RxInfo info) {
        int valid = -((control.get(Native.C_INT, data + AUX_STATUS) & TP_STATUS_VLAN_VALID) >>> 4); // all ones or 0
        int tci = Short.toUnsignedInt(control.get(ValueLayout.JAVA_SHORT, data + AUX_VLAN_TCI));
        info.pcp = (tci >>> 13) & valid | RxInfo.NO_TAG & ~valid;
        info.vlan = (tci & 0x0FFF) & valid | RxInfo.NO_TAG & ~valid;
    }

    /** The source MAC of a sockaddr_ll into {@code info}. */
    static void decodeSource(MemorySegment sll, RxInfo info) {
        info.link = true;
        info.sourceFamily = null;
        info.sourcePort = 0;
        info.sourceScopeId = 0;
        MemorySegment.copy(sll, ValueLayout.JAVA_BYTE, SLL_ADDR, info.sourceAddressBytes, 0, EthernetFraming.MAC_BYTES);
    }

    private void setInt(int level, int option, int value, String name) {
        guard.withFd("setsockopt", fd -> SocketCalls.setsockoptInt(fd, level, option, value, name));
    }

}
