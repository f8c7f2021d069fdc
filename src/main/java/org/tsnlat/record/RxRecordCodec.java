package org.tsnlat.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The 96-byte RX record (receiver side), little-endian; absent timestamps are Long.MIN_VALUE.
 * Version 2 drawn. The fields end at byte 80; bytes 80 to 83 hold the CRC-32C of bytes 0 to 79
 * (version 1: reserved, zero); bytes 84 to 95 are reserved: written 0, not covered by the
 * checksum, ignored by readers.
 *
 * <pre>
 *    0       1       2       3       4       5       6       7     byte
 *  +-------+-------+-------+-------+-------+-------+-------+-------+
 *  |                 sequence number (u64, from the probe)         |   0
 *  +---------------------------------------------------------------+
 *  |              scheduled time (i64 ns, from the probe)          |   8
 *  +---------------------------------------------------------------+
 *  |                 app TX (i64 ns, from the probe)               |  16
 *  +---------------------------------------------------------------+
 *  |          follow-up SCHED TX of probe seq-1 (i64 ns)           |  24
 *  +---------------------------------------------------------------+
 *  |         follow-up software TX of probe seq-1 (i64 ns)         |  32
 *  +---------------------------------------------------------------+
 *  |         follow-up hardware TX of probe seq-1 (i64 ns)         |  40
 *  +---------------------------------------------------------------+
 *  |                     NIC hardware RX (i64 ns)                  |  48
 *  +---------------------------------------------------------------+
 *  |                   kernel software RX (i64 ns)                 |  56
 *  +---------------------------------------------------------------+
 *  |             app RX, just after recvmsg (i64 ns)               |  64
 *  +-------------------------------+---------------+---------------+
 *  | flags u32: 0 DUP, 1 REORDERED | payload (u16) | reserved (0)  |  72
 *  +-------------------------------+---------------+---------------+
 *  |  CRC-32C of bytes 0..79 (u32) |         reserved (0)          |  80
 *  +-------------------------------+-------------------------------+
 *  |                          reserved (0)                         |  88
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class RxRecordCodec {
    static final int RECORD_BYTES = 96;
    static final int SEQ_OFFSET = 0;
    static final int SCHEDULED_OFFSET = 8;
    static final int APP_TX_OFFSET = 16;
    static final int FU_SCHED_TX_OFFSET = 24;
    static final int FU_SW_TX_OFFSET = 32;
    static final int FU_HW_TX_OFFSET = 40;
    static final int HW_RX_OFFSET = 48;
    static final int SW_RX_OFFSET = 56;
    static final int APP_RX_OFFSET = 64;
    static final int FLAGS_OFFSET = 72;
    static final int PAYLOAD_LENGTH_OFFSET = 76;
    static final int RESERVED_OFFSET = 78;
    /** Version 2: the CRC-32C of the bytes before it; version 1: reserved, zero. */
    static final int CHECKSUM_OFFSET = 80;
    /** The bytes the version-2 checksum covers: 0 to 79. */
    static final int CHECKSUMMED_BYTES = CHECKSUM_OFFSET;
    static final int RESERVED2_OFFSET = 84;
    static final int RESERVED3_OFFSET = 88;

    private RxRecordCodec() {
    }

    /**
     * Writes {@code r} at {@code index} of a little-endian buffer, in version 2 (with its
     * checksum, computed with {@code crc}; allocates nothing).
     */
    static void write(ByteBuffer buf, int index, PacketRecord r, CRC32C crc) {
        buf.putLong(index + SEQ_OFFSET, r.seq);
        buf.putLong(index + SCHEDULED_OFFSET, r.scheduledNs);
        buf.putLong(index + APP_TX_OFFSET, r.appTxNs);
        buf.putLong(index + FU_SCHED_TX_OFFSET, r.fuSchedTxNs);
        buf.putLong(index + FU_SW_TX_OFFSET, r.fuSwTxNs);
        buf.putLong(index + FU_HW_TX_OFFSET, r.fuHwTxNs);
        buf.putLong(index + HW_RX_OFFSET, r.hwRxNs);
        buf.putLong(index + SW_RX_OFFSET, r.swRxNs);
        buf.putLong(index + APP_RX_OFFSET, r.appRxNs);
        buf.putInt(index + FLAGS_OFFSET, r.flags);
        buf.putShort(index + PAYLOAD_LENGTH_OFFSET, (short) Math.clamp(r.payloadBytes, 0, 0xFFFF));
        buf.putShort(index + RESERVED_OFFSET, (short) 0);
        buf.putInt(index + RESERVED2_OFFSET, 0);
        buf.putLong(index + RESERVED3_OFFSET, 0);
        RecordChecksum.put(crc, buf, index, CHECKSUMMED_BYTES);
    }

    /** Version 2: true if the record at {@code index} holds the checksum of its bytes 0 to 79. */
    static boolean intact(ByteBuffer buf, int index, CRC32C crc) {
        return RecordChecksum.matches(crc, buf, index, CHECKSUMMED_BYTES);
    }

    /**
     * Reads the record at {@code index} (version 1 or 2; the checksum is not read here, see
     * {@link #intact}); fields an RX record does not hold become absent.
     */
    static void read(ByteBuffer buf, int index, PacketRecord r) {
        r.seq = buf.getLong(index + SEQ_OFFSET);
        r.scheduledNs = buf.getLong(index + SCHEDULED_OFFSET);
        r.appTxNs = buf.getLong(index + APP_TX_OFFSET);
        r.fuSchedTxNs = buf.getLong(index + FU_SCHED_TX_OFFSET);
        r.fuSwTxNs = buf.getLong(index + FU_SW_TX_OFFSET);
        r.fuHwTxNs = buf.getLong(index + FU_HW_TX_OFFSET);
        r.hwRxNs = buf.getLong(index + HW_RX_OFFSET);
        r.swRxNs = buf.getLong(index + SW_RX_OFFSET);
        r.appRxNs = buf.getLong(index + APP_RX_OFFSET);
        r.flags = buf.getInt(index + FLAGS_OFFSET);
        r.payloadBytes = Short.toUnsignedInt(buf.getShort(index + PAYLOAD_LENGTH_OFFSET));
        r.wakeNs = Timestamps.ABSENT;
        r.schedTxNs = Timestamps.ABSENT;
        r.swTxNs = Timestamps.ABSENT;
        r.hwTxNs = Timestamps.ABSENT;
    }
}
