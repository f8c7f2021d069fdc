package org.tsnlat.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The sync-sample datagram v1: how a sender on another host hands the receiver its own clock
 * evidence (ptp4l readings, two-way estimates), so that one run directory holds both sides.
 * Network byte order; see docs/wire-format.md.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                    magic "TSNS" (0x54534E53)                  |  0
 * +---------------+---------------+-------------------------------+
 * |  version (1)  |  flags        |  JSON length (u16)            |  4
 * +---------------+---------------+-------------------------------+
 * |                    session id (u64)                           |  8
 * +---------------------------------------------------------------+
 * |  one sync-log line: a UTF-8 JSON object (docs/sync-samples.md) | 16
 * +---------------------------------------------------------------+
 * |  with flag A (bit 0): a 16-byte tag, HMAC-SHA-256 of all before | 16 + JSON length
 * </pre>
 */
public final class SyncDatagram {
    public static final int MAGIC = 0x54534E53;
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 16;
    public static final int MAX_JSON_BYTES = 1400;
    /** The flags byte (reserved, 0, in the first datagrams of version 1; readers ignored it). */
    public static final int FLAGS_OFFSET = 5;
    /** Flag: authenticated, a tag follows the JSON ({@link Hmac#sealSync}). */
    public static final int FLAG_AUTH = 1;

    private SyncDatagram() {}

    /** Encodes at position 0 of {@code buf}; returns the datagram length. */
    public static int encode(ByteBuffer buf, long sessionId, String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("sync sample of " + text.length + " bytes is over " + MAX_JSON_BYTES);
        }
        buf.putInt(0, MAGIC);
        buf.put(4, (byte) VERSION);
        buf.put(5, (byte) 0);
        buf.putShort(6, (short) text.length);
        buf.putLong(8, sessionId);
        buf.put(HEADER_BYTES, text);
        return HEADER_BYTES + text.length;
    }

    /** True when buf[0, length) starts like a sync datagram (magic); cheap, for the receive loop. */
    public static boolean looksLikeOne(ByteBuffer buf, int length) {
        return length >= HEADER_BYTES && buf.getInt(0) == MAGIC;
    }

    /**
     * The datagram's own length within the {@code length} bytes received: what its header says
     * (header, JSON, and the tag when flag A is set), at most {@code length}. A frame shorter than
     * Ethernet's minimum arrives padded (layer 2); the padding is no part of the datagram.
     */
    public static int ownLength(ByteBuffer buf, int length) {
        if (!looksLikeOne(buf, length)) return length;
        int own = HEADER_BYTES + jsonLength(buf) + ((buf.get(FLAGS_OFFSET) & FLAG_AUTH) != 0 ? Hmac.TAG_BYTES : 0);
        return Math.min(own, length);
    }

    /** The header's JSON length field. */
    private static int jsonLength(ByteBuffer buf) {
        return buf.getShort(6) & 0xFFFF;
    }

    /** The JSON text of a well-formed sync datagram of {@code sessionId}, or null (counted by the caller). */
    public static String decode(ByteBuffer buf, int length, long sessionId) {
        if (!looksLikeOne(buf, length) || buf.get(4) != VERSION) return null;
        int n = jsonLength(buf);
        if (n > MAX_JSON_BYTES || HEADER_BYTES + n > length || buf.getLong(8) != sessionId) return null;
        byte[] text = new byte[n];
        buf.get(HEADER_BYTES, text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
