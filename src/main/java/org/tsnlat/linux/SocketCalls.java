package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The BSD socket calls and the constants they take (x86_64 values), with cold-path wrappers
 * that throw {@link LinuxException}. Hot paths ({@link TxPath}, {@link RxPath},
 * {@link ErrQueue}) call {@link #SENDMSG} and {@link #RECVMSG} with their own capture segment.
 */
final class SocketCalls {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SHUT_RDWR = 2;

    static final int SOL_SOCKET = 1;
    static final int SOL_IP = 0;
    static final int SOL_IPV6 = 41;
    static final int SO_REUSEADDR = 2;
    static final int SO_RCVBUF = 8;
    static final int SO_PRIORITY = 12;
    static final int SO_RCVTIMEO = 20;
    static final int SO_TIMESTAMPING = 37;
    static final int SO_BUSY_POLL = 46;
    static final int SCM_TIMESTAMPING = SO_TIMESTAMPING;
    static final int SO_TXTIME = 61;
    static final int SCM_TXTIME = SO_TXTIME;
    static final int IP_RECVERR = 11;
    static final int IPV6_RECVERR = 25;

    static final int MSG_CTRUNC = 0x8;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_ERRQUEUE = 0x2000;

    static final MethodHandle SENDMSG = Native.downcallErrno("sendmsg",
            FunctionDescriptor.of(Native.C_LONG, Native.C_INT, Native.C_POINTER, Native.C_INT));
    static final MethodHandle RECVMSG = Native.downcallErrno("recvmsg",
            FunctionDescriptor.of(Native.C_LONG, Native.C_INT, Native.C_POINTER, Native.C_INT));

    private static final MethodHandle SOCKET = Native.downcallErrno("socket",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_INT, Native.C_INT));
    private static final MethodHandle BIND = Native.downcallErrno("bind",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_POINTER, Native.C_INT));
    private static final MethodHandle CONNECT = Native.downcallErrno("connect",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_POINTER, Native.C_INT));
    private static final MethodHandle GETSOCKNAME = Native.downcallErrno("getsockname",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_POINTER, Native.C_POINTER));
    private static final MethodHandle SETSOCKOPT = Native.downcallErrno("setsockopt",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_INT, Native.C_INT,
                    Native.C_POINTER, Native.C_INT));
    private static final MethodHandle SHUTDOWN = Native.downcallErrno("shutdown",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_INT));
    private static final MethodHandle CLOSE = Native.downcallErrno("close",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT));
    /** ioctl is variadic: the third argument (a pointer here) is the first variadic one. */
    private static final MethodHandle IOCTL = Native.downcallErrno("ioctl",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_LONG, Native.C_POINTER),
            Linker.Option.firstVariadicArg(2));

    private SocketCalls() {
    }

    static int socket(int domain, int type, int protocol) {
        MemorySegment capture = Native.threadCaptureState();
        try {
            int fd = (int) SOCKET.invokeExact(capture, domain, type, protocol);
            if (fd < 0) {
                throw Native.failure("socket", null, capture);
            }
            return fd;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void bind(int fd, MemorySegment sockaddr, int length, String detail) {
        MemorySegment capture = Native.threadCaptureState();
        try {
            if ((int) BIND.invokeExact(capture, fd, sockaddr, length) != 0) {
                throw Native.failure("bind", detail, capture);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void connect(int fd, MemorySegment sockaddr, int length, String detail) {
        MemorySegment capture = Native.threadCaptureState();
        try {
            if ((int) CONNECT.invokeExact(capture, fd, sockaddr, length) != 0) {
                throw Native.failure("connect", detail, capture);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Fills {@code sockaddr} (sockaddr_storage sized) and returns the address length. */
    static int getsockname(int fd, MemorySegment sockaddr) {
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocate(Native.C_INT);
            length.set(Native.C_INT, 0, (int) sockaddr.byteSize());
            if ((int) GETSOCKNAME.invokeExact(capture, fd, sockaddr, length) != 0) {
                throw Native.failure("getsockname", null, capture);
            }
            return length.get(Native.C_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void setsockopt(int fd, int level, int option, MemorySegment value, String optionName) {
        MemorySegment capture = Native.threadCaptureState();
        try {
            int rc = (int) SETSOCKOPT.invokeExact(capture, fd, level, option, value,
                    (int) value.byteSize());
            if (rc != 0) {
                throw Native.failure("setsockopt", optionName, capture);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void setsockoptInt(int fd, int level, int option, int value, String optionName) {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, option, arena.allocateFrom(Native.C_INT, value), optionName);
        }
    }

    /** SO_RCVTIMEO: a receive returns -1 after this long; 0 blocks forever. */
    static void setReceiveTimeout(int fd, int timeoutMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeoutMs must be >= 0, was " + timeoutMs);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timeval = arena.allocate(16, 8);
            timeval.set(Native.C_LONG, 0, timeoutMs / 1000);
            timeval.set(Native.C_LONG, 8, (timeoutMs % 1000) * 1000L);
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, "SO_RCVTIMEO");
        }
    }

    static final int SO_RCVBUFFORCE = 33;

    /**
     * The receive buffer: SO_RCVBUFFORCE where permitted (CAP_NET_ADMIN), so a burst after a
     * host stall is not dropped at net.core.rmem_max; else SO_RCVBUF, which the kernel caps there.
     */
    static void setReceiveBuffer(int fd, int bytes) {
        try {
            setsockoptInt(fd, SOL_SOCKET, SO_RCVBUFFORCE, bytes, "SO_RCVBUFFORCE");
        } catch (LinuxException e) {
            if (e.errno() != Errno.EPERM) throw e;
            setsockoptInt(fd, SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF");
        }
    }

    /** SO_TXTIME on {@code clock}, reporting drops on the error queue, a deadline when {@code deadline}. */
    static void setTxTime(int fd, ClockId clock, boolean deadline) {
        int flags = UdpSocket.SOF_TXTIME_REPORT_ERRORS | (deadline ? UdpSocket.SOF_TXTIME_DEADLINE_MODE : 0);
        try (Arena arena = Arena.ofConfined()) {
            // struct sock_txtime { clockid_t clockid; __u32 flags; }
            MemorySegment txtime = arena.allocate(8, 4);
            txtime.set(Native.C_INT, 0, clock.id());
            txtime.set(Native.C_INT, 4, flags);
            setsockopt(fd, SOL_SOCKET, SO_TXTIME, txtime,
                    "SO_TXTIME (CLOCK_" + clock.name() + (deadline ? ", deadline mode" : "") + ")");
        }
    }

    /** ioctl with a pointer argument; {@code detail} names the request and its target. */
    static void ioctl(int fd, long request, MemorySegment argument, String detail) {
        MemorySegment capture = Native.threadCaptureState();
        try {
            if ((int) IOCTL.invokeExact(capture, fd, request, argument) != 0) {
                throw Native.failure("ioctl", detail, capture);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** shutdown(SHUT_RDWR), ignoring the result: it is only used to wake blocked callers. */
    static void shutdownQuietly(int fd) {
        try {
            int ignored = (int) SHUTDOWN.invokeExact(Native.threadCaptureState(), fd, SHUT_RDWR);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** close(2); used for any descriptor this package opens, sockets or not. */
    static void close(int fd) {
        MemorySegment capture = Native.threadCaptureState();
        try {
            if ((int) CLOSE.invokeExact(capture, fd) != 0) {
                throw Native.failure("close", null, capture);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
