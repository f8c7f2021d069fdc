package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The receiving side of a {@link UdpSocket}: payload buffer, source address, control buffer,
 * msghdr and errno capture segment, allocated once and reused by the one receiving thread.
 */
final class RxPath {
    static final int BUFFER_BYTES = 65536;
    /** Room for SCM_TIMESTAMPING (64 bytes) and a few more control messages. */
    private static final int CONTROL_BYTES = 512;

    private final MemorySegment payload;
    private final ByteBuffer buffer;
    private final MemorySegment source;
    private final MemorySegment control;
    private final MemorySegment msg;
    private final MemorySegment captureState;
    /** Receives that returned -1 (timeout or signal); written by the receiving thread only. */
    private long emptyReceives;

    RxPath(Arena arena) {
        payload = arena.allocate(BUFFER_BYTES, 8);
        buffer = payload.asByteBuffer().order(ByteOrder.BIG_ENDIAN);
        source = arena.allocate(SockAddr.STORAGE_BYTES, 8);
        control = arena.allocate(CONTROL_BYTES, 8);
        msg = MsgHdr.allocate(arena, MsgHdr.iovec(arena, payload), source, control);
        captureState = Native.allocateCaptureState(arena);
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /**
     * recvmsg into the payload buffer; fills {@code info}. Returns the length, or -1 when
     * SO_RCVTIMEO expired, a signal interrupted, or close() woke the call. HOT.
     */
    int receive(FdGuard guard, RxInfo info) {
        msg.set(Native.C_INT, MsgHdr.NAMELEN, (int) SockAddr.STORAGE_BYTES);
        msg.set(Native.C_SIZE_T, MsgHdr.CONTROLLEN, CONTROL_BYTES);
        msg.set(Native.C_INT, MsgHdr.FLAGS, 0);
        if (!guard.enter()) {
            throw new LinuxException("recvmsg", "on a closed socket", Errno.EBADF);
        }
        long received;
        try {
            received = (long) SocketCalls.RECVMSG.invokeExact(captureState, guard.fd(), msg, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        } finally {
            guard.exit();
        }
        if (received <= 0 && guard.isClosed()) {
            return -1;
        }
        if (received < 0) {
            int errno = Native.errno(captureState);
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                emptyReceives++;
                return -1;
            }
            throw new LinuxException("recvmsg", null, errno);
        }
        fill(info, (int) received);
        return (int) received;
    }

    /** Receives that returned -1 because the timeout expired or a signal came (not close()). */
    long emptyReceives() {
        return emptyReceives;
    }

    private void fill(RxInfo info, int length) {
        int flags = msg.get(Native.C_INT, MsgHdr.FLAGS);
        info.length = length;
        info.truncated = (flags & SocketCalls.MSG_TRUNC) != 0;
        info.controlTruncated = (flags & SocketCalls.MSG_CTRUNC) != 0;
        info.swRxNs = RxInfo.ABSENT;
        info.hwRxNs = RxInfo.ABSENT;
        long controlLength = msg.get(Native.C_SIZE_T, MsgHdr.CONTROLLEN);
        long cmsgLength;
        for (long offset = 0; (cmsgLength = MsgHdr.cmsgAt(control, offset, controlLength)) >= 0;
                offset = MsgHdr.nextCmsg(offset, cmsgLength)) {
            if (MsgHdr.isTimestamping(control, offset, cmsgLength)) {
                long data = offset + MsgHdr.CMSG_DATA;
                info.swRxNs = MsgHdr.timespecNs(control, data + MsgHdr.TIMESTAMPING_SOFTWARE);
                info.hwRxNs = MsgHdr.timespecNs(control, data + MsgHdr.TIMESTAMPING_HARDWARE);
            }
        }
        SockAddr.decodeInto(source, info);
    }
}
