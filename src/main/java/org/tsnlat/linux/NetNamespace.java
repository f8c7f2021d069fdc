package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;

/**
 * A network namespace held open by a descriptor, which a thread can enter with setns(2).
 *
 * <p>setns(fd, CLONE_NEWNET) moves only the calling thread; other threads of the JVM stay where
 * they are. Sockets belong to the namespace their creating thread was in at socket(2) time and
 * keep it for life, whichever thread uses them later. {@link #callIn} is the safe way to use
 * this: it always returns the thread to the namespace it came from. Only platform threads may
 * enter a namespace (a virtual thread would carry it onto whichever carrier runs it next).
 */
public final class NetNamespace implements AutoCloseable {
    /** CLONE_NEWNET from sched.h: setns must find a network namespace behind the descriptor. */
    static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final String NAMED_DIR = "/run/netns/";
    private static final String THREAD_SELF = "/proc/thread-self/ns/net";

    /** open(const char *path, int flags, ...): no mode is passed, so nothing is variadic. */
    private static final MethodHandle OPEN = Native.downcallErrno("open",
            FunctionDescriptor.of(Native.C_INT, Native.C_POINTER, Native.C_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = Native.downcallErrno("setns",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_INT));

    private final int fd;
    private final String path;
    private boolean closed;

    private NetNamespace(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /** The calling thread's current network namespace (/proc/thread-self/ns/net). */
    public static NetNamespace current() {
        return open(THREAD_SELF);
    }

    /**
     * The namespace {@code ip netns add NAME} made: /run/netns/NAME.
     *
     * @throws LinuxException naming open and the path, ENOENT when no such namespace exists
     */
    public static NetNamespace named(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a namespace name: '" + name + "'");
        }
        try {
            return open(NAMED_DIR + name);
        } catch (LinuxException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
            throw new LinuxException("open", NAMED_DIR + name + " (no network namespace '" + name
                    + "'; see 'ip netns list')", Errno.ENOENT);
        }
    }

    /** The path this namespace was opened from. */
    public String path() {
        return path;
    }

    /** setns(fd, CLONE_NEWNET): moves the calling thread, and only it, into this namespace. */
    public void enter() {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("a virtual thread cannot enter a network namespace");
        }
        if (closed) {
            throw new LinuxException("setns", path + " (closed)", Errno.EBADF);
        }
        MemorySegment capture = Native.threadCaptureState();
        try {
            int rc = (int) SETNS.invokeExact(capture, fd, CLONE_NEWNET);
            if (rc != 0) {
                throw Native.failure("setns", path, capture);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Runs {@code body} on the calling thread inside the namespace {@code name} (/run/netns/NAME)
     * and always returns the thread to the namespace it was in, so sockets opened by
     * {@code body} belong to {@code name}.
     *
     * @throws LinuxException when the namespace cannot be opened or entered
     * @throws Exception whatever {@code body} throws
     */
    public static <T> T callIn(String name, Callable<T> body) throws Exception {
        try (NetNamespace home = current(); NetNamespace target = named(name)) {
            target.enter();
            try {
                return body.call();
            } finally {
                home.enter();
            }
        }
    }

    /** Closes the descriptor; the namespace lives on while others use it. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            SocketCalls.close(fd);
        }
    }

    private static NetNamespace open(String path) {
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(capture, arena.allocateFrom(path), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw Native.failure("open", path, capture);
            }
            return new NetNamespace(fd, path);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
