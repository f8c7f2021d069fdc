package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The tracefs calls Java's file API cannot make: mounting tracefs, writing a probe's sequence
 * number into an instance's {@code trace_marker} without allocating, and reading an instance's
 * {@code trace_pipe} without blocking (so the reader can be stopped).
 */
public final class TraceFiles {
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;

    private static final MethodHandle OPEN = Native.downcallErrno("open",
            FunctionDescriptor.of(Native.C_INT, Native.C_POINTER, Native.C_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle WRITE = Native.downcallErrno("write",
            FunctionDescriptor.of(Native.C_LONG, Native.C_INT, Native.C_POINTER, Native.C_SIZE_T));
    private static final MethodHandle READ = Native.downcallErrno("read",
            FunctionDescriptor.of(Native.C_LONG, Native.C_INT, Native.C_POINTER, Native.C_SIZE_T));
    private static final MethodHandle MOUNT = Native.downcallErrno("mount", FunctionDescriptor.of(Native.C_INT,
            Native.C_POINTER, Native.C_POINTER, Native.C_POINTER, Native.C_LONG, Native.C_POINTER));
    private static final MethodHandle UMOUNT = Native.downcallErrno("umount",
            FunctionDescriptor.of(Native.C_INT, Native.C_POINTER));

    private TraceFiles() {
    }

    /** mount -t tracefs nodev {@code path}. @throws LinuxException naming mount and the errno (EPERM when not root) */
    public static void mountTracefs(String path) {
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) MOUNT.invokeExact(capture, arena.allocateFrom("nodev"), arena.allocateFrom(path),
                    arena.allocateFrom("tracefs"), 0L, MemorySegment.NULL);
            if (rc != 0) throw Native.failure("mount", "tracefs on " + path, capture);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** umount {@code path}. @throws LinuxException naming umount (EBUSY while another process uses it) */
    public static void unmount(String path) {
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) UMOUNT.invokeExact(capture, arena.allocateFrom(path));
            if (rc != 0) throw Native.failure("umount", path, capture);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static int open(String path, int flags) {
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(capture, arena.allocateFrom(path), flags | O_CLOEXEC);
            if (fd < 0) throw Native.failure("open", path, capture);
            return fd;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Writes "{@code <tag> <seq>}" into a trace_marker, one write each, for one thread: the text is
     * formatted into memory allocated once. A failed write is counted, never thrown (the
     * measurement goes on; the analysis then misses that mark).
     */
    public static final class Marker implements AutoCloseable {
        private static final int MAX = 64;
        private final int fd;
        private final MemorySegment text;
        private final MemorySegment capture;
        private final int prefixLength;
        private long failures;
        private boolean closed;

        private Marker(int fd, String tag) {
            this.fd = fd;
            Arena arena = Arena.ofAuto();
            this.text = arena.allocate(MAX);
            this.capture = Native.allocateCaptureState(arena);
            byte[] prefix = (tag + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (prefix.length > MAX - 21) throw new IllegalArgumentException("marker tag too long: " + tag);
            MemorySegment.copy(prefix, 0, text, ValueLayout.JAVA_BYTE, 0, prefix.length);
            this.prefixLength = prefix.length;
        }

        /** Opens {@code path} (an instance's trace_marker) for writing marks tagged {@code tag}. */
        public static Marker open(String path, String tag) {
            return new Marker(TraceFiles.open(path, O_WRONLY), tag);
        }

        /** Writes "tag seq". HOT: allocates nothing. */
        public void mark(long seq) {
            int end = prefixLength + digits(seq);
            long v = seq;
            int i = end;
            do {
                text.set(ValueLayout.JAVA_BYTE, --i, (byte) ('0' + (int) (v % 10)));
                v /= 10;
            } while (v > 0);
            try {
                long n = (long) WRITE.invokeExact(capture, fd, text, (long) end);
                if (n != end) failures++;
            } catch (Throwable t) {
                failures++;
            }
        }

        private static int digits(long v) {
            if (v < 0) throw new IllegalArgumentException("negative sequence number " + v);
            int n = 1;
            while (v >= 10) {
                v /= 10;
                n++;
            }
            return n;
        }

        /** Marks not written (the buffer full is not one: the kernel then drops the oldest events). */
        public long failures() {
            return failures;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                SocketCalls.close(fd);
            }
        }
    }

    /** A trace_pipe opened non-blocking: {@link #read} returns 0 when nothing is there yet. */
    public static final class Pipe implements AutoCloseable {
        private final int fd;
        private final MemorySegment buffer;
        private boolean closed;

        private Pipe(int fd, int capacity) {
            this.fd = fd;
            this.buffer = Arena.ofAuto().allocate(capacity);
        }

        public static Pipe open(String path, int capacity) {
            return new Pipe(TraceFiles.open(path, O_RDONLY | O_NONBLOCK), capacity);
        }

        /** Reads what the pipe holds into {@code into} (at most its length): the count, 0 if none yet. */
        public int read(byte[] into) {
            MemorySegment capture = Native.threadCaptureState();
            long want = Math.min(into.length, buffer.byteSize());
            try {
                long n = (long) READ.invokeExact(capture, fd, buffer, want);
                if (n < 0) {
                    int errno = Native.errno(capture);
                    if (errno == EAGAIN || errno == EINTR) return 0;
                    throw new LinuxException("read", "trace_pipe", errno);
                }
                MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, (int) n);
                return (int) n;
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                SocketCalls.close(fd);
            }
        }
    }
}
