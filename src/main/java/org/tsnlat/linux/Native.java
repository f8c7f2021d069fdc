package org.tsnlat.linux;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Looks up libc functions and builds downcall handles; owns the errno capture layout.
 *
 * <p>A handle made by {@link #downcallErrno} takes a capture segment as its first argument.
 * The segment must belong to the calling thread: take it from {@link #threadCaptureState()},
 * or allocate one per single-thread object with {@link #allocateCaptureState(Arena)}.
 */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    static final ValueLayout.OfByte C_BYTE = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    static final ValueLayout.OfLong C_SIZE_T = ValueLayout.JAVA_LONG;
    static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET =
            CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private static final ThreadLocal<MemorySegment> THREAD_CAPTURE =
            ThreadLocal.withInitial(() -> allocateCaptureState(Arena.ofAuto()));

    private Native() {
    }

    /** A handle for {@code name} that does not touch errno (or reports errors another way). */
    @SuppressWarnings("restricted") // the reason this package exists; needs native access
    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    /** A handle for {@code name} whose first argument is the errno capture segment. */
    @SuppressWarnings("restricted")
    static MethodHandle downcallErrno(String name, FunctionDescriptor descriptor,
            Linker.Option... extraOptions) {
        Linker.Option[] options = new Linker.Option[extraOptions.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extraOptions, 0, options, 1, extraOptions.length);
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    /** A capture segment for one thread's (or one single-thread object's) calls. */
    static MemorySegment allocateCaptureState(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** The calling thread's own capture segment, for calls off the hot path. */
    static MemorySegment threadCaptureState() {
        return THREAD_CAPTURE.get();
    }

    /** errno as the last call through {@code captureState} left it. */
    static int errno(MemorySegment captureState) {
        return captureState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    /** Throws for a -1 result: the exception names {@code function} and the captured errno. */
    static LinuxException failure(String function, String detail, MemorySegment captureState) {
        return new LinuxException(function, detail, errno(captureState));
    }

    /** Wraps the checked Throwable of invokeExact; only Errors and RuntimeExceptions pass. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(
                () -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }
}
