package org.tsnlat.run;

import java.nio.ByteBuffer;
import org.tsnlat.linux.Clock;
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
 * timestamps of probe n travel in probe n+1 as a follow-up. Allocates nothing per probe.
 */
public final class Sender implements Runnable {
    /** How long to wait for the last probe's kernel TX timestamps after the last send. */
    private static final long LAST_STAMP_WAIT_NS = 20_000_000L;
    private static final int END_COPIES = 3;

    private final SenderConfig config;
    private final UdpSocket socket;
    private final RecordPipe pipe;
    private final long sessionId;
    private final Clock clock;
    private final ByteBuffer tx;
    private final Probe probe = new Probe();
    private final TxTimestamp stamp = new TxTimestamp();
    private final PacketRecord pending = new PacketRecord();
    private volatile boolean stopRequested;
    private volatile long baseNs = Timestamps.ABSENT;
    private long pendingSendIndex = -1;
    private long successfulSends;
    private volatile long sent;
    private long overflows;
    private long lateStamps;
    private volatile int lastSendErrno;

    public Sender(SenderConfig config, UdpSocket socket, RecordPipe pipe, long sessionId) {
        this.config = config;
        this.socket = socket;
        this.pipe = pipe;
        this.sessionId = sessionId;
        this.clock = Clock.open(config.clock());
        this.tx = socket.txBuffer();
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
        pending.clear();
        for (long seq = 0; seq < count && !stopRequested; seq++) {
            long scheduled = base + seq * period;
            clock.sleepUntilNs(scheduled);
            long wake = clock.nowNs();
            collectTxStamps();
            handOnPending();
            sendProbe(seq, scheduled, wake);
            collectTxStamps();
        }
        finish();
    }

    private void sendProbe(long seq, long scheduled, long wake) {
        probe.sessionId = sessionId;
        probe.seq = seq;
        probe.scheduledNs = scheduled;
        probe.flags = 0;
        probe.appTxNs = 0;
        probe.fuSchedTxNs = pending.seq == seq - 1 ? pending.schedTxNs : Timestamps.ABSENT;
        probe.fuSwTxNs = pending.seq == seq - 1 ? pending.swTxNs : Timestamps.ABSENT;
        probe.fuHwTxNs = pending.seq == seq - 1 ? pending.hwTxNs : Timestamps.ABSENT;
        int length = ProbeEncoder.encode(tx, probe, config.sizeBytes());
        pending.clear();
        pending.seq = seq;
        pending.scheduledNs = scheduled;
        pending.wakeNs = wake;
        long appTx = clock.nowNs();
        ProbeEncoder.patchAppTx(tx, appTx);
        pending.appTxNs = appTx;
        if (trySend(length)) {
            pendingSendIndex = successfulSends++;
        } else {
            pendingSendIndex = -1;
            pending.flags |= TxAnalysis.FLAG_SEND_FAILED;
        }
        sent = seq + 1;
    }

    private boolean trySend(int length) {
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

    /** Reads the error queue: kernel TX timestamps of the probe just sent (or late ones of older probes). */
    private void collectTxStamps() {
        while (socket.pollTxTimestamp(stamp)) {
            if (stamp.id != pendingSendIndex || pendingSendIndex < 0) {
                lateStamps++;
            } else if (stamp.kind == TxTimestamp.SCHED) {
                pending.schedTxNs = stamp.swNs;
            } else {
                pending.swTxNs = stamp.swNs;
                pending.hwTxNs = stamp.hwNs;
            }
        }
    }

    private void handOnPending() {
        if (pending.seq >= 0 && pending.scheduledNs != Timestamps.ABSENT) {
            if (!pipe.offer(pending)) {
                overflows++;
            }
            pending.scheduledNs = Timestamps.ABSENT;
        }
    }

    private void finish() {
        long deadline = clock.nowNs() + LAST_STAMP_WAIT_NS;
        while (pendingSendIndex >= 0 && !Timestamps.present(pending.swTxNs) && clock.nowNs() - deadline < 0) {
            collectTxStamps();
            Thread.onSpinWait();
        }
        handOnPending();
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
