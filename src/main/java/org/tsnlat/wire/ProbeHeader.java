package org.tsnlat.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Offsets, flags and limits of the probe header, version 1. All fields are in network byte
 * order (big-endian) whatever the order of the {@link ByteBuffer} they are read from.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Magic 0x54534E4C "TSNL"                   |  0
 *  +---------------+-+-+-+-+-+-+-+-+-------------------------------+
 *  |  Version = 1  |0|A|R|Q|H|W|S|E|  Header length = 64 (80 with A) |  4
 *  +---------------+-+-+-+-+-+-+-+-+-------------------------------+
 *  |                      Session id (u64, != 0)                   |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Sequence number (u64, from 0)              | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Scheduled time (i64 ns, sender)              | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   App TX time (i64 ns, sender)                | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Follow-up: qdisc (SCHED) TX time of seq-1 (i64 ns)     | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Follow-up: software TX time of seq-1 (i64 ns)          | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Follow-up: hardware TX time of seq-1 (i64 ns)          | 56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Zero padding up to the payload size          ...  64
 *  +---------------------------------------------------------------+
 *
 *  With A (authenticated mode), bytes 64-79 are the tag, the padding follows from 80:
 *  +---------------------------------------------------------------+
 *  |   Tag: HMAC-SHA-256 (shared key) of every byte but these 16,   |  64
 *  |   truncated to 16 bytes                                       |
 *  +---------------------------------------------------------------+
 *
 *  Flags (byte 5, bit 0 is the least significant):
 *    E = END, S = FU_SCHED, W = FU_SW, H = FU_HW, Q = REFLECT_REQUEST, R = REFLECTED,
 *    A = AUTH (set by {@link Hmac#sealProbe}), 0 = reserved
 * </pre>
 */
public final class ProbeHeader {
    /** "TSNL" in ASCII. */
    public static final int MAGIC = 0x54534E4C;
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 64;
    public static final int MIN_PAYLOAD_BYTES = HEADER_BYTES;
    /** The largest UDP payload over IPv4: 65535 - 20 (IP) - 8 (UDP). */
    public static final int MAX_PAYLOAD_BYTES = 65_507;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int FLAGS_OFFSET = 5;
    public static final int HEADER_LENGTH_OFFSET = 6;
    public static final int SESSION_ID_OFFSET = 8;
    public static final int SEQ_OFFSET = 16;
    public static final int SCHEDULED_OFFSET = 24;
    public static final int APP_TX_OFFSET = 32;
    public static final int FU_SCHED_TX_OFFSET = 40;
    public static final int FU_SW_TX_OFFSET = 48;
    public static final int FU_HW_TX_OFFSET = 56;
    /**
     * In a REFLECTED probe the follow-up fields carry the two-way exchange instead: offset 32
     * (app TX) keeps t1, the sender's app TX of the original; offset 40 (FU_SCHED) is t2, the
     * receiver's best RX timestamp of the original; offset 48 (FU_SW) is t3, the receiver's app
     * time just before sending the reflection back. FU_SCHED and FU_SW are set, FU_HW clear.
     */
    public static final int REFLECT_RX_OFFSET = FU_SCHED_TX_OFFSET;
    /** See {@link #REFLECT_RX_OFFSET}. */
    public static final int REFLECT_TX_OFFSET = FU_SW_TX_OFFSET;

    /** End of session: the sequence field holds the number of probes sent. */
    public static final int FLAG_END = 1;
    /** The qdisc (SCHED) TX timestamp of probe seq-1 is present. */
    public static final int FLAG_FU_SCHED = 1 << 1;
    /** The software (SND) TX timestamp of probe seq-1 is present. */
    public static final int FLAG_FU_SW = 1 << 2;
    /** The hardware TX timestamp of probe seq-1 is present. */
    public static final int FLAG_FU_HW = 1 << 3;
    /** Authenticated mode: header length {@link #AUTH_HEADER_BYTES}, the tag at {@link #TAG_OFFSET}. */
    public static final int FLAG_AUTH = 1 << 6;
    /** Header length of an authenticated probe: the 64 bytes and the 16-byte tag. */
    public static final int AUTH_HEADER_BYTES = 80;
    /** Where an authenticated probe's tag is. */
    public static final int TAG_OFFSET = 64;
    /** The receiver should echo this probe back. */
    public static final int FLAG_REFLECT_REQUEST = 1 << 4;
    /** This probe is an echo sent back by a receiver. */
    public static final int FLAG_REFLECTED = 1 << 5;
    /** Follow-up flags, derived by the encoder from which follow-up timestamps are present. */
    public static final int FU_FLAGS = FLAG_FU_SCHED | FLAG_FU_SW | FLAG_FU_HW;
    /** Flags a probe may carry; bit 7 is reserved and must be 0. */
    public static final int KNOWN_FLAGS = FLAG_END | FU_FLAGS | FLAG_REFLECT_REQUEST | FLAG_REFLECTED | FLAG_AUTH;

    private ProbeHeader() {
    }

    static long getLong(ByteBuffer buf, int index) {
        long v = buf.getLong(index);
        return buf.order() == ByteOrder.BIG_ENDIAN ? v : Long.reverseBytes(v);
    }

    static void putLong(ByteBuffer buf, int index, long value) {
        buf.putLong(index, buf.order() == ByteOrder.BIG_ENDIAN ? value : Long.reverseBytes(value));
    }

    static int getInt(ByteBuffer buf, int index) {
        int v = buf.getInt(index);
        return buf.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    static void putInt(ByteBuffer buf, int index, int value) {
        buf.putInt(index, buf.order() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value));
    }

    static int getUnsignedShort(ByteBuffer buf, int index) {
        short v = buf.getShort(index);
        return (buf.order() == ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes(v)) & 0xFFFF;
    }

    static void putShort(ByteBuffer buf, int index, int value) {
        short v = (short) value;
        buf.putShort(index, buf.order() == ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes(v));
    }
}
