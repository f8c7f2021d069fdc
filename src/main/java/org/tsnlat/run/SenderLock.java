package org.tsnlat.run;

import java.net.StandardProtocolFamily;
import org.tsnlat.linux.RxInfo;

/**
 * Which sender a receiver believes: a session id and the source it comes from, decided by a
 * quorum, never by one datagram. Allocates nothing; used by the receive loop alone.
 *
 * <p>Before the lock, a well-formed probe becomes the <em>candidate</em>; a later probe of the
 * same session from the same source (IP address and UDP port) whose sequence number differs from
 * the candidate's by 1 to {@value #QUORUM_SEQ_WINDOW} either way (the first two probes may arrive
 * swapped: seen through an emulated guest's NIC), or that session's END from that source (its
 * count above the candidate's number), confirms it and locks. Any other probe replaces the candidate, which is then counted as
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

    /** A datagram's source (IP address and UDP port), kept without allocating. */
    private static final class Source {
        private StandardProtocolFamily family;
        private long hi;
        private long lo;
        private int port;

        void set(RxInfo from) {
            family = from.sourceFamily;
            hi = hi(from);
            lo = lo(from);
            port = from.sourcePort;
        }

        void set(Source other) {
            family = other.family;
            hi = other.hi;
            lo = other.lo;
            port = other.port;
        }

        /** The same IP address, and the same port too when {@code withPort}. */
        boolean matches(RxInfo from, boolean withPort) {
            return from.sourceFamily == family && hi(from) == hi && lo(from) == lo && (!withPort || from.sourcePort == port);
        }
    }

    private final boolean anySource;
    private volatile boolean locked;
    private final Source source = new Source();

    private boolean candidate;
    private long candidateSession;
    private long candidateSeq;
    private final Source candidateSource = new Source();

    SenderLock(boolean anySource) {
        this.anySource = anySource;
    }

    boolean locked() {
        return locked;
    }

    /** Locks onto the datagram's source at once (its session was given; the decoder holds it). */
    void lock(RxInfo from) {
        source.set(from);
        this.locked = true;
        this.candidate = false;
    }

    /** Locks onto the candidate and returns its session; call only after {@link #confirms} said true. */
    long lockOnCandidate() {
        source.set(candidateSource);
        this.locked = true;
        this.candidate = false;
        return candidateSession;
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
        candidateSource.set(from);
        return replaced;
    }

    /**
     * Whether a probe ({@code end} false, {@code seq} its number) or an END ({@code seq} the count
     * sent) of {@code session} from {@code from} confirms the candidate.
     */
    boolean confirms(long session, long seq, boolean end, RxInfo from) {
        if (!candidate || session != candidateSession || !fromCandidate(from)) return false;
        long ahead = seq - candidateSeq;
        return end ? ahead >= 1 : ahead != 0 && Math.abs(ahead) <= QUORUM_SEQ_WINDOW;
    }

    /** A copy of the candidate: its session, its number, from its source. */
    boolean isCandidateCopy(long session, long seq, RxInfo from) {
        return candidate && session == candidateSession && seq == candidateSeq && fromCandidate(from);
    }

    private boolean fromCandidate(RxInfo from) {
        return anySource || candidateSource.matches(from, true);
    }

    /** A probe or END from the locked sender's socket (any source with --any-source). */
    boolean fromSender(RxInfo from) {
        return anySource || source.matches(from, true);
    }

    /** A datagram from the locked sender's host (its sync datagrams come from another port). */
    boolean fromSenderHost(RxInfo from) {
        return locked && (anySource || source.matches(from, false));
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
