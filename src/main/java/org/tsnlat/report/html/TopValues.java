package org.tsnlat.report.html;

/**
 * The {@code capacity} largest values seen, with the time of each and whether it is counted in
 * the summary's figures: a min-heap on primitive arrays, so a value below the smallest kept costs
 * one comparison. For the individual packets drawn as points above the latency bands.
 */
final class TopValues {
    private final long[] values;
    private final long[] times;
    private final boolean[] counted;
    private int size;

    TopValues(int capacity) {
        values = new long[capacity];
        times = new long[capacity];
        counted = new boolean[capacity];
    }

    int capacity() {
        return values.length;
    }

    /** @param inFigures whether the summary's figures count this value (after the warm-up, clocks not untrusted) */
    void add(long value, long time, boolean inFigures) {
        if (size < values.length) {
            int i = size++;
            values[i] = value;
            times[i] = time;
            counted[i] = inFigures;
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (values[parent] <= values[i]) break;
                swap(i, parent);
                i = parent;
            }
        } else if (value > values[0]) {
            values[0] = value;
            times[0] = time;
            counted[0] = inFigures;
            siftDown();
        }
    }

    private void siftDown() {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int least = i;
            if (l < size && values[l] < values[least]) least = l;
            if (r < size && values[r] < values[least]) least = r;
            if (least == i) return;
            swap(i, least);
            i = least;
        }
    }

    private void swap(int a, int b) {
        long v = values[a];
        values[a] = values[b];
        values[b] = v;
        long t = times[a];
        times[a] = times[b];
        times[b] = t;
        boolean c = counted[a];
        counted[a] = counted[b];
        counted[b] = c;
    }

    int size() {
        return size;
    }

    long value(int i) {
        return values[i];
    }

    long time(int i) {
        return times[i];
    }

    boolean counted(int i) {
        return counted[i];
    }

    /** The least value kept (the heap's root); only when {@link #size()} > 0. */
    long least() {
        return values[0];
    }
}
