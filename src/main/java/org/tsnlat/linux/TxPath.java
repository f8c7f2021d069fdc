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

    TxPath(Arena arena) {
        payload = arena.allocate(BUFFER_BYTES, 8);
        buffer = payload.asByteBuffer().order(ByteOrder.BIG_ENDIAN);
        destination = arena.allocate(SockAddr.STORAGE_BYTES, 8);
        iov = MsgHdr.iovec(arena, payload);
        msg = MsgHdr.allocate(arena, iov, MemorySegment.NULL, MemorySegment.NULL);
        captureState = Native.allocateCaptureState(arena);
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
