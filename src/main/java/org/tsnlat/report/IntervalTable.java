package org.tsnlat.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-interval counts of one-way latency, by receive time from the first probe received: what
 * the trust verdicts look at. Interval numbers are longs from the first probe's interval
 * (negative for earlier times).
 *
 * <p>Memory follows the probes, not the span of time they cover. Intervals live in runs of
 * consecutive interval numbers ({@link Run}), 24 bytes an interval in chunks of
 * {@value #CHUNK} (no array is ever copied to grow), and a gap of up to {@value #GAP_FILL}
 * intervals without a probe is kept in its run (so an outage of a few seconds still has its
 * intervals); a longer gap starts a new run. A receiver clock that steps by 30 days, or one
 * timestamp gone wrong, costs a run more, not 2.6 million intervals.
 *
 * <p>While probes are added an interval is found by its number; once {@link #slotsInOrder()} or
 * {@link #slotOf} is called the table is frozen and each interval has a slot, its place in the
 * order of the runs as they were made.
 */
final class IntervalTable {
    static final int CHUNK_BITS = 14;
    static final int CHUNK = 1 << CHUNK_BITS;
    /** Intervals without a probe kept inside a run rather than starting a new one. */
    static final int GAP_FILL = 16;

    private final long intervalNs;
    private long originNs = Long.MIN_VALUE;
    /** Runs in the order they were made; the last used one first tried. */
    private final List<Run> runs = new ArrayList<>();
    /** The same, by first interval, while probes are added. */
    private final java.util.TreeMap<Long, Run> byFirst = new java.util.TreeMap<>();
    private Run last;
    /** After freezing: the runs sorted by first interval, and each run's first slot. */
    private Run[] byKey;
    private int size;

    IntervalTable(long intervalNs) {
        this.intervalNs = intervalNs;
    }

    /** Consecutive intervals from {@code first}: their counts in chunked arrays. */
    private static final class Run {
        final long first;
        int length;
        int firstSlot;
        final List<int[]> packets = new ArrayList<>();
        final List<int[]> negatives = new ArrayList<>();
        final List<long[]> min = new ArrayList<>();
        final List<long[]> max = new ArrayList<>();

        Run(long first) {
            this.first = first;
        }

        boolean holds(long key) {
            return key >= first && key - first < length;
        }

        /**
         * Makes room for intervals up to {@code key} (at most {@link #GAP_FILL} past the end). The
         * last chunk starts small and doubles up to {@link #CHUNK}, so a run of one interval costs
         * a few hundred bytes, not a whole chunk.
         */
        void extendTo(long key) {
            int want = (int) (key - first) + 1;
            while (capacity() < want) {
                int n = packets.size();
                int lastLength = n == 0 ? 0 : packets.get(n - 1).length;
                if (n > 0 && lastLength < CHUNK) {
                    int grown = Math.min(CHUNK, Math.max(lastLength * 2, want - (n - 1) * CHUNK));
                    packets.set(n - 1, Arrays.copyOf(packets.get(n - 1), grown));
                    negatives.set(n - 1, Arrays.copyOf(negatives.get(n - 1), grown));
                    min.set(n - 1, filled(min.get(n - 1), grown, Long.MAX_VALUE));
                    max.set(n - 1, filled(max.get(n - 1), grown, Long.MIN_VALUE));
                } else {
                    int size = n == 0 ? 16 : CHUNK;
                    packets.add(new int[size]);
                    negatives.add(new int[size]);
                    min.add(filled(new long[0], size, Long.MAX_VALUE));
                    max.add(filled(new long[0], size, Long.MIN_VALUE));
                }
            }
            length = Math.max(length, want);
        }

        private int capacity() {
            int n = packets.size();
            return n == 0 ? 0 : (n - 1) * CHUNK + packets.get(n - 1).length;
        }

        private static long[] filled(long[] a, int length, long value) {
            long[] b = Arrays.copyOf(a, length);
            Arrays.fill(b, a.length, length, value);
            return b;
        }
    }

    /** The interval a receive time falls in (the first call fixes the origin). */
    long intervalOf(long rxNs) {
        if (originNs == Long.MIN_VALUE) {
            originNs = rxNs;
        }
        return intervalAt(originNs, intervalNs, rxNs);
    }

    /** The interval number of {@code timeNs} from {@code originNs}, without overflow for any two times. */
    static long intervalAt(long originNs, long intervalNs, long timeNs) {
        long d = timeNs - originNs;
        if (((timeNs ^ originNs) & (timeNs ^ d)) < 0) { // the difference overflowed: split it
            return Math.floorDiv(timeNs, intervalNs) - Math.floorDiv(originNs, intervalNs);
        }
        return Math.floorDiv(d, intervalNs);
    }

    /** Notes that a probe arrived in the interval of {@code rxNs}, with no latency to count. */
    void touch(long rxNs) {
        runFor(intervalOf(rxNs));
    }

    void add(long rxNs, long latencyNs) {
        long key = intervalOf(rxNs);
        Run r = runFor(key);
        int i = (int) (key - r.first);
        int c = i >>> CHUNK_BITS;
        int k = i & (CHUNK - 1);
        r.packets.get(c)[k]++;
        if (latencyNs < 0) r.negatives.get(c)[k]++;
        long[] mn = r.min.get(c);
        long[] mx = r.max.get(c);
        if (latencyNs < mn[k]) mn[k] = latencyNs;
        if (latencyNs > mx[k]) mx[k] = latencyNs;
    }

    /** The run that holds interval {@code key}, made or extended when needed. */
    private Run runFor(long key) {
        if (byKey != null) throw new IllegalStateException("the interval table is frozen");
        Run r = last;
        if (r != null && r.holds(key)) return r;
        if (r == null || !reaches(r, key)) {
            var floor = byFirst.floorEntry(key); // a return to another stretch: a clock step, reordering at an edge
            r = floor == null ? null : floor.getValue();
        }
        if (r == null || !r.holds(key) && !reaches(r, key)) {
            r = new Run(key);
            runs.add(r);
            byFirst.put(key, r);
        }
        r.extendTo(key);
        last = r;
        return r;
    }

    /** Whether {@code key} is in {@code r} or close enough after it to extend it, with no run starting between. */
    private boolean reaches(Run r, long key) {
        if (r.holds(key)) return true;
        long end = r.first + r.length;
        if (key < end || key - end >= GAP_FILL) return false;
        var next = byFirst.higherEntry(r.first);
        return next == null || next.getKey() > key;
    }

    private void freeze() {
        if (byKey != null) return;
        byKey = runs.toArray(new Run[0]);
        Arrays.sort(byKey, (a, b) -> Long.compare(a.first, b.first));
        int slot = 0;
        for (Run r : runs) { // slots in the order the runs were made
            r.firstSlot = slot;
            slot += r.length;
        }
        size = slot;
        runs.sort((a, b) -> Integer.compare(a.firstSlot, b.firstSlot));
    }

    /** The slot of interval {@code key}, or -1 when it is in no run. Freezes the table. */
    int slotOf(long key) {
        freeze();
        int lo = 0;
        int hi = byKey.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Run r = byKey[mid];
            if (key < r.first) hi = mid - 1;
            else if (key - r.first >= r.length) lo = mid + 1;
            else return r.firstSlot + (int) (key - r.first);
        }
        return -1;
    }

    /** The slots in order of their interval numbers; null when that is the slots' own order. Freezes the table. */
    int[] slotsInOrder() {
        freeze();
        boolean sorted = true;
        for (int i = 1; i < byKey.length; i++) {
            sorted &= byKey[i] == runs.get(i);
        }
        if (sorted) return null;
        int[] out = new int[size];
        int p = 0;
        for (Run r : byKey) {
            for (int i = 0; i < r.length; i++) out[p++] = r.firstSlot + i;
        }
        return out;
    }

    long originNs() {
        return originNs;
    }

    long intervalNs() {
        return intervalNs;
    }

    /** Intervals in the table (after freezing). */
    int size() {
        freeze();
        return size;
    }

    private Run runOfSlot(int slot) {
        int lo = 0;
        int hi = runs.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (runs.get(mid).firstSlot <= slot) lo = mid;
            else hi = mid - 1;
        }
        return runs.get(lo);
    }

    long key(int slot) {
        Run r = runOfSlot(slot);
        return r.first + (slot - r.firstSlot);
    }

    long packets(int slot) {
        Run r = runOfSlot(slot);
        int i = slot - r.firstSlot;
        return r.packets.get(i >>> CHUNK_BITS)[i & (CHUNK - 1)];
    }

    long negatives(int slot) {
        Run r = runOfSlot(slot);
        int i = slot - r.firstSlot;
        return r.negatives.get(i >>> CHUNK_BITS)[i & (CHUNK - 1)];
    }

    long min(int slot) {
        Run r = runOfSlot(slot);
        int i = slot - r.firstSlot;
        return r.min.get(i >>> CHUNK_BITS)[i & (CHUNK - 1)];
    }

    long max(int slot) {
        Run r = runOfSlot(slot);
        int i = slot - r.firstSlot;
        return r.max.get(i >>> CHUNK_BITS)[i & (CHUNK - 1)];
    }
}
