package org.tsnlat.run;

import java.nio.ByteBuffer;
import org.tsnlat.linux.TxTimestamp;
import org.tsnlat.linux.ProbeSocket;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.record.Timestamps;
import org.tsnlat.report.TxAnalysis;
import org.tsnlat.wire.Probe;
import org.tsnlat.wire.ProbeHeader;
import org.tsnlat.wire.ProbeEncoder;

/**
 * The sending loop: wakes with clock_nanosleep(TIMER_ABSTIME) at base + seq * period, sends one
 * probe, and hands a record of its own side (scheduled, woken, app TX, kernel TX timestamps) to
 * the recorder. A late wake-up is recorded, never used to shift the schedule. The kernel TX
 * timestamps of probe n travel in probe n+1 as a follow-up. Nothing but the clock read and the
 * encoding stands between waking and sendmsg: the error queue is read and the previous record
 * handed on after the send. Allocates nothing per probe.
 *
 * <p>Every {@code reflectEvery}th probe (seq % N == 0) asks the receiver to reflect it, for the
 * two-way cross-check that {@link ReflectionReceiver} completes on its own thread. All the
 * sender's times come from a {@link SenderClock}, which carries an injected {@link ClockFault}.
 */
public final class Sender implements Runnable {
    /** How long to wait for the last probe's kernel TX timestamps after the last send. */
    private static final long LAST_STAMP_WAIT_NS = 20_000_000L;
    private static final int END_COPIES = 3;
    /** Sleeps longer than this are cut into slices, so that stop() (Ctrl-C) is seen within one. */
    private static final long SLEEP_SLICE_NS = 100_000_000L;

    private final SenderConfig config;
    private final ProbeSocket socket;
    private org.tsnlat.linux.TraceFiles.Marker marker;
    private final RecordPipe pipe;
    private final long sessionId;
    private final long swOffsetNs;
    private final SenderClock clock;
    private final long faultOriginNs;
    private final int reflectEvery;
    /** SO_TXTIME: each probe's launch time is its scheduled time plus this; {@link SenderConfig#NO_TXTIME}: none. */
    private final long txtimeOffsetNs;
    private int untilReflect;
    private final ByteBuffer tx;
    /** Authenticated mode: seals every probe and END; null otherwise. */
    private org.tsnlat.wire.Hmac hmac;
    private final Probe probe = new Probe();
    private final TxTimestamp stamp = new TxTimestamp();
    private final TxPending pending;
    /** Kernel TX times of the probes that ask to be reflected, for the reflection thread's t1; null without reflections. */
    private final ReflectTxTimes reflectTx;
    private volatile long allocatedAtSteadyEnd = -1;
    private volatile boolean stopRequested;
    private volatile long baseNs = Timestamps.ABSENT;
    private volatile long sent;
    private volatile int lastSendErrno;
    private volatile long sendFailures;
    private volatile long firstFailedSeq = -1;
    private volatile int errnoTakenByReflections;

    /**
     * @param swOffsetNs added to kernel software TX timestamps (CLOCK_REALTIME) to put them on the
     *                   run's clock: the TAI offset for CLOCK_TAI, 0 for CLOCK_REALTIME
     */
    public Sender(SenderConfig config, ProbeSocket socket, RecordPipe pipe, long sessionId, long swOffsetNs) {
        this(config, socket, pipe, sessionId, swOffsetNs, org.tsnlat.linux.Clock.readNs(config.clock()));
    }

    /**
     * @param swOffsetNs    as above
     * @param faultOriginNs true time on the run's clock from which the config's clock fault counts
     */
    public Sender(SenderConfig config, ProbeSocket socket, RecordPipe pipe, long sessionId, long swOffsetNs,
                  long faultOriginNs) {
        this.swOffsetNs = swOffsetNs;
        this.config = config;
        this.socket = socket;
        this.pipe = pipe;
        this.sessionId = sessionId;
        this.faultOriginNs = faultOriginNs;
        this.clock = SenderClock.open(config.clock(), config.clockFault(), faultOriginNs);
        this.reflectEvery = config.reflectEvery();
        this.txtimeOffsetNs = config.txtimeOffsetNs();
        this.tx = socket.txBuffer();
        // hold records for the timestamps of probes queued behind a shaper: 100 ms, or 4 periods
        this.pending = new TxPending(false, Math.max(100_000_000L, 4 * config.periodNs()));
        this.probe.sessionId = sessionId;
        this.reflectTx = reflectEvery > 0 ? new ReflectTxTimes(config) : null;
    }

    /** The kernel TX times of reflection requests, as this loop learns them; null without reflections. */
    ReflectTxTimes reflectTxTimes() {
        return reflectTx;
    }

    /** True time from which the clock fault counts; the reflection thread's clock uses the same. */
    public long faultOriginNs() {
        return faultOriginNs;
    }

    public long sessionId() {
        return sessionId;
    }

    /**
     * The reflection thread, receiving on this socket, took a pending socket error (ECONNREFUSED
     * after an ICMP port unreachable) that this loop's next sendmsg would have returned: the next
     * send reports it as refused, as it would have without the reflection thread.
     */
    void socketErrorTaken(int errno) {
        errnoTakenByReflections = errno;
    }

    /** Bytes this thread had allocated when its last probe was sent (before the end-of-session work), or -1. */
    public long allocatedAtSteadyEnd() {
        return allocatedAtSteadyEnd;
    }

    /** --explain: each probe sent is marked in the trace with its sequence number; call before {@link #run()}. */
    void markInto(org.tsnlat.linux.TraceFiles.Marker marker) {
        this.marker = marker;
    }

    /** Asks the loop to stop after the current probe; the end-of-session probes follow ({@link #sendEnd}). */
    public void stop() {
        stopRequested = true;
    }

    public long baseNs() {
        return baseNs;
    }

    public long sent() {
        return sent;
    }

    public long overflows() {
        return pending.overflows();
    }

    /** TX timestamps that arrived after their probe's record had been handed on (not in the records). */
    public long lateStamps() {
        return pending.late();
    }

    /** Fixes the schedule's origin; call before {@link #run()} to know it in advance. */
    public long plan() {
        return plan(SenderConfig.LEAD_NS);
    }

    /** {@link #plan()} with this lead ({@link SenderConfig#firstScheduledNs(long, long)}); the first call fixes it. */
    public long plan(long leadNs) {
        if (baseNs == Timestamps.ABSENT) {
            baseNs = config.firstScheduledNs(clock.nowNs(), leadNs);
        }
        return baseNs;
    }

    @Override
    public void run() {
        long base = plan();
        long period = config.periodNs();
        long count = config.count();
        long lastWake = clock.nowNs();
        for (long seq = 0; seq < count && !stopRequested; seq++) {
            long scheduled = base + seq * period;
            if (scheduled - lastWake > SLEEP_SLICE_NS && !sleepInSlices(scheduled, lastWake)) {
                break;
            }
            clock.sleepUntilNs(scheduled);
            long wake = clock.nowNs();
            sendProbe(seq, scheduled, wake);
            if (marker != null) marker.mark(seq); // --explain: lines this probe up with the kernel's trace
            collectTxStamps();
            pending.handOnReady(wake, pipe);
            lastWake = wake;
        }
        allocatedAtSteadyEnd = AllocationMeter.current();
        finish();
    }

    /** Sleeps towards a far deadline a slice at a time so that stop() is seen; false when stopped. */
    private boolean sleepInSlices(long deadline, long fromNs) {
        for (long t = fromNs + SLEEP_SLICE_NS; deadline - t > 0; t += SLEEP_SLICE_NS) {
            clock.sleepUntilNs(t);
            if (stopRequested) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends probe {@code seq}: its follow-up carries the kernel TX timestamps collected so far for
     * probe seq-1 (still held by {@link TxPending}).
     */
    private void sendProbe(long seq, long scheduled, long wake) {
        PacketRecord before = pending.newestIf(seq - 1);
        if (txtimeOffsetNs != SenderConfig.NO_TXTIME) socket.setTxTime(scheduled + txtimeOffsetNs);
        probe.seq = seq;
        probe.scheduledNs = scheduled;
        probe.flags = reflectRequest() ? ProbeHeader.FLAG_REFLECT_REQUEST : 0;
        probe.appTxNs = 0;
        probe.fuSchedTxNs = before != null ? before.schedTxNs : Timestamps.ABSENT;
        probe.fuSwTxNs = before != null ? before.swTxNs : Timestamps.ABSENT;
        probe.fuHwTxNs = before != null ? before.hwTxNs : Timestamps.ABSENT;
        int length = ProbeEncoder.encode(tx, probe, config.sizeBytes());
        PacketRecord current = pending.open(pipe);
        current.seq = seq;
        current.scheduledNs = scheduled;
        current.wakeNs = wake;
        long appTx = clock.nowNs();
        ProbeEncoder.patchAppTx(tx, appTx);
        if (hmac != null) hmac.sealProbe(tx, length); // after the app TX time: the tag covers it
        current.appTxNs = appTx;
        boolean ok = trySend(length);
        pending.sent(ok);
        if (!ok) {
            if (firstFailedSeq < 0) firstFailedSeq = seq;
            sendFailures = sendFailures + 1; // this thread alone writes it
        }
        sent = seq + 1;
    }

    /** Every reflectEvery-th probe from seq 0 asks for reflection; counts down, no division. */
    private boolean reflectRequest() {
        if (reflectEvery == 0) return false;
        if (untilReflect == 0) {
            untilReflect = reflectEvery - 1;
            return true;
        }
        untilReflect--;
        return false;
    }

    private boolean trySend(int length) {
        int taken = errnoTakenByReflections;
        if (taken != 0) {
            errnoTakenByReflections = 0;
            lastSendErrno = taken;
            return false;
        }
        int result = socket.trySend(length);
        if (result < 0) {
            lastSendErrno = -result;
            return false;
        }
        return true;
    }

    /** Authenticated mode: every probe and END sealed with this key; call before {@link #run()}. */
    void authenticate(org.tsnlat.wire.ProbeKey key) {
        if (config.sizeBytes() < org.tsnlat.wire.ProbeHeader.AUTH_HEADER_BYTES) {
            throw new IllegalArgumentException("probes of " + config.sizeBytes() + " bytes cannot carry a tag: at least "
                    + org.tsnlat.wire.ProbeHeader.AUTH_HEADER_BYTES);
        }
        this.hmac = key.hmac();
    }

    /**
     * With SO_TXTIME: the probes a launch-time qdisc dropped, by reason (meta.json's
     * end.launchTimeDrops), read from the error queue so far: final once the loop has ended, any
     * thread may read them before (the live metrics).
     */
    public java.util.Map<String, Long> launchTimeDrops() {
        var m = new java.util.LinkedHashMap<String, Long>();
        m.put(org.tsnlat.rundir.RunMeta.End.MISSED, socket.txtimeMissed());
        m.put(org.tsnlat.rundir.RunMeta.End.INVALID, socket.txtimeInvalid());
        return m;
    }

    /** Probes the kernel refused to send, so far. */
    public long sendFailures() {
        return sendFailures;
    }

    /** The first probe whose send was refused, or -1. */
    public long firstFailedSeq() {
        return firstFailedSeq;
    }

    /** Why the last refused send was refused (errno text), or null when none was. */
    public String lastSendError() {
        int e = lastSendErrno;
        return e == 0 ? null : UdpSocket.strerror(e);
    }

    /** Reads the error queue: kernel TX timestamps, matched to their records by {@link TxPending}. */
    private void collectTxStamps() {
        while (socket.pollTxTimestamp(stamp)) {
            long sw = Timestamps.present(stamp.swNs) ? clock.toSenderTime(stamp.swNs + swOffsetNs) : Timestamps.ABSENT;
            PacketRecord r = pending.stamp(stamp, sw);
            if (r != null && reflectTx != null && reflectTx.requested(r.seq)) {
                reflectTx.publish(r.seq, r.schedTxNs, r.swTxNs);
            }
        }
    }

    private void finish() {
        long deadline = clock.nowNs() + LAST_STAMP_WAIT_NS;
        while (pending.newestWaiting() && clock.nowNs() - deadline < 0) {
            collectTxStamps();
            Thread.onSpinWait();
        }
        collectTxStamps();
        pending.handOnAll(pipe);
    }

    /**
     * The end-of-session probes, sent by the measurement once the loop has ended (joined) and the
     * reflections of the last probes were answered or given up, so that the sender's last two-way
     * estimate, forwarded to a receiver on its own host, reaches it before the end: after it the
     * receiver takes datagrams for only 100 ms more, and a guest's receiver under emulation
     * answered the last reflections later than that (its last second then had no estimate).
     */
    void sendEnd() {
        probe.flags = ProbeHeader.FLAG_END;
        probe.seq = sent;
        probe.scheduledNs = clock.nowNs();
        // a launch time in the past would have etf drop them: they go like a probe due now
        if (txtimeOffsetNs != SenderConfig.NO_TXTIME) socket.setTxTime(probe.scheduledNs + txtimeOffsetNs);
        probe.fuSchedTxNs = Timestamps.ABSENT;
        probe.fuSwTxNs = Timestamps.ABSENT;
        probe.fuHwTxNs = Timestamps.ABSENT;
        for (int i = 0; config.endProbes() && i < END_COPIES; i++) {
            int length = ProbeEncoder.encode(tx, probe, config.sizeBytes());
            ProbeEncoder.patchAppTx(tx, clock.nowNs());
            if (hmac != null) hmac.sealProbe(tx, length);
            trySend(length);
        }
    }
}
