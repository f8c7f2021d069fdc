package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads transmit timestamps from a socket's error queue (recvmsg with MSG_ERRQUEUE).
 *
 * <p>Each message carries two control messages: SOL_SOCKET/SCM_TIMESTAMPING with the
 * timestamps and SOL_IP/IP_RECVERR (SOL_IPV6/IPV6_RECVERR on IPv6; SOL_PACKET/PACKET_TX_TIMESTAMP
 * on a packet socket) with a
 * {@code struct sock_extended_err}:
 *
 * <pre>
 *   0 ee_errno  u32  ENOMSG for timestamps
 *   4 ee_origin u8   SO_EE_ORIGIN_TIMESTAMPING (4)
 *   5 ee_type u8, 6 ee_code u8, 7 ee_pad u8
 *   8 ee_info   u32  SCM_TSTAMP_SND 0, SCM_TSTAMP_SCHED 1, SCM_TSTAMP_ACK 2
 *  12 ee_data   u32  the OPT_ID counter of the datagram
 * </pre>
 *
 * With OPT_TSONLY the payload is not looped back, so the data buffer stays tiny. A message of
 * origin SO_EE_ORIGIN_TXTIME (a launch-time qdisc's drop, {@link TxTimeDrop}) is no timestamp:
 * {@link #poll} counts it by its code and goes on.
 */
final class ErrQueue {
    private static final int SO_EE_ORIGIN_TIMESTAMPING = 4;
    private static final long EE_ERRNO = 0;
    private static final long EE_ORIGIN = 4;
    private static final long EE_CODE = 6;
    private static final long EE_INFO = 8;
    private static final long EE_DATA = 12;
    private static final int DATA_BYTES = 256;
    private static final int CONTROL_BYTES = 512;
    private static final int FLAGS = SocketCalls.MSG_ERRQUEUE | SocketCalls.MSG_DONTWAIT;

    private final MemorySegment control;
    private final MemorySegment msg;
    private final MemorySegment captureState;
    /**
     * Launch-time drops read so far (skipped by {@link #poll}, counted here): by code, and the last
     * one. Written by the polling thread only, read by any (the live metrics): volatile, written
     * only when a drop is read.
     */
    private volatile long txtimeMissed;
    private volatile long txtimeInvalid;
    private final TxTimeDrop lastDrop = new TxTimeDrop();

    ErrQueue(Arena arena) {
        MemorySegment data = arena.allocate(DATA_BYTES, 8);
        MemorySegment name = arena.allocate(SockAddr.STORAGE_BYTES, 8);
        control = arena.allocate(CONTROL_BYTES, 8);
        msg = MsgHdr.allocate(arena, MsgHdr.iovec(arena, data), name, control);
        captureState = Native.allocateCaptureState(arena);
    }

    /**
     * Fills {@code out} from the next timestamp on the error queue; false when the queue is
     * empty. Messages that are not timestamps are skipped (launch-time drops counted). HOT.
     */
    boolean poll(FdGuard guard, TxTimestamp out) {
        while (true) {
            msg.set(Native.C_INT, MsgHdr.NAMELEN, (int) SockAddr.STORAGE_BYTES);
            msg.set(Native.C_SIZE_T, MsgHdr.CONTROLLEN, CONTROL_BYTES);
            msg.set(Native.C_INT, MsgHdr.FLAGS, 0);
            if (!guard.enter()) {
                throw new LinuxException("recvmsg", "MSG_ERRQUEUE on a closed socket", Errno.EBADF);
            }
            long received;
            try {
                received = (long) SocketCalls.RECVMSG.invokeExact(captureState, guard.fd(), msg, FLAGS);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            } finally {
                guard.exit();
            }
            if (received < 0) {
                int errno = Native.errno(captureState);
                if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                    return false;
                }
                throw new LinuxException("recvmsg", "MSG_ERRQUEUE", errno);
            }
            if (parse(out)) {
                return true;
            }
            if (readTxTimeDrop(control, msg.get(Native.C_SIZE_T, MsgHdr.CONTROLLEN), lastDrop)) {
                if (lastDrop.code == TxTimeDrop.MISSED) txtimeMissed++;
                else txtimeInvalid++;
            }
        }
    }

    private boolean parse(TxTimestamp out) {
        boolean isTimestamp = false;
        out.swNs = TxTimestamp.ABSENT;
        out.hwNs = TxTimestamp.ABSENT;
        long controlLength = msg.get(Native.C_SIZE_T, MsgHdr.CONTROLLEN);
        long cmsgLength;
        for (long offset = 0; (cmsgLength = MsgHdr.cmsgAt(control, offset, controlLength)) >= 0;
                offset = MsgHdr.nextCmsg(offset, cmsgLength)) {
            long data = offset + MsgHdr.CMSG_DATA;
            if (MsgHdr.isTimestamping(control, offset, cmsgLength)) {
                out.swNs = MsgHdr.timespecNs(control, data + MsgHdr.TIMESTAMPING_SOFTWARE);
                out.hwNs = MsgHdr.timespecNs(control, data + MsgHdr.TIMESTAMPING_HARDWARE);
            } else if (isRecvErr(control.get(Native.C_INT, offset + MsgHdr.CMSG_LEVEL),
                    control.get(Native.C_INT, offset + MsgHdr.CMSG_TYPE))
                    && control.get(ValueLayout.JAVA_BYTE, data + EE_ORIGIN) == SO_EE_ORIGIN_TIMESTAMPING) {
                isTimestamp = true;
                out.kind = control.get(Native.C_INT, data + EE_INFO);
                out.id = Integer.toUnsignedLong(control.get(Native.C_INT, data + EE_DATA));
            }
        }
        return isTimestamp;
    }

    /**
     * Reads a launch-time drop (origin SO_EE_ORIGIN_TXTIME) from the control messages of one
     * error-queue message into {@code out}; false when the message is not one.
     */
    static boolean readTxTimeDrop(MemorySegment control, long controlLength, TxTimeDrop out) {
        long cmsgLength;
        for (long offset = 0; (cmsgLength = MsgHdr.cmsgAt(control, offset, controlLength)) >= 0;
                offset = MsgHdr.nextCmsg(offset, cmsgLength)) {
            long data = offset + MsgHdr.CMSG_DATA;
            if (cmsgLength >= MsgHdr.CMSG_DATA + EE_DATA + 4
                    && isRecvErr(control.get(Native.C_INT, offset + MsgHdr.CMSG_LEVEL),
                            control.get(Native.C_INT, offset + MsgHdr.CMSG_TYPE))
                    && control.get(ValueLayout.JAVA_BYTE, data + EE_ORIGIN) == TxTimeDrop.ORIGIN) {
                out.errno = control.get(Native.C_INT, data + EE_ERRNO);
                out.code = Byte.toUnsignedInt(control.get(ValueLayout.JAVA_BYTE, data + EE_CODE));
                long low = Integer.toUnsignedLong(control.get(Native.C_INT, data + EE_INFO));
                long high = Integer.toUnsignedLong(control.get(Native.C_INT, data + EE_DATA));
                out.txtimeNs = (high << 32) | low;
                return true;
            }
        }
        return false;
    }

    /** Launch-time drops reported so far: missed their launch time. */
    long txtimeMissed() {
        return txtimeMissed;
    }

    /** Launch-time drops reported so far: invalid parameter. */
    long txtimeInvalid() {
        return txtimeInvalid;
    }

    private static boolean isRecvErr(int level, int type) {
        return (level == SocketCalls.SOL_IP && type == SocketCalls.IP_RECVERR)
                || (level == SocketCalls.SOL_IPV6 && type == SocketCalls.IPV6_RECVERR)
                || (level == PacketSocket.SOL_PACKET && type == PacketSocket.PACKET_TX_TIMESTAMP);
    }
}
