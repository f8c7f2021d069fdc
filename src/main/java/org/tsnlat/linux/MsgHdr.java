package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * struct msghdr, struct iovec and control-message (cmsg) arithmetic on x86_64.
 *
 * <pre>
 *  msghdr (56 bytes)                     cmsghdr (16 bytes, data follows)
 *   0 msg_name       void*                 0 cmsg_len    size_t (header + data)
 *   8 msg_namelen    u32   + 4 pad         8 cmsg_level  int
 *  16 msg_iov        iovec*               12 cmsg_type   int
 *  24 msg_iovlen     size_t               16 data; next header at cmsg_len rounded up to 8
 *  32 msg_control    void*
 *  40 msg_controllen size_t              iovec (16 bytes): 0 iov_base void*, 8 iov_len size_t
 *  48 msg_flags      int   + 4 pad
 * </pre>
 */
final class MsgHdr {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            Native.C_POINTER.withName("msg_name"),
            Native.C_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            Native.C_POINTER.withName("msg_iov"),
            Native.C_SIZE_T.withName("msg_iovlen"),
            Native.C_POINTER.withName("msg_control"),
            Native.C_SIZE_T.withName("msg_controllen"),
            Native.C_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            Native.C_POINTER.withName("iov_base"),
            Native.C_SIZE_T.withName("iov_len"));

    static final long NAME = offset("msg_name");
    static final long NAMELEN = offset("msg_namelen");
    static final long IOV = offset("msg_iov");
    static final long IOVLEN = offset("msg_iovlen");
    static final long CONTROL = offset("msg_control");
    static final long CONTROLLEN = offset("msg_controllen");
    static final long FLAGS = offset("msg_flags");
    static final long IOV_BASE = 0;
    static final long IOV_LEN = 8;

    static final long CMSG_LEN = 0;
    static final long CMSG_LEVEL = 8;
    static final long CMSG_TYPE = 12;
    static final long CMSG_DATA = 16;

    /** SCM_TIMESTAMPING data: three timespecs, [0] software, [1] legacy, [2] hardware. */
    static final long TIMESTAMPING_SOFTWARE = 0;
    static final long TIMESTAMPING_HARDWARE = 32;
    static final long TIMESTAMPING_BYTES = 48;

    private MsgHdr() {
    }

    /** One iovec over all of {@code data}. */
    static MemorySegment iovec(Arena arena, MemorySegment data) {
        MemorySegment iov = arena.allocate(IOVEC);
        iov.set(Native.C_POINTER, IOV_BASE, data);
        iov.set(Native.C_SIZE_T, IOV_LEN, data.byteSize());
        return iov;
    }

    /** A msghdr over one {@code iov} made by {@link #iovec}, with name and control buffers. */
    static MemorySegment allocate(Arena arena, MemorySegment iov, MemorySegment name,
            MemorySegment control) {
        MemorySegment msg = arena.allocate(LAYOUT);
        msg.set(Native.C_POINTER, NAME, name);
        msg.set(Native.C_INT, NAMELEN, (int) name.byteSize());
        msg.set(Native.C_POINTER, IOV, iov);
        msg.set(Native.C_SIZE_T, IOVLEN, 1L);
        msg.set(Native.C_POINTER, CONTROL, control);
        msg.set(Native.C_SIZE_T, CONTROLLEN, control.byteSize());
        return msg;
    }

    /**
     * The length of the control message at {@code offset} of {@code control} (whose first
     * {@code controlLength} bytes the kernel filled), or -1 when no whole one starts there: the
     * end of the walk. Shared by every receive path; allocates nothing.
     */
    static long cmsgAt(MemorySegment control, long offset, long controlLength) {
        if (offset + CMSG_DATA > controlLength) {
            return -1;
        }
        long length = control.get(Native.C_SIZE_T, offset + CMSG_LEN);
        return length < CMSG_DATA || offset + length > controlLength ? -1 : length;
    }

    /** True when the control message at {@code offset} is SCM_TIMESTAMPING with its three timespecs. */
    static boolean isTimestamping(MemorySegment control, long offset, long cmsgLength) {
        return control.get(Native.C_INT, offset + CMSG_LEVEL) == SocketCalls.SOL_SOCKET
                && control.get(Native.C_INT, offset + CMSG_TYPE) == SocketCalls.SCM_TIMESTAMPING
                && cmsgLength >= CMSG_DATA + TIMESTAMPING_BYTES;
    }

    /** Where the next cmsg header starts after the one at {@code offset}. */
    static long nextCmsg(long offset, long cmsgLen) {
        return offset + ((cmsgLen + 7) & ~7L);
    }

    /** A timespec at {@code offset} in ns, or {@link RxInfo#ABSENT} when it is all zero. */
    static long timespecNs(MemorySegment segment, long offset) {
        long sec = segment.get(Native.C_LONG, offset);
        long nsec = segment.get(Native.C_LONG, offset + 8);
        if (sec == 0 && nsec == 0) {
            return RxInfo.ABSENT;
        }
        return sec * 1_000_000_000L + nsec;
    }

    private static long offset(String field) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
