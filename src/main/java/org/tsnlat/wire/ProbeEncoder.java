package org.tsnlat.wire;

import static org.tsnlat.wire.ProbeHeader.*;

import java.nio.ByteBuffer;
import org.tsnlat.record.Timestamps;

/**
 * Writes probes in wire format v1 (see {@link ProbeHeader} and {@code docs/wire-format.md}).
 *
 * <p>Allocation-free. Writes at absolute index 0 whatever the buffer's position and byte order,
 * zeroes the padding every time, and leaves the buffer with position 0 and limit
 * {@code sizeBytes}, ready to hand to a datagram send.
 */
public final class ProbeEncoder {
    private static final byte[] ZEROS = new byte[MAX_PAYLOAD_BYTES - HEADER_BYTES];

    private ProbeEncoder() {
    }

    /**
     * Encodes {@code p} into {@code buf} as a datagram of {@code sizeBytes}.
     *
     * <p>The follow-up flag bits are derived from which follow-up timestamps are present; the
     * other flag bits ({@code END}, {@code REFLECT_*}) are taken from {@code p.flags}. An absent
     * {@code appTxNs} may be patched later with {@link #patchAppTx}.
     *
     * @return {@code sizeBytes}
     * @throws IllegalArgumentException if the size is out of range, the buffer too small, or the
     *     probe cannot be encoded (session id 0, negative sequence, reserved flags, follow-up 0)
     */
    public static int encode(ByteBuffer buf, Probe p, int sizeBytes) {
        if (sizeBytes < MIN_PAYLOAD_BYTES || sizeBytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("probe size " + sizeBytes + " bytes is out of range "
                    + MIN_PAYLOAD_BYTES + ".." + MAX_PAYLOAD_BYTES);
        }
        if (buf.capacity() < sizeBytes) {
            throw new IllegalArgumentException("buffer of " + buf.capacity()
                    + " bytes cannot hold a probe of " + sizeBytes + " bytes");
        }
        int flags = validFlags(p);
        buf.clear();
        putInt(buf, MAGIC_OFFSET, MAGIC);
        buf.put(VERSION_OFFSET, (byte) VERSION);
        buf.put(FLAGS_OFFSET, (byte) flags);
        putShort(buf, HEADER_LENGTH_OFFSET, HEADER_BYTES);
        putLong(buf, SESSION_ID_OFFSET, p.sessionId);
        putLong(buf, SEQ_OFFSET, p.seq);
        putLong(buf, SCHEDULED_OFFSET, p.scheduledNs);
        putLong(buf, APP_TX_OFFSET, p.appTxNs);
        putLong(buf, FU_SCHED_TX_OFFSET, Timestamps.present(p.fuSchedTxNs) ? p.fuSchedTxNs : 0);
        putLong(buf, FU_SW_TX_OFFSET, Timestamps.present(p.fuSwTxNs) ? p.fuSwTxNs : 0);
        putLong(buf, FU_HW_TX_OFFSET, Timestamps.present(p.fuHwTxNs) ? p.fuHwTxNs : 0);
        buf.put(HEADER_BYTES, ZEROS, 0, sizeBytes - HEADER_BYTES);
        buf.limit(sizeBytes);
        return sizeBytes;
    }

    /** Writes the app TX time into an encoded probe, just before it is sent. */
    public static void patchAppTx(ByteBuffer buf, long appTxNs) {
        putLong(buf, APP_TX_OFFSET, appTxNs);
    }

    /**
     * Writes t3 into an encoded REFLECTED probe, just before it is sent back (see
     * {@link ProbeHeader#REFLECT_RX_OFFSET}). Encode it with a present {@code fuSwTxNs} so that its
     * flag is set; this replaces the value. {@code t3Ns} must not be 0.
     */
    public static void patchReflectTx(ByteBuffer buf, long t3Ns) {
        putLong(buf, REFLECT_TX_OFFSET, t3Ns);
    }

    private static int validFlags(Probe p) {
        if (p.sessionId == 0) {
            throw new IllegalArgumentException("session id 0 is reserved (it means 'any session')");
        }
        if (p.seq < 0) {
            throw new IllegalArgumentException("sequence number " + p.seq + " is negative");
        }
        if ((p.flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("reserved probe flag bits set: 0x"
                    + Integer.toHexString(p.flags & ~KNOWN_FLAGS));
        }
        if ((p.flags & FLAG_AUTH) != 0) {
            throw new IllegalArgumentException("the AUTH flag is set by Hmac.sealProbe, with the tag, not encoded");
        }
        int flags = p.flags & ~FU_FLAGS;
        flags |= followUpFlag(p.fuSchedTxNs, FLAG_FU_SCHED, "SCHED");
        flags |= followUpFlag(p.fuSwTxNs, FLAG_FU_SW, "software");
        flags |= followUpFlag(p.fuHwTxNs, FLAG_FU_HW, "hardware");
        return flags;
    }

    private static int followUpFlag(long tsNs, int flag, String name) {
        if (tsNs == 0) {
            throw new IllegalArgumentException("follow-up " + name
                    + " TX timestamp 0 cannot be sent (0 means absent on the wire; use Timestamps.ABSENT)");
        }
        return Timestamps.present(tsNs) ? flag : 0;
    }
}
