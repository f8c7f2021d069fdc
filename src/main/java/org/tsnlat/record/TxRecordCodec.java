package org.tsnlat.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The 64-byte TX record (sender side), little-endian; absent timestamps are Long.MIN_VALUE.
 * Version 2 drawn: bytes 60 to 63 hold the CRC-32C of bytes 0 to 59, so every byte of the record
 * is covered; in version 1 they are reserved (zero) and nothing is checked.
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
 *  |  flags u32: 0 SEND_FAILED     |   CRC-32C of bytes 0..59 (u32)  |  56
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
    /** Version 2: the CRC-32C of the bytes before it; version 1: reserved, zero. */
    static final int CHECKSUM_OFFSET = 60;
    /** The bytes the version-2 checksum covers: 0 to 59. */
    static final int CHECKSUMMED_BYTES = CHECKSUM_OFFSET;

    private TxRecordCodec() {
    }

    /**
     * Writes {@code r} at {@code index} of a little-endian buffer, in version 2 (with its
     * checksum, computed with {@code crc}; allocates nothing).
     */
    static void write(ByteBuffer buf, int index, PacketRecord r, CRC32C crc) {
        buf.putLong(index + SEQ_OFFSET, r.seq);
        buf.putLong(index + SCHEDULED_OFFSET, r.scheduledNs);
        buf.putLong(index + WAKE_OFFSET, r.wakeNs);
        buf.putLong(index + APP_TX_OFFSET, r.appTxNs);
        buf.putLong(index + SCHED_TX_OFFSET, r.schedTxNs);
        buf.putLong(index + SW_TX_OFFSET, r.swTxNs);
        buf.putLong(index + HW_TX_OFFSET, r.hwTxNs);
        buf.putInt(index + FLAGS_OFFSET, r.flags);
        RecordChecksum.put(crc, buf, index, CHECKSUMMED_BYTES);
    }

    /** Version 2: true if the record at {@code index} holds the checksum of its bytes. */
    static boolean intact(ByteBuffer buf, int index, CRC32C crc) {
        return RecordChecksum.matches(crc, buf, index, CHECKSUMMED_BYTES);
    }

    /**
     * Reads the record at {@code index} (version 1 or 2; the checksum is not read here, see
     * {@link #intact}); fields a TX record does not hold become absent.
     */
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
