package org.tsnlat.report.html;

import java.util.Arrays;

/**
 * Per-interval min, p50, p99 and max of a metric over a run of unknown length, folded into at
 * most {@code maxColumns} columns: when the run outgrows the columns, neighbouring pairs merge
 * and each column covers twice as many intervals. A merged column keeps the least min and the
 * largest max of its intervals (no extreme is ever lost) and the largest p50 and p99 (the worst
 * interval shows). Also counts events (lost probes, late wake-ups) per column.
 *
 * <p>Values of one interval are buffered and sorted when the next interval begins: the
 * percentiles of an interval are exact. Memory: the columns plus one interval's values.
 */
final class Bands {
    private final int maxColumns;
    private int intervalsPerColumn = 1;
    private long[] min;
    private long[] p50;
    private long[] p99;
    private long[] max;
    private long[] count;
    private long[] events;
    private int columns;
    private long[] values = new long[1024];
    private int valueCount;
    private int current = -1;

    Bands(int maxColumns) {
        this.maxColumns = maxColumns;
        int cap = 2 * maxColumns;
        min = new long[cap];
        p50 = new long[cap];
        p99 = new long[cap];
        max = new long[cap];
        count = new long[cap];
        events = new long[cap];
    }

    /** One value of interval {@code interval} (0-based; intervals normally come in order). */
    void add(int interval, long value) {
        if (interval != current) {
            closeInterval();
            current = interval;
        }
        if (valueCount == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[valueCount++] = value;
    }

    /** {@code n} events (lost probes, late wake-ups) in interval {@code interval}. */
    void event(int interval, long n) {
        events[column(interval)] += n;
    }

    /** Closes the last interval and folds down to at most {@code maxColumns} columns. */
    void finish() {
        closeInterval();
        current = -1;
        while (columns > maxColumns) {
            fold();
        }
    }

    int columns() {
        return columns;
    }

    int intervalsPerColumn() {
        return intervalsPerColumn;
    }

    boolean empty(int c) {
        return count[c] == 0;
    }

    long min(int c) {
        return min[c];
    }

    long p50(int c) {
        return p50[c];
    }

    long p99(int c) {
        return p99[c];
    }

    long max(int c) {
        return max[c];
    }

    long events(int c) {
        return events[c];
    }

    private void closeInterval() {
        if (valueCount == 0) return;
        Arrays.sort(values, 0, valueCount);
        int c = column(current);
        long lo = values[0];
        long hi = values[valueCount - 1];
        long median = values[rank(0.50, valueCount)];
        long high = values[rank(0.99, valueCount)];
        if (count[c] == 0) {
            min[c] = lo;
            max[c] = hi;
            p50[c] = median;
            p99[c] = high;
        } else {
            min[c] = Math.min(min[c], lo);
            max[c] = Math.max(max[c], hi);
            p50[c] = Math.max(p50[c], median);
            p99[c] = Math.max(p99[c], high);
        }
        count[c] += valueCount;
        valueCount = 0;
    }

    /** Index (0-based) of the value at fraction {@code p}: rank ceil(p * n), as the summary's percentiles. */
    private static int rank(double p, int n) {
        return Math.max(0, (int) Math.ceil(p * n) - 1);
    }

    /** The column of an interval, folding first when it lies beyond the arrays. */
    private int column(int interval) {
        int i = Math.max(0, interval);
        while (i / intervalsPerColumn >= min.length) {
            fold();
        }
        int c = i / intervalsPerColumn;
        columns = Math.max(columns, c + 1);
        return c;
    }

    /** Merges neighbouring columns pairwise: each column then covers twice the intervals. */
    private void fold() {
        int n = (columns + 1) / 2;
        for (int c = 0; c < n; c++) {
            int a = 2 * c;
            int b = a + 1;
            long[] merged = merge(a, b < columns ? b : -1);
            min[c] = merged[0];
            p50[c] = merged[1];
            p99[c] = merged[2];
            max[c] = merged[3];
            count[c] = merged[4];
            events[c] = events[a] + (b < columns ? events[b] : 0);
        }
        for (int c = n; c < columns; c++) {
            count[c] = 0;
            events[c] = 0;
        }
        columns = n;
        intervalsPerColumn *= 2;
    }

    private long[] merge(int a, int b) {
        if (b < 0 || count[b] == 0) return new long[] {min[a], p50[a], p99[a], max[a], count[a]};
        if (count[a] == 0) return new long[] {min[b], p50[b], p99[b], max[b], count[b]};
        return new long[] {Math.min(min[a], min[b]), Math.max(p50[a], p50[b]), Math.max(p99[a], p99[b]),
                Math.max(max[a], max[b]), count[a] + count[b]};
    }
}
