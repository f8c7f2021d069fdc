package org.tsnlat.linux;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Lets one thread close a socket while others may be inside a call on it, without ever
 * touching a reused descriptor number.
 *
 * <p>Callers bracket each native call with {@link #enter()} and {@link #exit()}. {@link #close()}
 * marks the socket closed and calls shutdown(2), which wakes a blocked recvmsg; the descriptor
 * itself is closed by whoever leaves last, so no call can run on a number the kernel has already
 * handed to another file. Two atomic adds per call; no allocation.
 */
final class FdGuard {
    private static final int CLOSED = 1 << 30;
    private static final VarHandle STATE;
    private static final VarHandle RELEASED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(FdGuard.class, "state", int.class);
            RELEASED = lookup.findVarHandle(FdGuard.class, "released", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    /** Number of callers inside a native call, plus {@link #CLOSED} once close() ran. */
    private volatile int state;
    private volatile boolean released;

    FdGuard(int fd) {
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    /** True if the caller may use the descriptor; false once closed. */
    boolean enter() {
        int before = (int) STATE.getAndAdd(this, 1);
        if ((before & CLOSED) != 0) {
            exit();
            return false;
        }
        return true;
    }

    /** Ends a call started by a successful (or failed) {@link #enter()}. */
    void exit() {
        int after = (int) STATE.getAndAdd(this, -1) - 1;
        if (after == CLOSED) {
            release();
        }
    }

    boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    /** Marks closed, wakes blocked callers; idempotent. */
    void close() {
        int before = (int) STATE.getAndBitwiseOr(this, CLOSED);
        if ((before & CLOSED) != 0) {
            return;
        }
        if (before == 0) {
            release();
        } else {
            SocketCalls.shutdownQuietly(fd);
        }
    }

    private void release() {
        if (RELEASED.compareAndSet(this, false, true)) {
            SocketCalls.close(fd);
        }
    }

    /** Runs a cold-path call on the descriptor, held open meanwhile; EBADF naming {@code function} once closed. */
    void withFd(String function, java.util.function.IntConsumer call) {
        if (!enter()) {
            throw new LinuxException(function, "on a closed socket", Errno.EBADF);
        }
        try {
            call.accept(fd());
        } finally {
            exit();
        }
    }
}
