package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Holds a CPU wake-up latency limit through /dev/cpu_dma_latency (PM QoS), as cyclictest does:
 * the limit lasts while the file stays open, so keep this object until the run ends.
 */
public final class PmQos implements AutoCloseable {
    private static final String PATH = "/dev/cpu_dma_latency";
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;

    /** open(const char *path, int flags, ...): no mode is passed, so nothing is variadic. */
    private static final MethodHandle OPEN = Native.downcallErrno("open",
            FunctionDescriptor.of(Native.C_INT, Native.C_POINTER, Native.C_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle WRITE = Native.downcallErrno("write",
            FunctionDescriptor.of(Native.C_LONG, Native.C_INT, Native.C_POINTER, Native.C_SIZE_T));

    private final int fd;
    private final int latencyUs;
    private boolean closed;

    private PmQos(int fd, int latencyUs) {
        this.fd = fd;
        this.latencyUs = latencyUs;
    }

    /**
     * Asks every CPU to wake within {@code latencyUs} (0 keeps them out of deep idle states).
     *
     * @throws LinuxException naming open or write and the path, e.g. when not root (EACCES)
     *     or the kernel has no PM QoS device (ENOENT)
     */
    public static PmQos holdCpuDmaLatency(int latencyUs) {
        if (latencyUs < 0) {
            throw new IllegalArgumentException("latencyUs must be >= 0, was " + latencyUs);
        }
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(capture, arena.allocateFrom(PATH), O_WRONLY | O_CLOEXEC);
            if (fd < 0) {
                throw Native.failure("open", PATH, capture);
            }
            MemorySegment value = arena.allocateFrom(Native.C_INT, latencyUs);
            long written = (long) WRITE.invokeExact(capture, fd, value, 4L);
            if (written != 4) {
                LinuxException failure = written < 0 ? Native.failure("write", PATH, capture)
                        : new LinuxException("write", PATH + " (short write)", Errno.EINVAL);
                SocketCalls.close(fd);
                throw failure;
            }
            return new PmQos(fd, latencyUs);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The latency limit held, in µs. */
    public int latencyUs() {
        return latencyUs;
    }

    /** Releases the limit by closing the file; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            SocketCalls.close(fd);
        }
    }
}
