package org.tsnlat.report;

import java.util.Arrays;

/**
 * Per-interval counts of one-way latency, by receive time from the first probe received: what
 * the trust verdicts look at. Grows as the run goes (a few longs an interval).
 */
final class IntervalTable {
    private final long intervalNs;
    private long originNs = Long.MIN_VALUE;
    private long[] packets = new long[64];
    private long[] negatives = new long[64];
    private long[] min = filled(64, Long.MAX_VALUE);
    private long[] max = filled(64, Long.MIN_VALUE);
    private int size;

    IntervalTable(long intervalNs) {
        this.intervalNs = intervalNs;
    }

    /** The interval a receive time falls in (the first call fixes the origin). */
    int index(long rxNs) {
        if (originNs == Long.MIN_VALUE) {
            originNs = rxNs;
        }
        long i = Math.floorDiv(rxNs - originNs, intervalNs);
        return (int) Math.max(0, Math.min(i, Integer.MAX_VALUE - 1));
    }

    void add(long rxNs, long latencyNs) {
        int i = index(rxNs);
        grow(i + 1);
        packets[i]++;
        if (latencyNs < 0) negatives[i]++;
        min[i] = Math.min(min[i], latencyNs);
        max[i] = Math.max(max[i], latencyNs);
    }

    /** Makes sure intervals up to (exclusive) {@code n} exist, for times with no probe (a sample after the last). */
    void grow(int n) {
        if (n > packets.length) {
            int cap = Math.max(n, packets.length * 2);
            packets = Arrays.copyOf(packets, cap);
            negatives = Arrays.copyOf(negatives, cap);
            int old = min.length;
            min = Arrays.copyOf(min, cap);
            max = Arrays.copyOf(max, cap);
            Arrays.fill(min, old, cap, Long.MAX_VALUE);
            Arrays.fill(max, old, cap, Long.MIN_VALUE);
        }
        size = Math.max(size, n);
    }

    long originNs() {
        return originNs;
    }

    long intervalNs() {
        return intervalNs;
    }

    int size() {
        return size;
    }

    long packets(int i) {
        return packets[i];
    }

    long negatives(int i) {
        return negatives[i];
    }

    long min(int i) {
        return min[i];
    }

    long max(int i) {
        return max[i];
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }
}
