package org.tsnlat.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * An AF_UNIX SOCK_DGRAM socket bound to a path of its own, as ptp4l's management clients use
 * (the JDK's Unix domain sockets are stream-only).
 *
 * <pre>
 *  sockaddr_un (110)
 *    0 sun_family u16 host order (AF_UNIX = 1)
 *    2 sun_path   108 bytes, NUL-terminated path
 * </pre>
 *
 * <p>A path socket ignores network namespaces: a process in one namespace reaches a server
 * socket bound by a process in another. Threads: one thread sends and receives; {@link #close()}
 * may come from any thread and wakes a blocked {@link #receive}.
 */
public final class UnixDatagramSocket implements AutoCloseable {
    static final int AF_UNIX = 1;
    /** sizeof(sun_path); the path and its NUL must fit. */
    static final int SUN_PATH_BYTES = 108;
    private static final long SOCKADDR_UN_BYTES = 2 + SUN_PATH_BYTES;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final short POLLIN = 0x1;
    private static final long POLLFD_BYTES = 8;
    /** Larger than any management message ptp4l sends (its buffers hold 1500 bytes). */
    private static final int RECEIVE_BUFFER_BYTES = 8192;

    private static final MethodHandle SENDTO = Native.downcallErrno("sendto",
            FunctionDescriptor.of(Native.C_LONG, Native.C_INT, Native.C_POINTER, Native.C_SIZE_T,
                    Native.C_INT, Native.C_POINTER, Native.C_INT));
    private static final MethodHandle RECV = Native.downcallErrno("recv",
            FunctionDescriptor.of(Native.C_LONG, Native.C_INT, Native.C_POINTER, Native.C_SIZE_T,
                    Native.C_INT));
    private static final MethodHandle POLL = Native.downcallErrno("poll",
            FunctionDescriptor.of(Native.C_INT, Native.C_POINTER, Native.C_LONG, Native.C_INT));

    private final Path clientPath;
    private final FdGuard guard;
    private final MemorySegment rxBuffer;
    private final MemorySegment pollFd;

    private UnixDatagramSocket(Path clientPath, int fd) {
        this.clientPath = clientPath;
        this.guard = new FdGuard(fd);
        Arena arena = Arena.ofAuto();
        this.rxBuffer = arena.allocate(RECEIVE_BUFFER_BYTES, 8);
        this.pollFd = arena.allocate(POLLFD_BYTES, 8);
    }

    /**
     * socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC) bound to {@code clientPath}. A socket file
     * left at that path (by an earlier client that died) is removed first; any other file
     * there makes bind fail with EADDRINUSE.
     */
    public static UnixDatagramSocket bind(Path clientPath) {
        removeStaleSocket(clientPath);
        int fd = SocketCalls.socket(AF_UNIX, SocketCalls.SOCK_DGRAM | SocketCalls.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SOCKADDR_UN_BYTES, 8);
            int length = encode(clientPath, sockaddr);
            SocketCalls.bind(fd, sockaddr, length, clientPath.toString());
        } catch (RuntimeException e) {
            SocketCalls.close(fd);
            throw e;
        }
        return new UnixDatagramSocket(clientPath, fd);
    }

    /** The path this socket is bound to; servers answer to it. */
    public Path clientPath() {
        return clientPath;
    }

    /**
     * Sends the bytes from {@code msg}'s position to its limit as one datagram to the socket
     * bound at {@code server}; the position moves to the limit.
     *
     * @throws LinuxException for instance {@code sendto /var/run/ptp4l: No such file or
     *     directory (errno 2)} when nothing is there, or ECONNREFUSED when the file is there but
     *     no process holds the socket
     */
    public void sendTo(Path server, ByteBuffer msg) {
        int length = msg.remaining();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SOCKADDR_UN_BYTES, 8);
            int addressLength = encode(server, sockaddr);
            MemorySegment data = arena.allocate(Math.max(1, length), 8);
            MemorySegment.copy(MemorySegment.ofBuffer(msg), 0, data, 0, length);
            MemorySegment capture = Native.threadCaptureState();
            int fd = enter("sendto");
            long sent;
            try {
                sent = (long) SENDTO.invokeExact(capture, fd, data, (long) length, 0, sockaddr,
                        addressLength);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            } finally {
                guard.exit();
            }
            if (sent < 0) {
                throw Native.failure("sendto", server.toString(), capture);
            }
            msg.position(msg.limit());
        }
    }

    /**
     * Waits up to {@code timeoutMs} for one datagram and stores it at {@code into}'s position,
     * moving the position past it. Returns the number of bytes stored, or -1 when none came in
     * time (or the socket was closed meanwhile). A datagram longer than {@code into.remaining()}
     * is cut, as recv(2) cuts it.
     */
    public int receive(ByteBuffer into, int timeoutMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeoutMs must be 0 or more, not " + timeoutMs);
        }
        MemorySegment capture = Native.threadCaptureState();
        long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        if (!guard.enter()) {
            return -1;
        }
        try {
            while (true) {
                int waitMs = (int) Math.max(0, (deadlineNs - System.nanoTime() + 999_999) / 1_000_000);
                int ready = poll(capture, waitMs);
                if (ready < 0) {
                    if (Native.errno(capture) == Errno.EINTR) {
                        continue;
                    }
                    throw Native.failure("poll", clientPath.toString(), capture);
                }
                if (ready == 0 || guard.isClosed()) {
                    return -1;
                }
                long received = (long) RECV.invokeExact(capture, guard.fd(), rxBuffer,
                        (long) RECEIVE_BUFFER_BYTES, SocketCalls.MSG_DONTWAIT);
                if (received < 0) {
                    int errno = Native.errno(capture);
                    if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                        continue;
                    }
                    throw Native.failure("recv", clientPath.toString(), capture);
                }
                int stored = (int) Math.min(received, into.remaining());
                MemorySegment.copy(rxBuffer, 0, MemorySegment.ofBuffer(into), 0, stored);
                into.position(into.position() + stored);
                return stored;
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        } finally {
            guard.exit();
        }
    }

    /** Closes the socket and removes its file; idempotent. */
    @Override
    public void close() {
        boolean wasOpen = !guard.isClosed();
        guard.close();
        if (wasOpen) {
            try {
                Files.deleteIfExists(clientPath);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove socket file " + clientPath, e);
            }
        }
    }

    private int poll(MemorySegment capture, int waitMs) throws Throwable {
        pollFd.set(ValueLayout.JAVA_INT, 0, guard.fd());
        pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        return (int) POLL.invokeExact(capture, pollFd, 1L, waitMs);
    }

    private int enter(String function) {
        if (!guard.enter()) {
            throw new LinuxException(function, clientPath.toString(), Errno.EBADF);
        }
        return guard.fd();
    }

    /** Writes a sockaddr_un for {@code path}; returns the length to pass (family, path, NUL). */
    static int encode(Path path, MemorySegment out) {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length >= SUN_PATH_BYTES) {
            throw new IllegalArgumentException("a Unix socket path takes 1 to "
                    + (SUN_PATH_BYTES - 1) + " bytes, not " + bytes.length + ": " + path);
        }
        out.fill((byte) 0);
        out.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, out, ValueLayout.JAVA_BYTE, 2, bytes.length);
        return 2 + bytes.length + 1;
    }

    private static void removeStaleSocket(Path path) {
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & S_IFMT) == S_IFSOCK) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale socket file " + path, e);
        }
    }
}
