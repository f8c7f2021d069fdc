package org.tsnlat.run;

import java.util.concurrent.atomic.AtomicLongArray;
import org.tsnlat.record.Timestamps;

/**
 * The kernel TX timestamps of the probes that asked to be reflected, handed from the send loop
 * (which reads them from the socket's error queue) to the reflection thread, which uses them as
 * t1 instead of the app TX time: a sender preempted between reading its clock and
 * {@code sendmsg} would otherwise bias the two-way offset by the time it lost.
 *
 * <p>A ring indexed by seq / reflectEvery, written by one thread and read by another, as a
 * seqlock: a slot's tag is the seq it holds, -1 while it is written. Allocates nothing after
 * construction.
 */
final class ReflectTxTimes {
    private final int every;
    private final int mask;
    private final AtomicLongArray tags;
    private final AtomicLongArray sched;
    private final AtomicLongArray sw;

    ReflectTxTimes(SenderConfig config) {
        this.every = Math.max(1, config.reflectEvery());
        int size = slots(config);
        this.mask = size - 1;
        this.tags = new AtomicLongArray(size);
        this.sched = new AtomicLongArray(size);
        this.sw = new AtomicLongArray(size);
        for (int i = 0; i < size; i++) tags.set(i, -1);
    }

    /**
     * Slots (a power of two) for the reflection requests of four times
     * {@link ReflectionReceiver#ANSWER_WITHIN_NS}, plus 64: a request is resolved long before its
     * slot comes round again. At most {@link #MAX_SLOTS}, which hold 1.6 s of requests at 10 000 a
     * second (a measurement at the default 1 ms and every 10th probe asks 100 a second) and 164 ms
     * at the JIT warm-up's 100 000 a second, where an answer over loopback takes microseconds; an
     * answer that comes after its slot was reused is not matched (a reflection lost). Without the
     * bound each of the warm-up's senders took 12 MiB, with 2^17 slots 3 MiB (heap a listening
     * receiver kept to its end: nothing collects the old generation while it measures).
     */
    static int slots(SenderConfig config) {
        long perWindow = 4 * ReflectionReceiver.ANSWER_WITHIN_NS
                / Math.max(1, config.periodNs() * config.reflectEvery()) + 64;
        return Integer.highestOneBit((int) Math.min(MAX_SLOTS - 1, perWindow)) << 1;
    }

    /** 384 KiB for the three arrays. */
    static final int MAX_SLOTS = 1 << 14;

    /** True when probe {@code seq} asked to be reflected. */
    boolean requested(long seq) {
        return seq % every == 0;
    }

    /** The send loop: probe {@code seq}'s kernel TX timestamps so far (sender's run clock; absent allowed). */
    void publish(long seq, long schedTxNs, long swTxNs) {
        int i = (int) ((seq / every) & mask);
        tags.set(i, -1);
        sched.set(i, schedTxNs);
        sw.set(i, swTxNs);
        tags.set(i, seq);
    }

    /** The reflection thread: probe {@code seq}'s software TX timestamp, or absent when not (yet) known. */
    long swTxNs(long seq) {
        return read(seq, sw);
    }

    /** The reflection thread: probe {@code seq}'s SCHED TX timestamp, or absent when not (yet) known. */
    long schedTxNs(long seq) {
        return read(seq, sched);
    }

    private long read(long seq, AtomicLongArray values) {
        int i = (int) ((seq / every) & mask);
        if (tags.get(i) != seq) return Timestamps.ABSENT;
        long v = values.get(i);
        return tags.get(i) == seq ? v : Timestamps.ABSENT;
    }
}
