package org.tsnlat.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** errno values this package acts on, and their text from strerror(3). */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int EOPNOTSUPP = 95;

    /** glibc's strerror is thread-safe since 2.32: known codes map to constant strings. */
    private static final MethodHandle STRERROR = Native.downcall("strerror",
            FunctionDescriptor.of(Native.C_POINTER, Native.C_INT));

    private Errno() {
    }

    /** The C library's text for {@code errno}, such as "Address already in use". */
    @SuppressWarnings("restricted") // strerror returns a NUL-terminated string of unknown length
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            if (text.equals(MemorySegment.NULL)) {
                return "Unknown error " + errno;
            }
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
