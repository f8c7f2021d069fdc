package org.tsnlat.wire;

import static org.tsnlat.wire.ProbeHeader.*;

import java.nio.ByteBuffer;
import org.tsnlat.record.Timestamps;

/**
 * Classifies received datagrams and decodes probes of one session; one instance per receiver,
 * used by one thread.
 *
 * <p>{@link #decode} allocates nothing and never throws on what the network delivers: every
 * datagram gets a {@link Verdict}, and every verdict is counted. The checks run in this order,
 * the first that fails decides:
 * <ol>
 *   <li>fewer than 4 bytes: {@link Verdict#TRUNCATED};
 *   <li>magic is not "TSNL": {@link Verdict#FOREIGN}, whatever the length;
 *   <li>fewer than 64 bytes: {@link Verdict#TRUNCATED};
 *   <li>version is not 1: {@link Verdict#BAD_VERSION};
 *   <li>header length field greater than the datagram: {@link Verdict#TRUNCATED};
 *   <li>header length field not 64 (80 with the AUTH flag), reserved flag bits set, session id 0, sequence number above
 *       2^63-1, a follow-up flag set with a timestamp of 0 or -2^63 (the "absent" value), or clear
 *       with a non-zero one:
 *       {@link Verdict#MALFORMED};
 *   <li>session id not the expected one: {@link Verdict#OTHER_SESSION};
 *   <li>END flag: {@link Verdict#END}, otherwise {@link Verdict#PROBE}.
 * </ol>
 *
 * <p>A decoder made with session id 0 locks onto the session of the first well-formed
 * {@code PROBE} (not an END, which may be a late leftover of an earlier run), unless made with
 * {@link #awaitingLock()}: it then calls every well-formed probe {@code PROBE} (and every END
 * {@code END}) whatever its session, until its user decides which session to believe
 * ({@link #lock}); a receiver does that after a quorum of probes (docs/wire-format.md).
 */
public final class ProbeDecoder {

    /** The outcome of decoding one datagram. */
    public enum Verdict {
        /** A measurement probe of our session; the output probe is filled. */
        PROBE,
        /** End of our session; the output's seq is the number of probes sent. */
        END,
        /** Shorter than the 64-byte header, or than the header length field says. */
        TRUNCATED,
        /** Not a tsnlat probe (wrong magic). */
        FOREIGN,
        /** A tsnlat probe of a version this decoder does not know. */
        BAD_VERSION,
        /** A v1 header with an impossible field. */
        MALFORMED,
        /** A well-formed probe of another session; the output probe is filled. */
        OTHER_SESSION
    }

    private static final Verdict[] VERDICTS = Verdict.values();

    private final long[] counts = new long[VERDICTS.length];
    private long sessionId;
    private final boolean lockOnFirstProbe;

    /** @param sessionId the session to accept, or 0 to lock onto the first probe's session */
    public ProbeDecoder(long sessionId) {
        this(sessionId, true);
    }

    private ProbeDecoder(long sessionId, boolean lockOnFirstProbe) {
        this.sessionId = sessionId;
        this.lockOnFirstProbe = lockOnFirstProbe;
    }

    /** A decoder that accepts every session until {@link #lock} names one. */
    public static ProbeDecoder awaitingLock() {
        return new ProbeDecoder(0, false);
    }

    /** From now on only {@code session}'s probes are {@code PROBE} or {@code END}. */
    public void lock(long session) {
        if (session == 0) throw new IllegalArgumentException("session id 0 is never a session");
        this.sessionId = session;
    }

    /**
     * Classifies the datagram in {@code buf[0, length)} and, for {@code PROBE}, {@code END} and
     * {@code OTHER_SESSION}, fills {@code out}; otherwise {@code out} is left unchanged.
     * A {@code length} beyond the buffer's limit is cut to the limit.
     */
    public Verdict decode(ByteBuffer buf, int length, Probe out) {
        Verdict v = classify(buf, Math.min(length, buf.limit()), out);
        counts[v.ordinal()]++;
        return v;
    }

    private Verdict classify(ByteBuffer buf, int length, Probe out) {
        if (length < 4) {
            return Verdict.TRUNCATED;
        }
        if (getInt(buf, MAGIC_OFFSET) != MAGIC) {
            return Verdict.FOREIGN;
        }
        if (length < HEADER_BYTES) {
            return Verdict.TRUNCATED;
        }
        if (buf.get(VERSION_OFFSET) != VERSION) {
            return Verdict.BAD_VERSION;
        }
        int headerBytes = getUnsignedShort(buf, HEADER_LENGTH_OFFSET);
        if (headerBytes > length) {
            return Verdict.TRUNCATED;
        }
        int flags = buf.get(FLAGS_OFFSET) & 0xFF;
        long session = getLong(buf, SESSION_ID_OFFSET);
        long seq = getLong(buf, SEQ_OFFSET);
        long fuSched = getLong(buf, FU_SCHED_TX_OFFSET);
        long fuSw = getLong(buf, FU_SW_TX_OFFSET);
        long fuHw = getLong(buf, FU_HW_TX_OFFSET);
        int expectedHeader = (flags & FLAG_AUTH) != 0 ? AUTH_HEADER_BYTES : HEADER_BYTES;
        if (headerBytes != expectedHeader || (flags & ~KNOWN_FLAGS) != 0 || session == 0 || seq < 0
                || !followUpConsistent(flags, FLAG_FU_SCHED, fuSched)
                || !followUpConsistent(flags, FLAG_FU_SW, fuSw)
                || !followUpConsistent(flags, FLAG_FU_HW, fuHw)) {
            return Verdict.MALFORMED;
        }
        out.sessionId = session;
        out.seq = seq;
        out.flags = flags;
        out.scheduledNs = getLong(buf, SCHEDULED_OFFSET);
        out.appTxNs = getLong(buf, APP_TX_OFFSET);
        out.fuSchedTxNs = (flags & FLAG_FU_SCHED) != 0 ? fuSched : Timestamps.ABSENT;
        out.fuSwTxNs = (flags & FLAG_FU_SW) != 0 ? fuSw : Timestamps.ABSENT;
        out.fuHwTxNs = (flags & FLAG_FU_HW) != 0 ? fuHw : Timestamps.ABSENT;
        out.lengthBytes = length;
        boolean end = (flags & FLAG_END) != 0;
        if (sessionId == 0 && !end && lockOnFirstProbe) {
            sessionId = session;
        }
        if ((sessionId != 0 || lockOnFirstProbe) && session != sessionId) {
            return Verdict.OTHER_SESSION;
        }
        return end ? Verdict.END : Verdict.PROBE;
    }

    /** Flag set: a value that is neither 0 nor the "absent" value 2^63; flag clear: 0. */
    private static boolean followUpConsistent(int flags, int flag, long valueNs) {
        return (flags & flag) != 0 ? valueNs != 0 && valueNs != Timestamps.ABSENT : valueNs == 0;
    }

    /** How many datagrams got verdict {@code v}. */
    public long count(Verdict v) {
        return counts[v.ordinal()];
    }

    /** All datagrams that were neither PROBE nor END of our session. */
    public long rejected() {
        long sum = 0;
        for (Verdict v : VERDICTS) {
            if (v != Verdict.PROBE && v != Verdict.END) {
                sum += counts[v.ordinal()];
            }
        }
        return sum;
    }

    /** The accepted session id, or 0 while not yet locked. */
    public long sessionId() {
        return sessionId;
    }
}
