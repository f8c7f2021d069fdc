package org.tsnlat.stats;

import java.util.Arrays;

/**
 * Packet accounting from the sequence numbers of arriving probes: unique, duplicated,
 * reordered, lost. {@link #accept(long)} does not allocate.
 *
 * <p>A bitmap of {@code 2^windowBits} bits remembers which of the most recent sequence
 * numbers (those above {@code highest - 2^windowBits}) have arrived; slot {@code seq & mask}
 * belongs to one sequence number at a time, and slots are cleared as the highest sequence
 * number advances past them. A probe whose sequence number is older than the window cannot be
 * told apart from a duplicate; it is counted in {@link PacketCounts#tooOld()} only (neither
 * received nor duplicate) and reported with {@link #DUPLICATE} | {@link #TOO_OLD}. Negative
 * sequence numbers are treated the same way.
 *
 * <p>Loss is {@code expected - received}, never negative, where {@code expected} is the total
 * the sender announced in its end-of-session probe ({@link #end(long)}) when it did, else the
 * highest sequence number seen plus one (so without the announcement a loss at the tail of the
 * session is invisible). The announced total is taken as is, even when lower than the highest
 * sequence number seen.
 *
 * <p>Not thread-safe: one receiving thread calls it.
 */
public final class SeqTracker {
    /** Flag of {@link #accept(long)}: a new sequence number above every one seen before. */
    public static final int IN_ORDER = 0;
    /** Flag: this sequence number was already received (within the window). */
    public static final int DUPLICATE = 1;
    /** Flag: a new sequence number lower than the highest one seen. */
    public static final int REORDERED = 2;
    /** Flag, with {@link #DUPLICATE}: older than the window, status unknown. */
    public static final int TOO_OLD = 4;
    /** Default window: 2^20 = 1 048 576 sequence numbers (128 KiB of bitmap). */
    public static final int DEFAULT_WINDOW_BITS = 20;

    private final long[] seenBits;
    private final long windowSize;
    private final long slotMask;
    private long highestSeq = -1;
    private long received;
    private long duplicates;
    private long reordered;
    private long tooOld;
    private long announcedTotal = -1;

    /** A tracker with the default window of 2^20 sequence numbers. */
    public SeqTracker() {
        this(DEFAULT_WINDOW_BITS);
    }

    /** @param windowBits log2 of the window size in sequence numbers, 6..30 */
    public SeqTracker(int windowBits) {
        if (windowBits < 6 || windowBits > 30) {
            throw new IllegalArgumentException("windowBits must be in 6..30: " + windowBits);
        }
        this.windowSize = 1L << windowBits;
        this.slotMask = windowSize - 1;
        this.seenBits = new long[(int) (windowSize >>> 6)];
    }

    /**
     * Accounts for one arriving probe. Allocation-free.
     *
     * @return {@link #IN_ORDER}, {@link #DUPLICATE}, {@link #REORDERED}, or
     *     {@code DUPLICATE | TOO_OLD}
     */
    public int accept(long seq) {
        if (seq > highestSeq) {
            clearSlots(highestSeq + 1, seq);
            highestSeq = seq;
            setSeen(seq);
            received++;
            return IN_ORDER;
        }
        if (seq < 0 || highestSeq - seq >= windowSize) {
            tooOld++;
            return DUPLICATE | TOO_OLD;
        }
        if (isSeen(seq)) {
            duplicates++;
            return DUPLICATE;
        }
        setSeen(seq);
        received++;
        reordered++;
        return REORDERED;
    }

    /** Records the total number of probes the sender announced it sent. */
    public void end(long probesSent) {
        announcedTotal = probesSent;
    }

    /** The counts so far. */
    public PacketCounts counts() {
        boolean announced = announcedTotal >= 0;
        long expected = announced ? announcedTotal : highestSeq + 1;
        long lost = Math.max(0, expected - received);
        return new PacketCounts(received, duplicates, reordered, lost, expected, announced, tooOld);
    }

    /** Forgets everything, as if newly constructed. */
    public void reset() {
        Arrays.fill(seenBits, 0L);
        highestSeq = -1;
        received = duplicates = reordered = tooOld = 0;
        announcedTotal = -1;
    }

    /** Highest sequence number accepted so far, -1 before the first. */
    public long highestSeq() {
        return highestSeq;
    }

    /** Clears the slots of sequence numbers {@code fromSeq..toSeq}, which the window now enters. */
    private void clearSlots(long fromSeq, long toSeq) {
        if (toSeq - fromSeq >= windowSize - 1) {
            Arrays.fill(seenBits, 0L);
            return;
        }
        long seq = fromSeq;
        while (seq <= toSeq) {
            int slot = (int) (seq & slotMask);
            if ((slot & 63) == 0 && toSeq - seq >= 63) {
                seenBits[slot >>> 6] = 0L;
                seq += 64;
            } else {
                seenBits[slot >>> 6] &= ~(1L << slot);
                seq++;
            }
        }
    }

    private boolean isSeen(long seq) {
        int slot = (int) (seq & slotMask);
        return (seenBits[slot >>> 6] & (1L << slot)) != 0;
    }

    private void setSeen(long seq) {
        int slot = (int) (seq & slotMask);
        seenBits[slot >>> 6] |= 1L << slot;
    }
}
