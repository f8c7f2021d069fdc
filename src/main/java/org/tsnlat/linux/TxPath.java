package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The sending side of a {@link UdpSocket}: payload buffer, msghdr, destination address and
 * errno capture segment, all allocated once and reused by the one sending thread.
 */
final class TxPath {
    static final int BUFFER_BYTES = 65536;

    private final MemorySegment payload;
    private final ByteBuffer buffer;
    private final MemorySegment iov;
    private final MemorySegment destination;
    private final MemorySegment msg;
    private final MemorySegment captureState;
    /** One SCM_TXTIME control message (SOL_SOCKET, a __u64 launch time): CMSG_SPACE(8) bytes. */
    private final MemorySegment txtimeControl;

    /** CMSG_SPACE(sizeof(__u64)) = CMSG_LEN(8) = 16 + 8 on x86_64. */
    static final long TXTIME_CONTROL_BYTES = MsgHdr.CMSG_DATA + 8;

    TxPath(Arena arena) {
        payload = arena.allocate(BUFFER_BYTES, 8);
        buffer = payload.asByteBuffer().order(ByteOrder.BIG_ENDIAN);
        destination = arena.allocate(SockAddr.STORAGE_BYTES, 8);
        iov = MsgHdr.iovec(arena, payload);
        msg = MsgHdr.allocate(arena, iov, MemorySegment.NULL, MemorySegment.NULL);
        captureState = Native.allocateCaptureState(arena);
        txtimeControl = arena.allocate(TXTIME_CONTROL_BYTES, 8);
        txtimeControl.set(Native.C_SIZE_T, MsgHdr.CMSG_LEN, TXTIME_CONTROL_BYTES);
        txtimeControl.set(Native.C_INT, MsgHdr.CMSG_LEVEL, SocketCalls.SOL_SOCKET);
        txtimeControl.set(Native.C_INT, MsgHdr.CMSG_TYPE, SocketCalls.SCM_TXTIME);
    }

    /**
     * From now on every send carries the SCM_TXTIME control message with the launch time last
     * given to {@link #setTxTime}; call once SO_TXTIME is on (the kernel refuses SCM_TXTIME
     * with EINVAL on a socket without it).
     */
    void attachTxTime() {
        msg.set(Native.C_POINTER, MsgHdr.CONTROL, txtimeControl);
        msg.set(Native.C_SIZE_T, MsgHdr.CONTROLLEN, TXTIME_CONTROL_BYTES);
    }

    /** The launch time of the next sends, ns of the SO_TXTIME clock. HOT: allocates nothing. */
    void setTxTime(long launchNs) {
        txtimeControl.set(Native.C_LONG, MsgHdr.CMSG_DATA, launchNs);
    }

    /** The launch time the next send carries (for tests). */
    long txTime() {
        return txtimeControl.get(Native.C_LONG, MsgHdr.CMSG_DATA);
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /** sendmsg of payload[0, length) to the connected peer. HOT. */
    int send(FdGuard guard, int length) {
        return sentOrThrow(trySend(guard, length));
    }

    /** sendmsg of payload[0, length) to the source recorded in {@code destination}. HOT. */
    int sendTo(FdGuard guard, int length, RxInfo to) {
        return sentOrThrow(trySendTo(guard, length, to));
    }

    /** Like {@link #sendTo} but a refused send returns -errno instead of throwing. HOT. */
    int trySendTo(FdGuard guard, int length, RxInfo to) {
        checkLength(length);
        int nameLength = SockAddr.encodeFrom(to, destination);
        msg.set(Native.C_POINTER, MsgHdr.NAME, destination);
        msg.set(Native.C_INT, MsgHdr.NAMELEN, nameLength);
        long sent = rawSendmsg(guard, length);
        return sent < 0 ? -Native.errno(captureState) : (int) sent;
    }

    /** Like {@link #send} but a refused send returns -errno instead of throwing. HOT. */
    int trySend(FdGuard guard, int length) {
        checkLength(length);
        msg.set(Native.C_POINTER, MsgHdr.NAME, MemorySegment.NULL);
        msg.set(Native.C_INT, MsgHdr.NAMELEN, 0);
        long sent = rawSendmsg(guard, length);
        return sent < 0 ? -Native.errno(captureState) : (int) sent;
    }

    private static int sentOrThrow(int result) {
        if (result < 0) {
            throw new LinuxException("sendmsg", null, -result);
        }
        return result;
    }

    private long rawSendmsg(FdGuard guard, int length) {
        iov.set(Native.C_SIZE_T, MsgHdr.IOV_LEN, length);
        if (!guard.enter()) {
            throw new LinuxException("sendmsg", "on a closed socket", Errno.EBADF);
        }
        long sent;
        try {
            sent = (long) SocketCalls.SENDMSG.invokeExact(captureState, guard.fd(), msg, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        } finally {
            guard.exit();
        }
        return sent;
    }

    private static void checkLength(int length) {
        if (length < 0 || length > BUFFER_BYTES) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + BUFFER_BYTES);
        }
    }
}
