package org.tsnlat.record;

import java.nio.ByteBuffer;

/**
 * The 64-byte TX record (sender side), little-endian; absent timestamps are Long.MIN_VALUE.
 *
 * <pre>
 *    0       1       2       3       4       5       6       7     byte
 *  +-------+-------+-------+-------+-------+-------+-------+-------+
 *  |                        sequence number (u64)                  |   0
 *  +---------------------------------------------------------------+
 *  |                       scheduled time (i64 ns)                 |   8
 *  +---------------------------------------------------------------+
 *  |                  wake from absolute sleep (i64 ns)            |  16
 *  +---------------------------------------------------------------+
 *  |               app TX, just before sendmsg (i64 ns)            |  24
 *  +---------------------------------------------------------------+
 *  |              kernel qdisc-entry TX, SCHED (i64 ns)            |  32
 *  +---------------------------------------------------------------+
 *  |                kernel software TX, SND (i64 ns)               |  40
 *  +---------------------------------------------------------------+
 *  |                     NIC hardware TX (i64 ns)                  |  48
 *  +-------------------------------+-------------------------------+
 *  |      flags (u32, none yet)    |        reserved (u32, 0)      |  56
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
final class TxRecordCodec {
    static final int RECORD_BYTES = 64;
    static final int SEQ_OFFSET = 0;
    static final int SCHEDULED_OFFSET = 8;
    static final int WAKE_OFFSET = 16;
    static final int APP_TX_OFFSET = 24;
    static final int SCHED_TX_OFFSET = 32;
    static final int SW_TX_OFFSET = 40;
    static final int HW_TX_OFFSET = 48;
    static final int FLAGS_OFFSET = 56;
    static final int RESERVED_OFFSET = 60;

    private TxRecordCodec() {
    }

    /** Writes {@code r} at {@code index} of a little-endian buffer. */
    static void write(ByteBuffer buf, int index, PacketRecord r) {
        buf.putLong(index + SEQ_OFFSET, r.seq);
        buf.putLong(index + SCHEDULED_OFFSET, r.scheduledNs);
        buf.putLong(index + WAKE_OFFSET, r.wakeNs);
        buf.putLong(index + APP_TX_OFFSET, r.appTxNs);
        buf.putLong(index + SCHED_TX_OFFSET, r.schedTxNs);
        buf.putLong(index + SW_TX_OFFSET, r.swTxNs);
        buf.putLong(index + HW_TX_OFFSET, r.hwTxNs);
        buf.putInt(index + FLAGS_OFFSET, r.flags);
        buf.putInt(index + RESERVED_OFFSET, 0);
    }

    /** Reads the record at {@code index}; fields a TX record does not hold become absent. */
    static void read(ByteBuffer buf, int index, PacketRecord r) {
        r.seq = buf.getLong(index + SEQ_OFFSET);
        r.scheduledNs = buf.getLong(index + SCHEDULED_OFFSET);
        r.wakeNs = buf.getLong(index + WAKE_OFFSET);
        r.appTxNs = buf.getLong(index + APP_TX_OFFSET);
        r.schedTxNs = buf.getLong(index + SCHED_TX_OFFSET);
        r.swTxNs = buf.getLong(index + SW_TX_OFFSET);
        r.hwTxNs = buf.getLong(index + HW_TX_OFFSET);
        r.flags = buf.getInt(index + FLAGS_OFFSET);
        r.fuSchedTxNs = Timestamps.ABSENT;
        r.fuSwTxNs = Timestamps.ABSENT;
        r.fuHwTxNs = Timestamps.ABSENT;
        r.hwRxNs = Timestamps.ABSENT;
        r.swRxNs = Timestamps.ABSENT;
        r.appRxNs = Timestamps.ABSENT;
        r.payloadBytes = 0;
    }
}
