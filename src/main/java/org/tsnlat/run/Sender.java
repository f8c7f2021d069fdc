package org.tsnlat.run;

import java.nio.ByteBuffer;
import org.tsnlat.linux.TxTimestamp;
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
    private static final int NO_ID = Integer.MIN_VALUE;

    private final SenderConfig config;
    private final UdpSocket socket;
    private final RecordPipe pipe;
    private final long sessionId;
    private final long swOffsetNs;
    private final SenderClock clock;
    private final long faultOriginNs;
    private final int reflectEvery;
    private int untilReflect;
    private final ByteBuffer tx;
    private final Probe probe = new Probe();
    private final TxTimestamp stamp = new TxTimestamp();
    private PacketRecord current = new PacketRecord();
    private PacketRecord previous = new PacketRecord();
    private boolean held;
    private boolean previousHeld;
    private int currentId;
    private int previousId;
    private int nextId;
    private PacketRecord latest;
    private int latestId;
    private volatile boolean stopRequested;
    private volatile long baseNs = Timestamps.ABSENT;
    private volatile long sent;
    private long overflows;
    private long lateStamps;
    private volatile int lastSendErrno;
    private volatile int errnoTakenByReflections;

    /**
     * @param swOffsetNs added to kernel software TX timestamps (CLOCK_REALTIME) to put them on the
     *                   run's clock: the TAI offset for CLOCK_TAI, 0 for CLOCK_REALTIME
     */
    public Sender(SenderConfig config, UdpSocket socket, RecordPipe pipe, long sessionId, long swOffsetNs) {
        this(config, socket, pipe, sessionId, swOffsetNs, org.tsnlat.linux.Clock.readNs(config.clock()));
    }

    /**
     * @param swOffsetNs    as above
     * @param faultOriginNs true time on the run's clock from which the config's clock fault counts
     */
    public Sender(SenderConfig config, UdpSocket socket, RecordPipe pipe, long sessionId, long swOffsetNs,
                  long faultOriginNs) {
        this.swOffsetNs = swOffsetNs;
        this.config = config;
        this.socket = socket;
        this.pipe = pipe;
        this.sessionId = sessionId;
        this.faultOriginNs = faultOriginNs;
        this.clock = SenderClock.open(config.clock(), config.clockFault(), faultOriginNs);
        this.reflectEvery = config.reflectEvery();
        this.tx = socket.txBuffer();
        this.probe.sessionId = sessionId;
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

    /** Asks the loop to stop after the current probe; it then sends its end-of-session probes. */
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
        return overflows;
    }

    /** TX timestamps that arrived after their probe's record had been handed on (not in the records). */
    public long lateStamps() {
        return lateStamps;
    }

    /** Fixes the schedule's origin; call before {@link #run()} to know it in advance. */
    public long plan() {
        if (baseNs == Timestamps.ABSENT) {
            baseNs = config.firstScheduledNs(clock.nowNs());
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
            collectTxStamps();
            handOnPrevious();
            lastWake = wake;
        }
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
     * probe seq-1 (the record still held as {@code current}), which then becomes {@code previous}.
     */
    private void sendProbe(long seq, long scheduled, long wake) {
        boolean followUp = held && current.seq == seq - 1;
        probe.seq = seq;
        probe.scheduledNs = scheduled;
        probe.flags = reflectRequest() ? ProbeHeader.FLAG_REFLECT_REQUEST : 0;
        probe.appTxNs = 0;
        probe.fuSchedTxNs = followUp ? current.schedTxNs : Timestamps.ABSENT;
        probe.fuSwTxNs = followUp ? current.swTxNs : Timestamps.ABSENT;
        probe.fuHwTxNs = followUp ? current.hwTxNs : Timestamps.ABSENT;
        int length = ProbeEncoder.encode(tx, probe, config.sizeBytes());
        PacketRecord r = previous;
        previous = current;
        previousId = currentId;
        previousHeld = held;
        current = r;
        current.clear();
        current.seq = seq;
        current.scheduledNs = scheduled;
        current.wakeNs = wake;
        held = true;
        long appTx = clock.nowNs();
        ProbeEncoder.patchAppTx(tx, appTx);
        current.appTxNs = appTx;
        if (trySend(length)) {
            currentId = nextId++;
            latestId = currentId;
            latest = current;
        } else {
            currentId = NO_ID;
            current.flags |= TxAnalysis.FLAG_SEND_FAILED;
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

    /** Why the last refused send was refused (errno text), or null when none was. */
    public String lastSendError() {
        int e = lastSendErrno;
        return e == 0 ? null : UdpSocket.strerror(e);
    }

    /**
     * Reads the error queue and puts each kernel TX timestamp on the record of its send, matched
     * by OPT_ID (the kernel's per-socket counter, unsigned 32-bit). A stamp newer than the last
     * id handed out means the kernel counted sends it then refused (kernels before 6.9 did, for
     * ECONNREFUSED): the numbering is re-synchronised on it. Older stamps whose record has been
     * handed on are counted as late.
     */
    private void collectTxStamps() {
        while (socket.pollTxTimestamp(stamp)) {
            int id = (int) stamp.id;
            PacketRecord r;
            if (latest != null && id - latestId > 0) {
                nextId += id - latestId;
                latestId = id;
                if (latest == current) currentId = id;
                else previousId = id;
                r = latest;
            } else if (held && currentId != NO_ID && id == currentId) {
                r = current;
            } else if (previousHeld && previousId != NO_ID && id == previousId) {
                r = previous;
            } else {
                lateStamps++;
                continue;
            }
            long sw = Timestamps.present(stamp.swNs) ? clock.toSenderTime(stamp.swNs + swOffsetNs) : Timestamps.ABSENT;
            if (stamp.kind == TxTimestamp.SCHED) {
                r.schedTxNs = sw;
            } else {
                if (Timestamps.present(sw)) r.swTxNs = sw;
                if (Timestamps.present(stamp.hwNs)) r.hwTxNs = stamp.hwNs;
            }
        }
    }

    /** Hands the record of the probe before the one just sent to the recorder. */
    private void handOnPrevious() {
        if (previousHeld) {
            offer(previous);
            previousHeld = false;
            if (latest == previous) latest = null;
        }
    }

    private void offer(PacketRecord r) {
        if (!pipe.offer(r)) {
            overflows++;
        }
    }

    private void finish() {
        long deadline = clock.nowNs() + LAST_STAMP_WAIT_NS;
        while (held && currentId != NO_ID && !Timestamps.present(current.swTxNs) && clock.nowNs() - deadline < 0) {
            collectTxStamps();
            Thread.onSpinWait();
        }
        handOnPrevious();
        if (held) {
            offer(current);
            held = false;
        }
        probe.flags = ProbeHeader.FLAG_END;
        probe.seq = sent;
        probe.scheduledNs = clock.nowNs();
        probe.fuSchedTxNs = Timestamps.ABSENT;
        probe.fuSwTxNs = Timestamps.ABSENT;
        probe.fuHwTxNs = Timestamps.ABSENT;
        for (int i = 0; i < END_COPIES; i++) {
            int length = ProbeEncoder.encode(tx, probe, config.sizeBytes());
            ProbeEncoder.patchAppTx(tx, clock.nowNs());
            trySend(length);
        }
    }
}
