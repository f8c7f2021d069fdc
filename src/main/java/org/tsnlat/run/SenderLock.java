package org.tsnlat.run;

import java.net.StandardProtocolFamily;
import org.tsnlat.linux.RxInfo;

/**
 * Which sender a receiver believes: a session id and the source it comes from, decided by a
 * quorum, never by one datagram. Allocates nothing; used by the receive loop alone.
 *
 * <p>Before the lock, a well-formed probe becomes the <em>candidate</em>; a later probe of the
 * same session from the same source (IP address and UDP port) whose sequence number is above the
 * candidate's by at most {@value #QUORUM_SEQ_WINDOW}, or that session's END from that source,
 * confirms it and locks. Any other probe replaces the candidate, which is then counted as
 * unconfirmed. With {@code --session} given, the session is known and its first probe locks the
 * source. With {@code --any-source} (a sender behind NAT, or multi-homed) the source is not
 * compared, only the session.
 *
 * <p>After the lock, probes and ENDs must come from the locked source (IP and port); the
 * sender's sync datagrams from its IP address (they leave from another socket, so another port).
 */
final class SenderLock {
    /** How far above the candidate's sequence number a confirming probe may be (lost probes between). */
    static final long QUORUM_SEQ_WINDOW = 64;

    private final boolean anySource;
    private volatile boolean locked;
    private volatile long session;
    private StandardProtocolFamily family;
    private long addrHi;
    private long addrLo;
    private int port;

    private boolean candidate;
    private long candidateSession;
    private long candidateSeq;
    private StandardProtocolFamily candidateFamily;
    private long candidateHi;
    private long candidateLo;
    private int candidatePort;

    SenderLock(boolean anySource) {
        this.anySource = anySource;
    }

    boolean locked() {
        return locked;
    }

    long session() {
        return session;
    }

    /** Locks onto {@code session} from the datagram's source at once (the session was given). */
    void lock(long session, RxInfo from) {
        this.session = session;
        this.family = from.sourceFamily;
        this.addrHi = hi(from);
        this.addrLo = lo(from);
        this.port = from.sourcePort;
        this.locked = true;
        this.candidate = false;
    }

    /** Locks onto the candidate; call only after {@link #confirms} said true. */
    void lockOnCandidate() {
        this.session = candidateSession;
        this.family = candidateFamily;
        this.addrHi = candidateHi;
        this.addrLo = candidateLo;
        this.port = candidatePort;
        this.locked = true;
        this.candidate = false;
    }

    boolean hasCandidate() {
        return candidate;
    }

    /** Makes this probe the candidate; true when it replaced an earlier one (unconfirmed). */
    boolean candidate(long session, long seq, RxInfo from) {
        boolean replaced = candidate;
        candidate = true;
        candidateSession = session;
        candidateSeq = seq;
        candidateFamily = from.sourceFamily;
        candidateHi = hi(from);
        candidateLo = lo(from);
        candidatePort = from.sourcePort;
        return replaced;
    }

    /**
     * Whether a probe ({@code end} false, {@code seq} its number) or an END ({@code seq} the count
     * sent) of {@code session} from {@code from} confirms the candidate.
     */
    boolean confirms(long session, long seq, boolean end, RxInfo from) {
        if (!candidate || session != candidateSession || !sameAsCandidate(from)) return false;
        long ahead = seq - candidateSeq;
        return end ? ahead >= 1 : ahead >= 1 && ahead <= QUORUM_SEQ_WINDOW;
    }

    /** A copy of the candidate: its session, its number, from its source. */
    boolean isCandidateCopy(long session, long seq, RxInfo from) {
        return candidate && session == candidateSession && seq == candidateSeq && sameAsCandidate(from);
    }

    private boolean sameAsCandidate(RxInfo from) {
        return anySource || from.sourceFamily == candidateFamily && hi(from) == candidateHi && lo(from) == candidateLo
                && from.sourcePort == candidatePort;
    }

    /** A probe or END from the locked sender's socket (any source with --any-source). */
    boolean fromSender(RxInfo from) {
        return anySource || from.sourceFamily == family && hi(from) == addrHi && lo(from) == addrLo
                && from.sourcePort == port;
    }

    /** A datagram from the locked sender's host (its sync datagrams come from another port). */
    boolean fromSenderHost(RxInfo from) {
        return locked && (anySource || from.sourceFamily == family && hi(from) == addrHi && lo(from) == addrLo);
    }

    private static long hi(RxInfo r) {
        long v = bytes(r.sourceAddressBytes, 0);
        return r.sourceFamily == StandardProtocolFamily.INET ? v >>> 32 : v; // IPv4: the 4 bytes used
    }

    private static long lo(RxInfo r) {
        return r.sourceFamily == StandardProtocolFamily.INET ? 0 : bytes(r.sourceAddressBytes, 8);
    }

    private static long bytes(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) v = v << 8 | (b[i] & 0xFF);
        return v;
    }
}
