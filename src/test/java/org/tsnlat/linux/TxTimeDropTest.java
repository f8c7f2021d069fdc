package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * Launch-time drops on the error queue (SO_TXTIME, SOF_TXTIME_REPORT_ERRORS): the control message
 * as the etf qdisc's report_sock_error() queues it (a cmsghdr SOL_IP/IP_RECVERR, the
 * sock_extended_err of origin SO_EE_ORIGIN_TXTIME with the launch time split into ee_info (low
 * 32 bits) and ee_data (high), then the offender's sockaddr), built byte for byte here because
 * this machine's kernel has no etf to capture one from.
 */
class TxTimeDropTest {
    private static final int ECANCELED = 125;

    /** One error-queue message's control bytes: {@code level}/{@code type}, then the extended error and a zero sockaddr_in. */
    private static MemorySegment control(Arena arena, int level, int type, int errno, int origin, int code, long txtimeNs) {
        MemorySegment c = arena.allocate(64, 8);
        c.set(Native.C_SIZE_T, MsgHdr.CMSG_LEN, 16 + 16 + 16); // CMSG_LEN(sizeof(ee) + sizeof(sockaddr_in))
        c.set(Native.C_INT, MsgHdr.CMSG_LEVEL, level);
        c.set(Native.C_INT, MsgHdr.CMSG_TYPE, type);
        long d = MsgHdr.CMSG_DATA;
        c.set(Native.C_INT, d, errno);
        c.set(ValueLayout.JAVA_BYTE, d + 4, (byte) origin);
        c.set(ValueLayout.JAVA_BYTE, d + 5, (byte) 0);
        c.set(ValueLayout.JAVA_BYTE, d + 6, (byte) code);
        c.set(Native.C_INT, d + 8, (int) txtimeNs); // ee_info: low part
        c.set(Native.C_INT, d + 12, (int) (txtimeNs >>> 32)); // ee_data: high part
        return c;
    }

    @Test
    void aMissedLaunchTimeIsReadWithTheTimeItAskedFor() {
        try (Arena arena = Arena.ofConfined()) {
            long txtime = 1_767_225_600_123_456_789L; // 2026-01-01T00:00:00.123456789 TAI: above 2^32 ns, both halves used
            TxTimeDrop d = new TxTimeDrop();
            assertThat(ErrQueue.readTxTimeDrop(control(arena, SocketCalls.SOL_IP, SocketCalls.IP_RECVERR, ECANCELED,
                    TxTimeDrop.ORIGIN, TxTimeDrop.MISSED, txtime), 48, d)).isTrue();
            assertThat(d.code).isEqualTo(TxTimeDrop.MISSED);
            assertThat(d.errno).isEqualTo(ECANCELED);
            assertThat(d.txtimeNs).isEqualTo(txtime);
            assertThat(d.reason()).startsWith("missed its launch time (dropped by the qdisc, ");
        }
    }

    @Test
    void anInvalidParameterOverIpv6IsRead() {
        try (Arena arena = Arena.ofConfined()) {
            TxTimeDrop d = new TxTimeDrop();
            long txtime = 0xFFFF_FFFFL; // the low half all ones: read unsigned
            assertThat(ErrQueue.readTxTimeDrop(control(arena, SocketCalls.SOL_IPV6, SocketCalls.IPV6_RECVERR, Errno.EINVAL,
                    TxTimeDrop.ORIGIN, TxTimeDrop.INVALID_PARAM, txtime), 48, d)).isTrue();
            assertThat(d.code).isEqualTo(TxTimeDrop.INVALID_PARAM);
            assertThat(d.txtimeNs).isEqualTo(txtime);
            assertThat(d.reason()).startsWith("invalid launch time or clock for the qdisc (");
        }
    }

    @Test
    void timestampsAndTruncatedMessagesAreNotDrops() {
        try (Arena arena = Arena.ofConfined()) {
            TxTimeDrop d = new TxTimeDrop();
            // a transmit timestamp's extended error: origin SO_EE_ORIGIN_TIMESTAMPING (4)
            assertThat(ErrQueue.readTxTimeDrop(control(arena, SocketCalls.SOL_IP, SocketCalls.IP_RECVERR, 42, 4, 0, 7), 48, d))
                    .isFalse();
            // another level: not an extended error at all
            assertThat(ErrQueue.readTxTimeDrop(control(arena, SocketCalls.SOL_SOCKET, SocketCalls.IP_RECVERR, ECANCELED,
                    TxTimeDrop.ORIGIN, TxTimeDrop.MISSED, 7), 48, d)).isFalse();
            // the control buffer cut inside the header: nothing read past it
            assertThat(ErrQueue.readTxTimeDrop(control(arena, SocketCalls.SOL_IP, SocketCalls.IP_RECVERR, ECANCELED,
                    TxTimeDrop.ORIGIN, TxTimeDrop.MISSED, 7), 20, d)).isFalse();
        }
    }
}
