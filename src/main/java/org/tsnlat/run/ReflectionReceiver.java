package org.tsnlat.run;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.RxInfo;
import org.tsnlat.linux.ProbeSocket;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.record.ReflectionRecordCodec;
import org.tsnlat.record.Timestamps;
import org.tsnlat.sync.TwoWayEstimate;
import org.tsnlat.sync.TwoWayEstimator;
import org.tsnlat.wire.Probe;
import org.tsnlat.wire.ProbeDecoder;

/**
 * The sender's half of the two-way clock cross-check, on its own platform thread
 * ({@code tsnlat-reflect}, never the send loop): receives the receiver's REFLECTED probes on the
 * sender's socket and feeds t1..t4 to a {@link TwoWayEstimator}, which emits one
 * {@link TwoWayEstimate} per second of the sender's clock. Anything else that arrives on the
 * socket is ignored. Every time is the kernel's where the kernel gives one, so that neither
 * end's scheduling biases the estimate: t1 the original's kernel TX timestamp (software, else
 * SCHED, from the send loop through {@link ReflectTxTimes}; else the app TX time the reflection
 * carries), t2 the receiver's RX time it carries, t3 the receiver's kernel TX timestamp of the
 * reflection, which comes as a follow-up in the next reflection (else the app time the
 * reflection carries), t4 the kernel software RX timestamp here (else the app time). So a
 * reflection is held until the next one comes, or {@link #followUpWaitNs} has passed.
 *
 * <p>A reflection request (every {@code reflectEvery}th seq) not answered within
 * {@link #ANSWER_WITHIN_NS} of its scheduled time counts as a lost reflection; a reflection that
 * comes later is dropped. After {@link #finish()} it waits until each request sent is answered or
 * lost, then emits the last (partial) interval and ends.
 *
 * <p>Each reflection answered in time, as it goes to the estimator, is also handed to the
 * {@link #record} pipe (one reflection record, {@code reflections.records}: the reverse-latency
 * t4 - t3 of the report); like the hot loops, this thread allocates nothing per reflection.
 */
final class ReflectionReceiver implements Runnable {
    static final long INTERVAL_NS = 1_000_000_000L;
    static final long ANSWER_WITHIN_NS = 1_000_000_000L;
    static final int POLL_MS = 100;
    private static final int EBADF = 9;

    private final Sender sender;
    private final SenderConfig config;
    private final ProbeSocket socket;
    private final long swOffsetNs;
    private final Consumer<TwoWayEstimate> out;
    private final TwoWayEstimator.SampleListener listener;
    private final ProbeDecoder decoder;
    private final Probe probe = new Probe();
    private final RxInfo info = new RxInfo();
    private final boolean[] answered;
    private final int mask;
    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile boolean finishing;
    private volatile long lost;
    private volatile long answeredCount;
    private volatile long unauthenticated;
    /** Authenticated mode: reflections must carry a right tag; null otherwise. */
    private org.tsnlat.wire.Hmac hmac;
    private volatile String failure;
    private long nextK;
    private final ReflectTxTimes txTimes;
    private final long followUpWaitNs;
    /** The reflection held for its t3 follow-up (heldSeq -1: none). */
    private long heldSeq = -1;
    private long heldT1AppNs;
    private long heldT2Ns;
    private long heldT3Ns;
    private long heldT4Ns;
    private int heldStamps;
    /** Where each released reflection goes as a record; null: not recorded. */
    private RecordPipe records;
    private final PacketRecord record = new PacketRecord();

    ReflectionReceiver(Sender sender, SenderConfig config, ProbeSocket socket, long swOffsetNs,
                       Consumer<TwoWayEstimate> out, TwoWayEstimator.SampleListener listener) {
        this.sender = sender;
        this.config = config;
        this.socket = socket;
        this.swOffsetNs = swOffsetNs;
        this.out = out;
        this.listener = listener;
        this.decoder = new ProbeDecoder(sender.sessionId());
        int size = ReflectTxTimes.slots(config);
        this.txTimes = sender.reflectTxTimes();
        this.followUpWaitNs = Math.min(ANSWER_WITHIN_NS, 2 * config.periodNs() * Math.max(1, config.reflectEvery()) + 50_000_000L);
        this.answered = new boolean[size];
        this.mask = size - 1;
        this.thread = Thread.ofPlatform().name("tsnlat-reflect").daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Authenticated mode: only reflections sealed with this key are believed; call before {@link #start()}. */
    void authenticate(org.tsnlat.wire.ProbeKey key) {
        this.hmac = key.hmac();
    }

    /** Hands every reflection answered in time to {@code pipe} as a reflection record; call before {@link #start()}. */
    void record(RecordPipe pipe) {
        this.records = pipe;
    }

    /** Reflection records the pipe could not take (the writer was behind). */
    long overflows() {
        return records != null ? records.overflows() : 0;
    }

    /** Reflections refused for a missing or wrong tag (authenticated mode). */
    long unauthenticated() {
        return unauthenticated;
    }

    /** The send loop has ended: wait for the answers still due (at most about 1 s), then stop. */
    void finishAndJoin() throws InterruptedException {
        finishing = true;
        thread.join();
    }

    /** Stops at once (Ctrl-C); what was collected is still emitted. */
    void stop() {
        stopRequested = true;
    }

    /** Reflection requests answered in time: proof that probes reach a receiver. */
    long answered() {
        return answeredCount;
    }

    /** Reflection requests not answered within 1 s (or answered later). */
    long lost() {
        return lost;
    }

    /** Why the thread ended early, or null. */
    String failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            receiveUntilDone();
        } catch (RuntimeException e) {
            failure = "tsnlat-reflect: " + (e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    private void receiveUntilDone() {
        SenderClock clock = SenderClock.open(config.clock(), config.clockFault(), sender.faultOriginNs());
        TwoWayEstimator estimator = new TwoWayEstimator(sender.baseNs(), INTERVAL_NS, out, listener);
        ByteBuffer rx = socket.rxBuffer();
        long finishedAtNs = Long.MIN_VALUE;
        while (!stopRequested) {
            int length = receive();
            long now = clock.nowNs();
            if (length >= 0 && decoder.decode(rx, length, probe) == ProbeDecoder.Verdict.PROBE && probe.isReflected()
                    && authentic(rx, length)) {
                boolean kernelT4 = Timestamps.present(info.swRxNs);
                long t4 = kernelT4 ? clock.toSenderTime(info.swRxNs + swOffsetNs) : now;
                if (Timestamps.present(probe.fuHwTxNs) && probe.scheduledNs == heldSeq) {
                    heldT3Ns = probe.fuHwTxNs; // the follow-up: the receiver's kernel TX time of the held reflection
                    heldStamps |= TwoWayEstimate.T3_KERNEL;
                }
                if (accept(probe.seq)) {
                    answeredCount++;
                    release(estimator);
                    hold(probe.seq, probe.appTxNs, probe.fuSchedTxNs, probe.fuSwTxNs, t4,
                            kernelT4 ? TwoWayEstimate.T4_KERNEL : 0);
                }
            }
            if (heldSeq >= 0 && now - heldT4Ns > followUpWaitNs) release(estimator);
            boolean allResolved = sweep(now); // then the held reflection gets no follow-up: released after the loop
            estimator.advanceTo(heldSeq >= 0 && heldT4Ns - now < 0 ? heldT4Ns : now);
            if (finishing) {
                if (finishedAtNs == Long.MIN_VALUE) finishedAtNs = now;
                if (allResolved || now - finishedAtNs > ANSWER_WITHIN_NS + POLL_MS * 1_000_000L) break;
            }
        }
        release(estimator);
        estimator.finish(clock.nowNs());
    }

    private void hold(long seq, long t1AppNs, long t2Ns, long t3AppNs, long t4Ns, int stamps) {
        heldSeq = seq;
        heldT1AppNs = t1AppNs;
        heldT2Ns = t2Ns;
        heldT3Ns = t3AppNs;
        heldT4Ns = t4Ns;
        heldStamps = stamps;
    }

    /** Hands the held reflection to the estimator with the best t1 known now. */
    private void release(TwoWayEstimator estimator) {
        if (heldSeq < 0) return;
        long t1 = heldT1AppNs;
        int stamps = heldStamps;
        long sw = txTimes != null ? txTimes.swTxNs(heldSeq) : Timestamps.ABSENT;
        long sched = txTimes != null && !Timestamps.present(sw) ? txTimes.schedTxNs(heldSeq) : Timestamps.ABSENT;
        if (Timestamps.present(sw)) {
            t1 = sw;
            stamps |= TwoWayEstimate.T1_SW_TX;
        } else if (Timestamps.present(sched)) {
            t1 = sched;
            stamps |= TwoWayEstimate.T1_SCHED_TX;
        }
        if (records != null) {
            records.offer(ReflectionRecordCodec.set(record, heldSeq, sender.baseNs() + heldSeq * config.periodNs(), t1,
                    heldT2Ns, heldT3Ns, heldT4Ns, stamps));
        }
        heldSeq = -1;
        estimator.add(t1, heldT2Ns, heldT3Ns, heldT4Ns, stamps);
    }

    /** Without a key every reflection; with one, those whose tag is right (the others counted). */
    private boolean authentic(ByteBuffer rx, int length) {
        if (hmac == null || hmac.checkProbe(rx, length)) return true;
        unauthenticated++;
        return false;
    }

    /**
     * Receives one datagram, or -1. An error recvmsg returns here is the socket's pending error
     * (ECONNREFUSED after an ICMP port unreachable, for a probe the send loop sent): it is handed
     * to the send loop, whose next sendmsg would have returned it.
     */
    private int receive() {
        try {
            return socket.receive(info);
        } catch (LinuxException e) {
            if (e.errno() == EBADF) throw e;
            sender.socketErrorTaken(e.errno());
            return -1;
        }
    }

    /** Marks the request of {@code seq} answered; false when it is late, a duplicate or no request. */
    private boolean accept(long seq) {
        int every = config.reflectEvery();
        if (seq % every != 0) return false;
        long k = seq / every;
        if (k < nextK) {
            return false;
        }
        if (k - nextK >= answered.length) return true;
        int i = (int) (k & mask);
        if (answered[i]) return false;
        answered[i] = true;
        return true;
    }

    /** Resolves requests in order: answered, or lost once due; true when every request sent is resolved. */
    private boolean sweep(long nowNs) {
        int every = config.reflectEvery();
        long base = sender.baseNs();
        long sent = sender.sent();
        while (nextK * every < sent) {
            int i = (int) (nextK & mask);
            if (answered[i]) {
                answered[i] = false;
            } else if (nowNs - (base + nextK * every * config.periodNs() + ANSWER_WITHIN_NS) > 0) {
                lost++;
            } else {
                return false;
            }
            nextK++;
        }
        return true;
    }
}
