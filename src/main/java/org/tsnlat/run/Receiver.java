package org.tsnlat.run;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.RxInfo;
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
 * and t3 (this clock just before the sendmsg), from the socket's own TX buffer; see
 * docs/wire-format.md. A REFLECTED probe that arrives here is never a measurement and never
 * reflected again: it is ignored. With reflection refused, requests are only counted.
 */
public final class Receiver implements Runnable {
    private final ReceiverConfig config;
    private final UdpSocket socket;
    private final RecordPipe pipe;
    private final Clock clock;
    private final long swOffsetNs;
    private final ByteBuffer rx;
    private final ByteBuffer tx;
    private final RxInfo info = new RxInfo();
    private final Probe probe = new Probe();
    private final PacketRecord record = new PacketRecord();
    private final ProbeDecoder decoder;
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

    /**
     * @param swOffsetNs added to kernel software timestamps (CLOCK_REALTIME) to put them on the
     *                   run's clock: the TAI offset for CLOCK_TAI, 0 for CLOCK_REALTIME
     */
    /** Where datagrams that carry the sender's sync samples go (null: treated as foreign). */
    void sideChannel(SideChannel channel) {
        this.sideChannel = channel;
    }

    public Receiver(ReceiverConfig config, UdpSocket socket, RecordPipe pipe, long swOffsetNs) {
        this.config = config;
        this.socket = socket;
        this.pipe = pipe;
        this.swOffsetNs = swOffsetNs;
        this.clock = Clock.open(config.clock());
        this.rx = socket.rxBuffer();
        this.tx = socket.txBuffer();
        this.decoder = new ProbeDecoder(config.sessionId());
    }

    /** Bytes this thread had allocated when the sender's end arrived (or the loop ended), or -1. */
    public long allocatedAtSteadyEnd() {
        return allocatedAtSteadyEnd;
    }

    public void stop() {
        stopRequested = true;
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

    public long sessionId() {
        return decoder.sessionId();
    }

    /** Datagrams refused, by kind (as the decoder classed them). */
    public Map<String, Long> rejected() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ProbeDecoder.Verdict v : ProbeDecoder.Verdict.values()) {
            if (v != ProbeDecoder.Verdict.PROBE && v != ProbeDecoder.Verdict.END) {
                m.put(v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), decoder.count(v));
            }
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
        if (sideChannel != null && org.tsnlat.wire.SyncDatagram.looksLikeOne(rx, length)) {
            sideChannel.offer(rx, length); // the sender's clock evidence, for the sync log
            return false;
        }
        ProbeDecoder.Verdict v = decoder.decode(rx, length, probe);
        if (v == ProbeDecoder.Verdict.PROBE) {
            if (probe.isReflected()) {
                return false; // a reflection that strayed here: no measurement
            }
            onProbe(length, appRxNs);
            if (probe.isReflectRequest()) {
                reflect(length);
            }
            return true;
        } else if (v == ProbeDecoder.Verdict.END) {
            if (allocatedAtSteadyEnd < 0) allocatedAtSteadyEnd = AllocationMeter.current();
            announcedTotal = probe.seq;
            if (endDeadlineMonoNs == Long.MAX_VALUE) {
                endDeadlineMonoNs = System.nanoTime() + ReceiverConfig.END_GRACE_NS;
            }
        }
        return false;
    }

    private void onProbe(int length, long appRxNs) {
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
        if (!pipe.offer(record)) {
            overflows++;
        }
        if ((seqs.accept(probe.seq) & SeqTracker.DUPLICATE) == 0) {
            received++; // --count counts distinct probes; every copy is still recorded
            if (firstSeq < 0) {
                firstSeq = probe.seq;
                firstScheduledNs = probe.scheduledNs;
            }
            if (probe.seq > lastSeq) {
                lastSeq = probe.seq;
                lastScheduledNs = probe.scheduledNs;
            }
        }
    }

    /** Sends the probe just recorded back to its source; {@code record} holds its t2. HOT. */
    private void reflect(int length) {
        if (!config.reflect()) {
            reflectRequestsRefused++;
            return;
        }
        long t2 = Timestamps.present(record.swRxNs) ? record.swRxNs : record.appRxNs;
        probe.flags = ProbeHeader.FLAG_REFLECTED;
        probe.fuSchedTxNs = t2;
        probe.fuSwTxNs = t2;
        probe.fuHwTxNs = Timestamps.ABSENT;
        int size = Math.min(Math.max(length, ProbeHeader.MIN_PAYLOAD_BYTES), ProbeHeader.MAX_PAYLOAD_BYTES);
        ProbeEncoder.encode(tx, probe, size);
        ProbeEncoder.patchReflectTx(tx, clock.nowNs());
        if (socket.trySendTo(size, info) < 0) {
            reflectFailures++;
        } else {
            reflected++;
        }
    }
}
