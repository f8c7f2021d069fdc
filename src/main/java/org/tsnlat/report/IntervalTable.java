package org.tsnlat.report;

import java.util.Arrays;

/**
 * Per-interval counts of one-way latency, by receive time from the first probe received: what
 * the trust verdicts look at. Only intervals that hold a probe exist (a slot each, 40 bytes with
 * its index entry), so memory follows the probes, not the span of time they cover: a receiver
 * clock that steps by 30 days, or one timestamp gone wrong, costs one slot more, not 2.6 million.
 * Interval numbers are longs from the first probe's interval (negative for earlier times).
 */
final class IntervalTable {
    private final long intervalNs;
    private long originNs = Long.MIN_VALUE;
    /** Slots in the order their intervals were first seen. */
    private long[] keys = new long[64];
    private int[] packets = new int[64];
    private int[] negatives = new int[64];
    private long[] min = new long[64];
    private long[] max = new long[64];
    private int size;
    /** Open addressing from interval number to slot + 1 (0: empty), at most half full. */
    private int[] index = new int[128];
    private long lastKey = Long.MIN_VALUE;
    private int lastSlot = -1;

    IntervalTable(long intervalNs) {
        this.intervalNs = intervalNs;
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

    /** Notes that a probe arrived in the interval of {@code rxNs} (with no latency to count); its slot. */
    int touch(long rxNs) {
        return slotFor(intervalOf(rxNs));
    }

    void add(long rxNs, long latencyNs) {
        int s = touch(rxNs);
        packets[s]++;
        if (latencyNs < 0) negatives[s]++;
        if (latencyNs < min[s]) min[s] = latencyNs;
        if (latencyNs > max[s]) max[s] = latencyNs;
    }

    /** The slot of interval {@code key}, made when new. */
    private int slotFor(long key) {
        if (key == lastKey) return lastSlot;
        int s = find(key);
        if (s < 0) {
            s = append(key);
        }
        lastKey = key;
        lastSlot = s;
        return s;
    }

    /** The slot of interval {@code key}, or -1 when no probe fell in it. */
    int slotOf(long key) {
        if (key == lastKey) return lastSlot;
        return find(key);
    }

    private int find(long key) {
        int mask = index.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int e = index[i];
            if (e == 0) return -1;
            if (keys[e - 1] == key) return e - 1;
        }
    }

    private int append(long key) {
        if (size == keys.length) {
            int cap = keys.length * 2;
            keys = Arrays.copyOf(keys, cap);
            packets = Arrays.copyOf(packets, cap);
            negatives = Arrays.copyOf(negatives, cap);
            min = Arrays.copyOf(min, cap);
            max = Arrays.copyOf(max, cap);
        }
        int s = size++;
        keys[s] = key;
        packets[s] = 0;
        negatives[s] = 0;
        min[s] = Long.MAX_VALUE;
        max[s] = Long.MIN_VALUE;
        if (size * 2 > index.length) {
            rehash(index.length * 2);
        } else {
            put(key, s);
        }
        return s;
    }

    private void put(long key, int slot) {
        int mask = index.length - 1;
        int i = hash(key) & mask;
        while (index[i] != 0) i = (i + 1) & mask;
        index[i] = slot + 1;
    }

    private void rehash(int capacity) {
        index = new int[capacity];
        for (int s = 0; s < size; s++) put(keys[s], s);
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The slots in order of their interval numbers. */
    int[] slotsInOrder() {
        boolean sorted = true;
        for (int s = 0; s < size; s++) {
            sorted &= s == 0 || keys[s] > keys[s - 1];
        }
        int[] out = new int[size];
        if (sorted) {
            for (int s = 0; s < size; s++) out[s] = s;
            return out;
        }
        Integer[] boxed = new Integer[size];
        for (int s = 0; s < size; s++) boxed[s] = s;
        Arrays.sort(boxed, (a, b) -> Long.compare(keys[a], keys[b]));
        for (int s = 0; s < size; s++) out[s] = boxed[s];
        return out;
    }

    long originNs() {
        return originNs;
    }

    long intervalNs() {
        return intervalNs;
    }

    /** Intervals that hold a probe. */
    int size() {
        return size;
    }

    long key(int slot) {
        return keys[slot];
    }

    long packets(int slot) {
        return packets[slot];
    }

    long negatives(int slot) {
        return negatives[slot];
    }

    long min(int slot) {
        return min[slot];
    }

    long max(int slot) {
        return max[slot];
    }
}
