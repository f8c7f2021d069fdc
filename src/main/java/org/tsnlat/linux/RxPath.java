package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The receiving side of a {@link UdpSocket} (or a {@link PacketSocket}): payload buffer, source address, control buffer,
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

    /** A packet socket's: the source is a sockaddr_ll, the control messages carry PACKET_AUXDATA. */
    private final boolean link;

    /** @param family the socket's: preset in the source address, read after a receive that failed */
    RxPath(Arena arena, StandardProtocolFamily family) {
        this(arena, family, false);
    }

    /** A packet socket's receiving side: frames, their source MAC and their stripped 802.1Q tag. */
    static RxPath link(Arena arena) {
        return new RxPath(arena, null, true);
    }

    private RxPath(Arena arena, StandardProtocolFamily family, boolean link) {
        this.link = link;
        payload = arena.allocate(BUFFER_BYTES, 8);
        buffer = payload.asByteBuffer().order(ByteOrder.BIG_ENDIAN);
        source = arena.allocate(SockAddr.STORAGE_BYTES, 8);
        if (!link) SockAddr.presetFamily(source, family);
        control = arena.allocate(CONTROL_BYTES, 8);
        msg = MsgHdr.allocate(arena, MsgHdr.iovec(arena, payload), source, control);
        captureState = Native.allocateCaptureState(arena);
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /** Readies msg for the next recvmsg (the kernel rewrites these lengths and flags) and returns it. HOT. */
    MemorySegment msgForReceive() {
        msg.set(Native.C_INT, MsgHdr.NAMELEN, (int) SockAddr.STORAGE_BYTES);
        msg.set(Native.C_SIZE_T, MsgHdr.CONTROLLEN, CONTROL_BYTES);
        msg.set(Native.C_INT, MsgHdr.FLAGS, 0);
        return msg;
    }

    /** The errno capture segment of the receiving thread's recvmsg. */
    MemorySegment captureState() {
        return captureState;
    }

    /**
     * The outcome of the recvmsg {@link UdpSocket#receive} made with {@link #msgForReceive()}:
     * fills {@code info} and returns the length, or -1 when SO_RCVTIMEO expired, a signal
     * interrupted, or close() woke the call (then {@code info} holds nothing of use). HOT.
     *
     * <p>A timeout takes the same branches here as a datagram does. The downcall captures errno,
     * and that allocates a 40-byte segment per call except in C2-compiled code, where escape
     * analysis removes it. C2 compiles a branch that its profile never saw taken as a trap back
     * to the interpreter, and the JIT warm-up never sees a receive time out: a branch on the
     * outcome here made the first timeout of a run (the wait before the first probe, a sender
     * starved for longer than the timeout) throw the receive out of C2, and until C2 compiled it
     * again, seconds on a busy machine, every receive allocated. So the outcome is folded in with
     * arithmetic: a failed call fills {@code info} from an empty control buffer and the previous
     * (or preset) source address, and returns recvmsg's -1. Only close() and an unexpected errno,
     * which end the loop, branch.
     */
    int outcome(FdGuard guard, long received, RxInfo info) {
        if (guard.isClosed() && received <= 0) { // isClosed first: false on every steady receive
            return -1;
        }
        int errno = Native.errno(captureState); // stale after a success: used only when failed
        long failed = received >>> 63; // 1 when recvmsg returned -1, else 0
        if ((failed & differs(errno, Errno.EAGAIN) & differs(errno, Errno.EINTR)) != 0) {
            throw new LinuxException("recvmsg", null, errno);
        }
        emptyReceives += failed;
        fill(info, (int) received, failed);
        return (int) received;
    }

    /** 1 when {@code a != b}, else 0, without a branch. */
    private static int differs(int a, int b) {
        int x = a ^ b;
        return (x | -x) >>> 31;
    }

    /** Receives that returned -1 because the timeout expired or a signal came (not close()). */
    long emptyReceives() {
        return emptyReceives;
    }

    /**
     * Fills {@code info} from msg, control and source. After a failed call ({@code failed} 1) the
     * kernel wrote none of them: flags are still the 0 set before the call, the control length
     * is taken as 0 (the loop ends at once, as it does after a datagram's last control message)
     * and the source is the previous datagram's, or the family preset by the constructor.
     */
    private void fill(RxInfo info, int length, long failed) {
        int flags = msg.get(Native.C_INT, MsgHdr.FLAGS);
        info.length = length;
        info.truncated = (flags & SocketCalls.MSG_TRUNC) != 0;
        info.controlTruncated = (flags & SocketCalls.MSG_CTRUNC) != 0;
        info.swRxNs = RxInfo.ABSENT;
        info.hwRxNs = RxInfo.ABSENT;
        info.vlan = RxInfo.NO_TAG;
        info.pcp = RxInfo.NO_TAG;
        long controlLength = msg.get(Native.C_SIZE_T, MsgHdr.CONTROLLEN) & (failed - 1);
        long cmsgLength;
        for (long offset = 0; (cmsgLength = MsgHdr.cmsgAt(control, offset, controlLength)) >= 0;
                offset = MsgHdr.nextCmsg(offset, cmsgLength)) {
            if (MsgHdr.isTimestamping(control, offset, cmsgLength)) {
                long data = offset + MsgHdr.CMSG_DATA;
                info.swRxNs = MsgHdr.timespecNs(control, data + MsgHdr.TIMESTAMPING_SOFTWARE);
                info.hwRxNs = MsgHdr.timespecNs(control, data + MsgHdr.TIMESTAMPING_HARDWARE);
            } else if (PacketSocket.isAuxData(control, offset, cmsgLength)) {
                PacketSocket.readTag(control, offset + MsgHdr.CMSG_DATA, info);
            }
        }
        if (link) {
            PacketSocket.decodeSource(source, info);
        } else {
            SockAddr.decodeInto(source, info);
        }
    }
}
