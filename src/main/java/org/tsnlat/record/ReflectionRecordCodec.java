package org.tsnlat.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The 64-byte reflection record (sender side, {@code reflections.records}, kind 3), little-endian;
 * absent timestamps are Long.MIN_VALUE. One record per reflection answered in time, with the four
 * times of the two-way exchange as the sender used them (docs/wire-format.md, "Reflection"):
 * t1 the sender's TX of the original and t4 its RX of the reflection (sender's clock), t2 the
 * receiver's RX of the original and t3 its TX of the reflection (receiver's clock). Only in
 * version 2 (with the checksum of bytes 0 to 59 in bytes 60 to 63).
 *
 * <pre>
 *    0       1       2       3       4       5       6       7     byte
 *  +-------+-------+-------+-------+-------+-------+-------+-------+
 *  |               sequence number of the original (u64)           |   0
 *  +---------------------------------------------------------------+
 *  |              scheduled time of the original (i64 ns)          |   8
 *  +---------------------------------------------------------------+
 *  |        t1: sender's TX of the original (i64 ns, sender)       |  16
 *  +---------------------------------------------------------------+
 *  |      t2: receiver's RX of the original (i64 ns, receiver)     |  24
 *  +---------------------------------------------------------------+
 *  |    t3: receiver's TX of the reflection (i64 ns, receiver)     |  32
 *  +---------------------------------------------------------------+
 *  |      t4: sender's RX of the reflection (i64 ns, sender)       |  40
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  48
 *  +-------------------------------+-------------------------------+
 *  | flags u32: which times (TwoWayEstimate codes) | CRC-32C 0..59 |  56
 *  +-------------------------------+-------------------------------+
 * </pre>
 *
 * <p>In a {@link PacketRecord} (so that the pipe, the writer and the reader serve every kind):
 * t1 is {@code appTxNs}, t2 {@code swRxNs}, t3 {@code swTxNs}, t4 {@code appRxNs}, the codes
 * {@code flags}; see {@link #t1}..{@link #t4} and {@link #set}.
 */
public final class ReflectionRecordCodec {
    static final int RECORD_BYTES = 64;
    static final int SEQ_OFFSET = 0;
    static final int SCHEDULED_OFFSET = 8;
    static final int T1_OFFSET = 16;
    static final int T2_OFFSET = 24;
    static final int T3_OFFSET = 32;
    static final int T4_OFFSET = 40;
    static final int RESERVED_OFFSET = 48;
    static final int FLAGS_OFFSET = 56;
    static final int CHECKSUM_OFFSET = 60;
    /** The bytes the checksum covers: 0 to 59. */
    static final int CHECKSUMMED_BYTES = CHECKSUM_OFFSET;

    private ReflectionRecordCodec() {
    }

    /** Fills {@code r} (cleared first) with one reflection; allocates nothing. */
    public static PacketRecord set(PacketRecord r, long seq, long scheduledNs, long t1Ns, long t2Ns, long t3Ns,
                                   long t4Ns, int stamps) {
        r.clear();
        r.seq = seq;
        r.scheduledNs = scheduledNs;
        r.appTxNs = t1Ns;
        r.swRxNs = t2Ns;
        r.swTxNs = t3Ns;
        r.appRxNs = t4Ns;
        r.flags = stamps;
        return r;
    }

    public static long t1(PacketRecord r) {
        return r.appTxNs;
    }

    public static long t2(PacketRecord r) {
        return r.swRxNs;
    }

    public static long t3(PacketRecord r) {
        return r.swTxNs;
    }

    public static long t4(PacketRecord r) {
        return r.appRxNs;
    }

    /** The TwoWayEstimate codes of the times (-1 written as such: not known). */
    public static int stamps(PacketRecord r) {
        return r.flags;
    }

    static void write(ByteBuffer buf, int index, PacketRecord r, CRC32C crc) {
        buf.putLong(index + SEQ_OFFSET, r.seq);
        buf.putLong(index + SCHEDULED_OFFSET, r.scheduledNs);
        buf.putLong(index + T1_OFFSET, t1(r));
        buf.putLong(index + T2_OFFSET, t2(r));
        buf.putLong(index + T3_OFFSET, t3(r));
        buf.putLong(index + T4_OFFSET, t4(r));
        buf.putLong(index + RESERVED_OFFSET, 0);
        buf.putInt(index + FLAGS_OFFSET, r.flags);
        RecordChecksum.put(crc, buf, index, CHECKSUMMED_BYTES);
    }

    static boolean intact(ByteBuffer buf, int index, CRC32C crc) {
        return RecordChecksum.matches(crc, buf, index, CHECKSUMMED_BYTES);
    }

    static void read(ByteBuffer buf, int index, PacketRecord r) {
        set(r, buf.getLong(index + SEQ_OFFSET), buf.getLong(index + SCHEDULED_OFFSET), buf.getLong(index + T1_OFFSET),
                buf.getLong(index + T2_OFFSET), buf.getLong(index + T3_OFFSET), buf.getLong(index + T4_OFFSET),
                buf.getInt(index + FLAGS_OFFSET));
    }
}
