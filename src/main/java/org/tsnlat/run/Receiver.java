package org.tsnlat.run;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.RxInfo;
import org.tsnlat.linux.ProbeSocket;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.record.Timestamps;
import org.tsnlat.stats.SeqTracker;
import org.tsnlat.wire.Probe;
import org.tsnlat.wire.ProbeDecoder;
import org.tsnlat.wire.ProbeEncoder;
import org.tsnlat.wire.ProbeHeader;

/**
 * The receiving loop: recvmsg with kernel (and, where the NIC offers them, hardware) RX
 * timestamps, an application timestamp right after, decode, and one record per probe to the
 * recorder. Stops at the sender's end of session (after a short grace for stragglers), a count,
 * a duration or {@link #stop()}. Anything that is not a probe of this session is counted by kind
 * and otherwise ignored. Allocates nothing per datagram.
 *
 * <p>A probe that asks for it (REFLECT_REQUEST) is sent back to its source as a REFLECTED probe
 * carrying t1 (its app TX), t2 (its RX here: kernel software RX on the run's clock, else app RX)
 * and t3 (this clock just before the sendmsg), from the socket's own TX buffer, and as a follow-up
 * the kernel TX timestamp of the reflection before it (its seq in the scheduled-time field); see
 * docs/wire-format.md. A REFLECTED probe that arrives here is never a measurement and never
 * reflected again: it is ignored. With reflection refused, requests are only counted.
 */
public final class Receiver implements Runnable {
    private final ReceiverConfig config;
    private final ProbeSocket socket;
    private long datagrams;
    /** Over layer 2, this receiver's own MAC as 48 bits; -1 over UDP. */
    private final long ownMac;
    private final long[] byPcp = new long[1 + 8];
    private final long[] byVlan = new long[1 + 4096];
    private final RecordPipe pipe;
    private final Clock clock;
    private final long swOffsetNs;
    private final ByteBuffer rx;
    private final ByteBuffer tx;
    private final RxInfo info = new RxInfo();
    private Probe probe = new Probe();
    private org.tsnlat.linux.TraceFiles.Marker marker;
    private PacketRecord record = new PacketRecord();
    /** Before the lock: the candidate's probe, record and length, measured once a quorum confirms it. */
    private Probe candidateProbe = new Probe();
    private PacketRecord candidateRecord = new PacketRecord();
    private int candidateLength;
    private final ProbeDecoder decoder;
    private final SenderLock lock;
    /** Datagrams refused after decoding, by {@link Refused} kind (the decoder counts its own). */
    private final long[] refused = new long[Refused.values().length];
    /** Authenticated mode: probes and ENDs must carry a right tag, reflections get one; null otherwise. */
    private org.tsnlat.wire.Hmac hmac;
    /** The app RX time of the first probe measured (for the plausible jump of sequence numbers). */
    private long firstAppRxNs;
    private SideChannel sideChannel;
    private final SeqTracker seqs = new SeqTracker(SeqTracker.DEFAULT_WINDOW_BITS);
    private volatile long allocatedAtSteadyEnd = -1;
    private volatile boolean stopRequested;
    private volatile long received;
    private volatile long announcedTotal = -1;
    private long overflows;
    private long endDeadlineMonoNs = Long.MAX_VALUE;
    private final java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    /** The first distinct probe's seq and schedule, and the latest's: the sender's period, learnt. */
    private long firstSeq = -1;
    private long firstScheduledNs;
    private long lastSeq = -1;
    private long lastScheduledNs;
    /**
     * The silence rule runs on the monotonic clock (a step of the run's clock is no silence), read
     * only when a receive brought no probe: a probe sets {@link #probeSincePoll}, and the first
     * empty receive after it starts the silence.
     */
    private boolean probeSincePoll;
    private long quietSinceMonoNs;
    private volatile boolean endedBySilence;
    private volatile long reflected;
    private volatile long reflectRequestsRefused;
    private volatile long reflectFailures;
    /** The reflections' kernel TX timestamps: read from the error queue before each reflection. */
    private final org.tsnlat.linux.TxTimestamp reflectStamp = new org.tsnlat.linux.TxTimestamp();
    /** The OPT_ID the kernel gives the next reflection sent. */
    private int nextReflectId;
    /** The last reflection sent: its seq (-1: none to follow up), OPT_ID and kernel TX time so far. */
    private long lastReflectSeq = -1;
    private int lastReflectId;
    private long lastReflectSwTxNs = Timestamps.ABSENT;
    private long lastReflectSchedTxNs = Timestamps.ABSENT;

    /**
     * @param swOffsetNs added to kernel software timestamps (CLOCK_REALTIME) to put them on the
     *                   run's clock: the TAI offset for CLOCK_TAI, 0 for CLOCK_REALTIME
     */
    /** Where datagrams that carry the sender's sync samples go (null: treated as foreign). */
    void sideChannel(SideChannel channel) {
        this.sideChannel = channel;
    }

    public Receiver(ReceiverConfig config, ProbeSocket socket, RecordPipe pipe, long swOffsetNs) {
        this.config = config;
        this.socket = socket;
        this.pipe = pipe;
        this.swOffsetNs = swOffsetNs;
        this.clock = Clock.open(config.clock());
        this.rx = socket.rxBuffer();
        this.ownMac = socket instanceof org.tsnlat.linux.PacketSocket p ? mac48(p.mac(), 0) : -1;
        this.tx = socket.txBuffer();
        this.decoder = config.sessionId() != 0 ? new ProbeDecoder(config.sessionId()) : ProbeDecoder.awaitingLock();
        this.lock = new SenderLock(config.anySource());
    }

    /**
     * Why a well-formed datagram of the right kind was still not measured; each counted under its
     * name in meta.json's {@code end.rejected} (docs/wire-format.md, "What a receiver believes").
     */
    enum Refused {
        /** A probe that became the candidate session but was never confirmed by a second one. */
        UNCONFIRMED("unconfirmed"),
        /** A probe or END of the locked session from another source address or port. */
        OTHER_SOURCE("other-source"),
        /** A sequence number further ahead than the time since the last probe allows. */
        IMPLAUSIBLE_SEQ("implausible-seq"),
        /** App RX minus app TX further from 0 than {@code --max-latency}. */
        IMPLAUSIBLE_LATENCY("implausible-latency"),
        /** An END announcing fewer probes than were received, or more than could have been sent. */
        IMPLAUSIBLE_END("implausible-end"),
        /** Authenticated mode: a probe or END whose tag is missing or wrong; without a key, one that carries a tag. */
        UNAUTHENTICATED("unauthenticated"),
        /** Authenticated mode: a copy of a probe already received (a replay, or the network's duplicate). */
        REPLAYED("replayed"),
        /** A reflected probe (an answer meant for a sender) that came here. */
        STRAY_REFLECTION("stray-reflection"),
        /** A sync datagram from another host than the locked sender's, or before the lock. */
        SYNC_OTHER_SOURCE("sync-other-source"),
        /** A sync datagram too long for a side-channel slot. */
        SYNC_TOO_LONG("sync-too-long"),
        /** A sync datagram that came while the side channel was full. */
        SYNC_DROPPED("sync-dropped");

        final String key;

        Refused(String key) {
            this.key = key;
        }
    }

    private void refuse(Refused why) {
        refused[why.ordinal()]++;
    }

    /** --explain: each probe measured is marked in the trace with its sequence number; call before {@link #run()}. */
    void markInto(org.tsnlat.linux.TraceFiles.Marker marker) {
        this.marker = marker;
    }

    /** Authenticated mode: only probes sealed with this key are believed, reflections are sealed; call before {@link #run()}. */
    void authenticate(org.tsnlat.wire.ProbeKey key) {
        this.hmac = key.hmac();
    }

    /** Bytes this thread had allocated when the sender's end arrived (or the loop ended), or -1. */
    public long allocatedAtSteadyEnd() {
        return allocatedAtSteadyEnd;
    }

    public void stop() {
        stopRequested = true;
    }

    /** Datagrams (or frames) taken from the socket, probes or not; exact once the loop has ended. */
    public long datagrams() {
        return datagrams;
    }

    /** Probes measured by the 802.1Q priority they arrived with: [0] untagged, [1 + pcp]; once the loop has ended. */
    public long[] byPcp() {
        return byPcp.clone();
    }

    /** Probes measured by VLAN id: [0] untagged, [1 + vlan]; once the loop has ended. */
    public long[] byVlan() {
        return byVlan.clone();
    }

    /** Distinct probes received so far (duplicates are recorded but not counted here). */
    public long received() {
        return received;
    }

    /** Probes the sender said it sent, from its end-of-session probe; -1 when none arrived. */
    public long announcedTotal() {
        return announcedTotal;
    }

    public long overflows() {
        return overflows;
    }

    /** Probes sent back to their sender for the two-way cross-check. */
    public long reflected() {
        return reflected;
    }

    /** Reflection requests not answered because this receiver refuses to reflect. */
    public long reflectRequestsRefused() {
        return reflectRequestsRefused;
    }

    /** Reflections the kernel refused to send. */
    public long reflectFailures() {
        return reflectFailures;
    }

    /** The session believed (given, or locked onto after a quorum); 0 while none. */
    public long sessionId() {
        return decoder.sessionId(); // the given one, or the one the decoder was locked onto with the sender
    }

    /** Datagrams refused, by kind: as the decoder classed them, then why a well-formed one was not believed. */
    public Map<String, Long> rejected() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ProbeDecoder.Verdict v : ProbeDecoder.Verdict.values()) {
            if (v != ProbeDecoder.Verdict.PROBE && v != ProbeDecoder.Verdict.END) {
                m.put(v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), decoder.count(v));
            }
        }
        for (Refused r : Refused.values()) {
            // a candidate still waiting for its quorum when the loop ended was never confirmed either
            long n = refused[r.ordinal()] + (r == Refused.UNCONFIRMED && !lock.locked() && lock.hasCandidate() ? 1 : 0);
            m.put(r.key, n);
        }
        return m;
    }

    /** Waits until the loop runs (it is then receiving); false on timeout. */
    public boolean awaitRunning(long timeoutMs) throws InterruptedException {
        return running.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Whether the loop ended because no probe came for the silence span, without the sender's end. */
    public boolean endedBySilence() {
        return endedBySilence;
    }

    /** The silence that ends this receiver now (Long.MAX_VALUE: none yet). */
    long silenceNs() {
        long s = config.silenceNs();
        if (s != ReceiverConfig.AUTO_SILENCE) return s;
        if (lastSeq == firstSeq) return ReceiverConfig.ONE_PROBE_SILENCE_NS; // one probe: period unknown
        return ReceiverConfig.autoSilenceNs(Math.max(0, (lastScheduledNs - firstScheduledNs) / (lastSeq - firstSeq)));
    }

    /**
     * The deadlines (--duration, the end-of-session grace, the silence) run on the monotonic clock,
     * so a step of the run's clock (phc2sys, NTP) neither ends a run early nor keeps it from ending.
     * It is read on every receive that brings no probe and on every {@value #DEADLINE_EVERY}th probe,
     * not on each: the loop reads the run's clock once a probe.
     */
    static final int DEADLINE_EVERY = 64;

    @Override
    public void run() {
        running.countDown();
        long startMono = System.nanoTime();
        long untilMono = config.durationNs() > Long.MAX_VALUE - startMono ? Long.MAX_VALUE : startMono + config.durationNs();
        int probesSinceCheck = 0;
        while (!stopRequested && received < config.count()) {
            int length = socket.receive(info);
            long appRx = clock.nowNs();
            datagrams += (~length >>> 31); // 1 for a datagram or frame, 0 for -1
            boolean probe = length >= 0 && onDatagram(length, appRx);
            if (probe) {
                probeSincePoll = true;
                if (++probesSinceCheck < DEADLINE_EVERY) continue;
            }
            probesSinceCheck = 0;
            long mono = System.nanoTime();
            if (untilMono != Long.MAX_VALUE && mono - untilMono >= 0
                    || endDeadlineMonoNs != Long.MAX_VALUE && mono - endDeadlineMonoNs >= 0) {
                break;
            }
            if (probe) continue;
            if (probeSincePoll) { // the first receive without a probe since one came: the silence starts
                probeSincePoll = false;
                quietSinceMonoNs = mono;
            } else if (firstSeq >= 0 && endDeadlineMonoNs == Long.MAX_VALUE && mono - quietSinceMonoNs >= silenceNs()) {
                endedBySilence = true;
                break;
            }
        }
        if (allocatedAtSteadyEnd < 0) allocatedAtSteadyEnd = AllocationMeter.current();
    }

    /** Takes one datagram; true when it was a probe of this session (measured). */
    private boolean onDatagram(int length, long appRxNs) {
        if (org.tsnlat.wire.SyncDatagram.looksLikeOne(rx, length) && sideChannel != null) {
            if (!lock.fromSenderHost(info)) {
                refuse(Refused.SYNC_OTHER_SOURCE);
            } else if (length > SideChannel.SLOT_BYTES) {
                refuse(Refused.SYNC_TOO_LONG);
            } else if (!sideChannel.offer(rx, length)) {
                refuse(Refused.SYNC_DROPPED);
            }
            return false; // the sender's clock evidence, for the sync log: checked there, counted there
        }
        ProbeDecoder.Verdict v = decoder.decode(rx, length, probe);
        if ((v == ProbeDecoder.Verdict.PROBE || v == ProbeDecoder.Verdict.END) && !authentic(length)) {
            refuse(Refused.UNAUTHENTICATED);
            return false;
        }
        if (v == ProbeDecoder.Verdict.PROBE) {
            if (probe.isReflected()) {
                // an answer meant for a sender: no measurement; this receiver's own reflection, which a
                // packet socket sharing the interface with the sender (loopback) sees come in, not even counted
                if (!ownFrame()) refuse(Refused.STRAY_REFLECTION);
                return false;
            }
            if (!plausibleLatency(appRxNs)) {
                refuse(Refused.IMPLAUSIBLE_LATENCY);
                return false;
            }
            if (!lock.locked()) {
                return beforeLock(length, appRxNs);
            }
            if (!lock.fromSender(info)) {
                refuse(Refused.OTHER_SOURCE);
                return false;
            }
            if (!plausibleSeq(probe.seq, appRxNs)) {
                refuse(Refused.IMPLAUSIBLE_SEQ);
                return false;
            }
            buildRecord(length, appRxNs);
            return measure(length);
        } else if (v == ProbeDecoder.Verdict.END) {
            if (!lock.locked()) {
                if (!lock.confirms(probe.sessionId, probe.seq, true, info)) {
                    refuse(Refused.UNCONFIRMED); // an END of no session believed yet (a leftover of an earlier run?)
                    return false;
                }
                lockOnCandidate(); // a lone probe and its END: a session of one probe
            }
            if (!lock.fromSender(info)) {
                refuse(Refused.OTHER_SOURCE);
                return false;
            }
            // it cannot announce fewer than were received, nor more than the plausible next number
            if (probe.seq < received || probe.seq <= lastSeq || !plausibleSeq(probe.seq - 1, appRxNs)) {
                refuse(Refused.IMPLAUSIBLE_END);
                return false;
            }
            if (allocatedAtSteadyEnd < 0) allocatedAtSteadyEnd = AllocationMeter.current();
            announcedTotal = probe.seq;
            if (endDeadlineMonoNs == Long.MAX_VALUE) {
                endDeadlineMonoNs = System.nanoTime() + ReceiverConfig.END_GRACE_NS;
            }
        }
        return false;
    }

    /**
     * A probe before the sender is locked: the first probe of the given session locks at once;
     * otherwise it confirms the candidate (both are measured) or becomes the candidate.
     */
    private boolean beforeLock(int length, long appRxNs) {
        if (config.sessionId() != 0) { // the decoder let only the given session through
            lock.lock(info);
            decoder.lock(probe.sessionId);
            buildRecord(length, appRxNs);
            return measure(length);
        }
        if (lock.confirms(probe.sessionId, probe.seq, false, info)) {
            lockOnCandidate();
            buildRecord(length, appRxNs);
            return measure(length);
        }
        if (lock.isCandidateCopy(probe.sessionId, probe.seq, info)) {
            refuse(Refused.UNCONFIRMED); // a copy of the candidate: the first to arrive is the one measured
            return false;
        }
        if (lock.candidate(probe.sessionId, probe.seq, info)) refuse(Refused.UNCONFIRMED);
        buildRecord(length, appRxNs);
        candidateProbe.copyFrom(probe);
        candidateRecord.copyFrom(record);
        candidateLength = length;
        return false;
    }

    /** Locks onto the candidate and measures its probe (and reflects it, if it asked), before the one that confirmed it. */
    private void lockOnCandidate() {
        decoder.lock(lock.lockOnCandidate());
        Probe p = probe;
        PacketRecord r = record;
        probe = candidateProbe;
        record = candidateRecord;
        try {
            measure(candidateLength);
        } finally {
            candidateProbe = probe;
            candidateRecord = record;
            probe = p;
            record = r;
        }
    }

    /** A frame from this receiver's own interface MAC (its own frame, looped back). */
    private boolean ownFrame() {
        return info.link && mac48(info.sourceAddressBytes, 0) == ownMac;
    }

    private static long mac48(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 6; i++) v = v << 8 | (b[i] & 0xFF);
        return v;
    }

    /** App RX minus app TX within --max-latency of 0 (the difference computed without overflow). */
    private boolean plausibleLatency(long appRxNs) {
        long tx = probe.appTxNs;
        long d = appRxNs - tx;
        if (((appRxNs ^ tx) & (appRxNs ^ d)) < 0) return false; // overflowed: no latency of this world
        return d <= config.maxLatencyNs() && d >= -config.maxLatencyNs();
    }

    /** How far beyond the last measured number a sequence number may jump with no time passed. */
    static final long SEQ_JUMP_SLACK = 1024;
    /** The shortest period assumed when the sender's is not known yet (first probe, or nonsense scheduled times). */
    static final long MIN_PERIOD_NS = 1_000;

    /**
     * Whether {@code seq} can be a probe the sender has sent by now: ahead of the last measured
     * one by at most {@value #SEQ_JUMP_SLACK}, or ahead of the first measured one by at most
     * {@value #SEQ_JUMP_SLACK} plus twice the periods that fit in the time since it arrived. So a
     * long outage, or probes the kernel dropped while this thread was held up (the queued ones are
     * then read in a burst, and the next after the gap arrives at once), are plausible jumps;
     * 2^63-1 is not. Any number not ahead is plausible (a late or duplicate probe, judged by the
     * sequence tracker).
     */
    private boolean plausibleSeq(long seq, long appRxNs) {
        if (lastSeq < 0 || seq - lastSeq <= SEQ_JUMP_SLACK) return true;
        long period = lastSeq > firstSeq ? (lastScheduledNs - firstScheduledNs) / (lastSeq - firstSeq) : 0;
        period = Math.max(MIN_PERIOD_NS, period);
        long elapsed = Math.max(0, appRxNs - firstAppRxNs);
        long allowed = SEQ_JUMP_SLACK + elapsed / period * 2;
        return seq - firstSeq <= allowed;
    }

    /** The record of the probe just decoded, in {@link #record}. */
    private void buildRecord(int length, long appRxNs) {
        record.clear();
        record.seq = probe.seq;
        record.scheduledNs = probe.scheduledNs;
        record.appTxNs = probe.appTxNs;
        record.fuSchedTxNs = probe.fuSchedTxNs;
        record.fuSwTxNs = probe.fuSwTxNs;
        record.fuHwTxNs = probe.fuHwTxNs;
        record.hwRxNs = info.hwRxNs;
        record.swRxNs = Timestamps.present(info.swRxNs) ? info.swRxNs + swOffsetNs : Timestamps.ABSENT;
        record.appRxNs = appRxNs;
        record.payloadBytes = length;
    }

    /** Without a key, no probe carries a tag; with one, every probe's tag is right. */
    private boolean authentic(int length) {
        return hmac == null ? (probe.flags & ProbeHeader.FLAG_AUTH) == 0 : hmac.checkProbe(rx, length);
    }

    /**
     * Records the probe in {@link #probe} and {@link #record}, counts it, reflects it if it asks;
     * false for a copy refused as a replay (authenticated mode).
     */
    private boolean measure(int length) {
        int seen = seqs.accept(probe.seq);
        if ((seen & SeqTracker.DUPLICATE) != 0 && hmac != null) {
            refuse(Refused.REPLAYED); // with a key, a copy is what an attacker can still send: never measured
            return false;
        }
        if (!pipe.offer(record)) {
            overflows++;
        }
        if (marker != null) marker.mark(probe.seq); // --explain: lines this probe up with the kernel's trace
        if ((seen & SeqTracker.DUPLICATE) == 0) {
            received++; // --count counts distinct probes; every copy is still recorded
            byPcp[info.pcp + 1]++; // over layer 2: the priority it arrived with (0: untagged)
            byVlan[info.vlan + 1]++; // [0]: untagged (no branch: see PacketSocket#readTag)
            if (firstSeq < 0) {
                firstSeq = probe.seq;
                firstScheduledNs = probe.scheduledNs;
                firstAppRxNs = record.appRxNs;
            }
            if (probe.seq > lastSeq) {
                lastSeq = probe.seq;
                lastScheduledNs = probe.scheduledNs;
            }
        }
        if (probe.isReflectRequest()) {
            reflect(length);
        }
        return true;
    }

    /** Sends the probe just recorded back to its source; {@code record} holds its t2. HOT. */
    private void reflect(int length) {
        if (!config.reflect()) {
            reflectRequestsRefused++;
            return;
        }
        long t2 = Timestamps.present(record.swRxNs) ? record.swRxNs : record.appRxNs;
        long seq = probe.seq;
        probe.flags = ProbeHeader.FLAG_REFLECTED;
        probe.fuSchedTxNs = t2;
        probe.fuSwTxNs = t2;
        probe.fuHwTxNs = Timestamps.ABSENT;
        long followUp = lastReflectTxNs();
        if (Timestamps.present(followUp) && followUp != 0) { // t3 of the last reflection, and whose it was
            probe.fuHwTxNs = followUp;
            probe.scheduledNs = lastReflectSeq;
        }
        int size = Math.min(Math.max(length, ProbeHeader.MIN_PAYLOAD_BYTES), ProbeHeader.MAX_PAYLOAD_BYTES);
        ProbeEncoder.encode(tx, probe, size);
        ProbeEncoder.patchReflectTx(tx, clock.nowNs());
        if (hmac != null) hmac.sealProbe(tx, size);
        if (socket.trySendTo(size, info) < 0) {
            reflectFailures++;
            lastReflectSeq = -1;
        } else {
            reflected++;
            lastReflectSeq = seq;
            lastReflectId = nextReflectId++;
            lastReflectSwTxNs = Timestamps.ABSENT;
            lastReflectSchedTxNs = Timestamps.ABSENT;
        }
    }

    /**
     * Reads the error queue (the kernel TX timestamps of reflections sent) and returns the last
     * reflection's: software (driver), else SCHED (qdisc entry), on the run's clock; absent when
     * none came. HOT: allocates nothing.
     */
    private long lastReflectTxNs() {
        while (socket.pollTxTimestamp(reflectStamp)) {
            int id = (int) reflectStamp.id;
            if (id - nextReflectId >= 0) nextReflectId = id + 1; // the kernel counted a send refused (before 6.9)
            if (id != lastReflectId || lastReflectSeq < 0 || !Timestamps.present(reflectStamp.swNs)) continue;
            long t = reflectStamp.swNs + swOffsetNs;
            if (reflectStamp.kind == org.tsnlat.linux.TxTimestamp.SCHED) {
                lastReflectSchedTxNs = t;
            } else {
                lastReflectSwTxNs = t;
            }
        }
        if (lastReflectSeq < 0) return Timestamps.ABSENT;
        return Timestamps.present(lastReflectSwTxNs) ? lastReflectSwTxNs : lastReflectSchedTxNs;
    }
}
