package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;

/**
 * A UDP socket with kernel timestamps, used without allocating on the hot path.
 *
 * <p>Threads: one thread sends ({@link #send}, {@link #sendTo}, {@link #txBuffer}) and one
 * thread receives ({@link #receive}, {@link #rxBuffer}); they may be the same thread.
 * {@link #pollTxTimestamp} has its own buffers and may run on either. {@link #close()} may be
 * called from any thread: a {@link #receive} blocked at that moment is woken and returns -1;
 * any call that starts after close throws {@link LinuxException} with EBADF.
 */
public final class UdpSocket implements ProbeSocket {
    private final StandardProtocolFamily family;
    private final FdGuard guard;
    private final TxPath tx;
    private final RxPath rx;
    private final ErrQueue errQueue;
    private volatile boolean txTimeEnabled;

    private UdpSocket(StandardProtocolFamily family, int fd) {
        this.family = family;
        this.guard = new FdGuard(fd);
        Arena arena = Arena.ofAuto();
        this.tx = new TxPath(arena);
        this.rx = new RxPath(arena, family);
        this.errQueue = new ErrQueue(arena);
    }

    /** socket(AF_INET or AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0). */
    public static UdpSocket open(StandardProtocolFamily family) {
        int domain = switch (family) {
            case INET -> SocketCalls.AF_INET;
            case INET6 -> SocketCalls.AF_INET6;
            default -> throw new IllegalArgumentException("UDP needs INET or INET6, not " + family);
        };
        return new UdpSocket(family,
                SocketCalls.socket(domain, SocketCalls.SOCK_DGRAM | SocketCalls.SOCK_CLOEXEC, 0));
    }

    /** The descriptor number, for diagnostics (and poll(2) users). */
    @Override
    public int fd() {
        return guard.fd();
    }

    public void bind(InetSocketAddress address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SockAddr.STORAGE_BYTES, 8);
            int length = SockAddr.encode(address, family, sockaddr);
            int fd = enter("bind");
            try {
                SocketCalls.bind(fd, sockaddr, length, SockAddr.describe(address));
            } finally {
                guard.exit();
            }
        }
    }

    public void connect(InetSocketAddress address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SockAddr.STORAGE_BYTES, 8);
            int length = SockAddr.encode(address, family, sockaddr);
            int fd = enter("connect");
            try {
                SocketCalls.connect(fd, sockaddr, length, SockAddr.describe(address));
            } finally {
                guard.exit();
            }
        }
    }

    /** getsockname: the bound address and port (the kernel's choice after binding port 0). */
    public InetSocketAddress localAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SockAddr.STORAGE_BYTES, 8);
            int fd = enter("getsockname");
            try {
                SocketCalls.getsockname(fd, sockaddr);
            } finally {
                guard.exit();
            }
            return SockAddr.decode(sockaddr);
        }
    }

    public void setReuseAddress(boolean on) {
        setInt(SocketCalls.SO_REUSEADDR, on ? 1 : 0, "SO_REUSEADDR");
    }

    /** SO_PRIORITY: the skb priority qdiscs (mqprio, taprio) map to traffic classes. */
    public void setPriority(int soPriority) {
        setInt(SocketCalls.SO_PRIORITY, soPriority, "SO_PRIORITY");
    }

    /** SO_RCVTIMEO: {@link #receive} returns -1 after this long; 0 blocks forever. */
    @Override
    public void setReceiveTimeoutMs(int timeoutMs) {
        guard.withFd("setsockopt", fd -> SocketCalls.setReceiveTimeout(fd, timeoutMs));
    }

    /**
     * The receive buffer: SO_RCVBUFFORCE where permitted (CAP_NET_ADMIN), so a burst after a
     * host stall is not dropped at net.core.rmem_max (208 KiB by default, ~170 small datagrams);
     * else SO_RCVBUF, which the kernel caps there. The kernel doubles either value.
     */
    public void setReceiveBufferBytes(int bytes) {
        guard.withFd("setsockopt", fd -> SocketCalls.setReceiveBuffer(fd, bytes));
    }

    /** How long after enabling RX timestamping the kernel may still deliver datagrams without one. */
    public static final int RX_TIMESTAMPING_SETTLE_MS = 100;

    /** SO_BUSY_POLL: spin this long in the driver before sleeping on receive. */
    public void setBusyPollUs(int busyPollUs) {
        setInt(SocketCalls.SO_BUSY_POLL, busyPollUs, "SO_BUSY_POLL");
    }

    /**
     * Turns on SO_TIMESTAMPING: software RX when {@code rx}; software TX at the qdisc (SCHED)
     * and at the driver (SND), numbered with OPT_ID and without payload (OPT_TSONLY), when
     * {@code tx}. Hardware timestamps are added only when {@code interfaceName} is given and
     * offers them; the returned note says why not otherwise.
     *
     * <p>When no socket on the machine had RX timestamping on, the kernel switches it on
     * system-wide from a work queue ({@code net_enable_timestamp} defers the static key), so
     * datagrams in the next few milliseconds may arrive without a software RX timestamp (seen
     * here in tests that send right away). Wait {@link #RX_TIMESTAMPING_SETTLE_MS} before
     * relying on them; a measurement does, by starting its schedule later than that.
     */
    public Timestamping enableTimestamping(boolean rx, boolean tx, String interfaceName) {
        HardwareTimestamping.Decision hardware = HardwareTimestamping.decide(interfaceName, rx, tx);
        int flags = timestampingFlags(rx, tx, hardware);
        setInt(SocketCalls.SO_TIMESTAMPING, flags, "SO_TIMESTAMPING");
        return new Timestamping(rx, tx, tx, hardware.rx(), hardware.tx(), hardware.note());
    }

    /** The SO_TIMESTAMPING flags for software RX / TX (SCHED and SND, OPT_ID, OPT_TSONLY) and what {@code hardware} allows. */
    static int timestampingFlags(boolean rx, boolean tx, HardwareTimestamping.Decision hardware) {
        int flags = 0;
        if (rx) {
            flags |= Ethtool.SOF_TIMESTAMPING_RX_SOFTWARE | Ethtool.SOF_TIMESTAMPING_SOFTWARE;
        }
        if (tx) {
            flags |= Ethtool.SOF_TIMESTAMPING_TX_SOFTWARE | Ethtool.SOF_TIMESTAMPING_TX_SCHED
                    | Ethtool.SOF_TIMESTAMPING_OPT_ID | Ethtool.SOF_TIMESTAMPING_OPT_TSONLY
                    | Ethtool.SOF_TIMESTAMPING_SOFTWARE;
        }
        if (hardware.rx()) {
            flags |= Ethtool.SOF_TIMESTAMPING_RX_HARDWARE | Ethtool.SOF_TIMESTAMPING_RAW_HARDWARE;
        }
        if (hardware.tx()) {
            flags |= Ethtool.SOF_TIMESTAMPING_TX_HARDWARE | Ethtool.SOF_TIMESTAMPING_RAW_HARDWARE
                    | Ethtool.SOF_TIMESTAMPING_OPT_TX_SWHW;
        }
        return flags;
    }

    /** SOF_TXTIME_DEADLINE_MODE: the launch time is a deadline (etf sends as soon as it can before it). */
    public static final int SOF_TXTIME_DEADLINE_MODE = 1;
    /** SOF_TXTIME_REPORT_ERRORS: drops for a missed or invalid launch time come back on the error queue. */
    public static final int SOF_TXTIME_REPORT_ERRORS = 2;

    /**
     * Turns on SO_TXTIME: every later {@link #send}/{@link #trySend} carries an SCM_TXTIME
     * launch time (set with {@link #setTxTime}) on {@code clock}, always with
     * SOF_TXTIME_REPORT_ERRORS, and with SOF_TXTIME_DEADLINE_MODE when {@code deadline}. The
     * kernel accepts it on any socket; only the etf qdisc or taprio on the egress interface
     * enforces it. A clock other than MONOTONIC needs CAP_NET_ADMIN: EPERM otherwise.
     */
    public void enableTxTime(ClockId clock, boolean deadline) {
        guard.withFd("setsockopt", fd -> SocketCalls.setTxTime(fd, clock, deadline));
        tx.attachTxTime();
        txTimeEnabled = true;
    }

    /** True once {@link #enableTxTime} succeeded. */
    public boolean txTimeEnabled() {
        return txTimeEnabled;
    }

    /**
     * The launch time of the following sends, ns of the clock given to {@link #enableTxTime}.
     * HOT: allocates nothing. Ignored (never sent) until SO_TXTIME is enabled.
     */
    @Override
    public void setTxTime(long launchNs) {
        tx.setTxTime(launchNs);
    }

    /** The protocol family a socket needs to reach (or bind) {@code a}. */
    public static StandardProtocolFamily familyOf(InetSocketAddress a) {
        return a.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** What {@code interfaceName} can timestamp (ETHTOOL_GET_TS_INFO); ENODEV if unknown. */
    public static TimestampingCapabilities capabilities(String interfaceName) {
        return Ethtool.tsInfo(interfaceName);
    }

    /** Direct, big-endian, capacity 65536: write the payload at position 0, then {@link #send}. */
    @Override
    public ByteBuffer txBuffer() {
        return tx.buffer();
    }

    /** Sends txBuffer[0, length) to the connected peer; returns bytes sent. HOT. */
    public int send(int length) {
        return tx.send(guard, length);
    }

    /**
     * Sends txBuffer[0, length) to the connected peer; returns bytes sent, or minus the errno
     * when the kernel refused (for example ECONNREFUSED after an ICMP port unreachable), so a
     * periodic loop can count refusals without the cost of an exception. HOT.
     */
    @Override
    public int trySend(int length) {
        return tx.trySend(guard, length);
    }

    /** The text of an errno, for reporting what {@link #trySend} returned. */
    public static String strerror(int errno) {
        return Errno.strerror(errno);
    }

    /** Sends txBuffer[0, length) to the source recorded in {@code destination}. HOT. */
    public int sendTo(int length, RxInfo destination) {
        return tx.sendTo(guard, length, destination);
    }

    /**
     * Like {@link #sendTo} but returns minus the errno when the kernel refused, so a loop that
     * answers its peers (the receiver reflecting probes) goes on after a refusal. HOT.
     */
    @Override
    public int trySendTo(int length, RxInfo destination) {
        return tx.trySendTo(guard, length, destination);
    }

    /** Direct, big-endian, capacity 65536: {@link #receive} puts each datagram at position 0. */
    @Override
    public ByteBuffer rxBuffer() {
        return rx.buffer();
    }

    /**
     * Receives one datagram into {@link #rxBuffer()} and fills {@code info}. Returns its length,
     * or -1 when the receive timeout expired, a signal interrupted the call or close() woke it
     * (then {@code info} holds nothing of use). HOT: allocates nothing, timeouts included.
     */
    @Override
    public int receive(RxInfo info) {
        // The downcall is made here, not in a helper this method delegates to. A downcall that
        // captures errno allocates 40 bytes a call in any code but C2's. The receive loop is
        // compiled on-stack, C1 first, and C1 inlines a small delegator: its code would then call
        // the helper directly, and the helper may have no C2 code of its own (C2 had inlined it
        // into this method first; seen in runs: 200-9 800 bytes). This method, called once per
        // loop iteration, is compiled by C2 long before the loop is. RxPath#outcome: the rest.
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
        return rx.outcome(guard, received, info);
    }

    /**
     * How many {@link #receive} calls returned -1 because the receive timeout expired or a signal
     * interrupted them (not because close() woke them). Written by the receiving thread without
     * synchronisation: exact once that thread has ended, possibly a little stale before.
     */
    @Override
    public long emptyReceives() {
        return rx.emptyReceives();
    }

    /**
     * Packets a launch-time qdisc (etf, taprio) dropped for missing their SO_TXTIME launch time,
     * as reported on the error queue and read by {@link #pollTxTimestamp} so far.
     */
    @Override
    public long txtimeMissed() {
        return errQueue.txtimeMissed();
    }

    /** Packets a launch-time qdisc refused for an invalid launch time or clock, read so far. */
    @Override
    public long txtimeInvalid() {
        return errQueue.txtimeInvalid();
    }

    /** Reads the next TX timestamp from the error queue; false when none is waiting. HOT. */
    @Override
    public boolean pollTxTimestamp(TxTimestamp out) {
        return errQueue.poll(guard, out);
    }

    /** Closes the socket; idempotent, callable from any thread (see the class comment). */
    @Override
    public void close() {
        guard.close();
    }

    private void setInt(int option, int value, String optionName) {
        int fd = enter("setsockopt");
        try {
            SocketCalls.setsockoptInt(fd, SocketCalls.SOL_SOCKET, option, value, optionName);
        } finally {
            guard.exit();
        }
    }

    private int enter(String function) {
        if (!guard.enter()) {
            throw new LinuxException(function, "on a closed socket", Errno.EBADF);
        }
        return guard.fd();
    }
}
