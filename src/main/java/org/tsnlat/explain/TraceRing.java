package org.tsnlat.explain;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The last few seconds of the kernel's trace, held in memory in chunks of whole lines, of which
 * only those around an outlier reach the run directory (docs/explain.md, "What is kept"). The
 * copy thread {@link #append}s what it reads from {@code trace_pipe}; the recorder asks to
 * {@link #keep} a window of trace time around a probe it found late. A chunk that overlaps a
 * window (and the chunk before the first such, for who ran when the window opened) is written
 * when it leaves the ring or at {@link #finish}, so the file keeps the trace's order and holds no
 * chunk twice. A window asked for after its trace left the ring is counted, never guessed.
 *
 * <p>Allocates nothing after construction but the windows' list entries (an outlier's, rare).
 */
final class TraceRing {
    static final int CHUNK_BYTES = 1 << 14;

    private final byte[][] data;
    private final int[] length;
    private final long[] firstNs;
    private final long[] lastNs;
    private final boolean[] kept;
    private final OutputStream out;
    private final long maxBytes;
    /** Number of the chunk being filled; chunks before it down to {@link #oldest} are complete and in the ring. */
    private long current;
    private long oldest;
    /** Windows (from, to) whose end the complete chunks have not passed yet: chunks still to come may overlap them. */
    private final List<long[]> pending = new ArrayList<>();
    private long windows;
    private long windowsLate;
    private long written;
    private long droppedBytes;

    /**
     * @param chunks   how many chunks of {@value #CHUNK_BYTES} bytes the ring holds
     * @param out      where kept chunks go, in order
     * @param maxBytes the most written; kept chunks beyond it are counted in {@link #droppedBytes}
     */
    TraceRing(int chunks, OutputStream out, long maxBytes) {
        if (chunks < 2) throw new IllegalArgumentException("a ring of at least two chunks");
        data = new byte[chunks][CHUNK_BYTES];
        length = new int[chunks];
        firstNs = new long[chunks];
        lastNs = new long[chunks];
        kept = new boolean[chunks];
        this.out = out;
        this.maxBytes = maxBytes;
    }

    private int slot(long chunk) {
        return (int) (chunk % data.length);
    }

    /** Appends what the trace gave ({@code n} bytes of {@code buf}); lines may be cut anywhere. */
    synchronized void append(byte[] buf, int n) throws IOException {
        int off = 0;
        while (off < n) {
            int s = slot(current);
            int room = CHUNK_BYTES - length[s];
            int take = Math.min(room, n - off);
            System.arraycopy(buf, off, data[s], length[s], take);
            length[s] += take;
            off += take;
            if (length[s] == CHUNK_BYTES) complete(true);
        }
    }

    /**
     * Ends the chunk being filled at its last whole line (the rest starts the next one), or all
     * of it when {@code atLineEnd} is false or it holds no line end.
     */
    private void complete(boolean atLineEnd) throws IOException {
        int s = slot(current);
        int end = length[s];
        if (atLineEnd) {
            int nl = end - 1;
            while (nl >= 0 && data[s][nl] != '\n') nl--;
            if (nl >= 0) end = nl + 1;
        }
        int rest = length[s] - end;
        length[s] = end;
        times(s);
        kept[s] = false;
        for (int i = pending.size() - 1; i >= 0; i--) {
            long[] w = pending.get(i);
            if (overlaps(s, w[0], w[1])) markFrom(current);
            if (firstNs[s] != Long.MAX_VALUE && firstNs[s] > w[1]) pending.remove(i); // chunks to come start later still
        }
        current++;
        if (current - oldest >= data.length) evict();
        int n = slot(current);
        length[n] = rest;
        kept[n] = false;
        if (rest > 0) System.arraycopy(data[s], end, data[n], 0, rest);
    }

    /** Marks chunk {@code c} kept, and the chunk before it (who ran when the window opened). */
    private void markFrom(long c) {
        kept[slot(c)] = true;
        if (c > oldest) kept[slot(c - 1)] = true;
    }

    private boolean overlaps(int s, long fromNs, long toNs) {
        return length[s] > 0 && firstNs[s] != Long.MAX_VALUE && firstNs[s] <= toNs && lastNs[s] >= fromNs;
    }

    private void evict() throws IOException {
        int s = slot(oldest);
        if (kept[s]) write(s);
        kept[s] = false;
        length[s] = 0;
        oldest++;
    }

    private void write(int s) throws IOException {
        if (written + length[s] > maxBytes) {
            droppedBytes += length[s];
            return;
        }
        out.write(data[s], 0, length[s]);
        written += length[s];
    }

    /**
     * Keeps the trace from {@code fromNs} to {@code toNs} (trace clock): the chunks in the ring
     * that overlap it now, and those still to come until one starts after its end.
     */
    synchronized void keep(long fromNs, long toNs) {
        windows++;
        boolean found = false;
        for (long c = oldest; c < current; c++) {
            int s = slot(c);
            if (!overlaps(s, fromNs, toNs)) continue;
            if (found) kept[s] = true;
            else markFrom(c); // the first: with the chunk before it
            found = true;
        }
        boolean ringStartsLater = current > oldest && firstNs[slot(oldest)] > fromNs && oldest > 0;
        if (ringStartsLater) windowsLate++; // part (or all) of it had left the ring
        long newest = current > oldest ? lastNs[slot(current - 1)] : Long.MIN_VALUE;
        if (!found || toNs >= newest) pending.add(new long[] {fromNs, toNs});
    }

    /** Writes every kept chunk still in the ring, the one being filled too; then the ring is empty. */
    synchronized void finish() throws IOException {
        if (length[slot(current)] > 0) complete(false);
        while (oldest < current) evict();
        pending.clear();
        out.flush();
    }

    synchronized long windows() {
        return windows;
    }

    /** Windows asked for when part of their trace had already left the ring. */
    synchronized long windowsLate() {
        return windowsLate;
    }

    synchronized long bytesWritten() {
        return written;
    }

    /** Kept trace not written because the file reached its limit. */
    synchronized long droppedBytes() {
        return droppedBytes;
    }

    /** The earliest and latest line time of chunk slot {@code s}; MAX_VALUE and MIN_VALUE when none reads. */
    private void times(int s) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        byte[] b = data[s];
        int start = 0;
        int n = length[s];
        while (start < n) {
            int end = start;
            while (end < n && b[end] != '\n') end++;
            long t = lineTimeNs(b, start, end);
            if (t != Long.MIN_VALUE) {
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
            }
            start = end + 1;
        }
        firstNs[s] = lo;
        lastNs[s] = hi;
    }

    /**
     * The time of a trace line (bytes {@code from} to {@code to}): its first {@code <seconds>.<micros>: },
     * the format {@link TraceLine} reads; MIN_VALUE when it has none. Allocates nothing.
     */
    static long lineTimeNs(byte[] b, int from, int to) {
        for (int i = from + 1; i + 8 < to; i++) {
            if (b[i] != '.' || b[i + 7] != ':' || b[i + 8] != ' ' || !digit(b[i - 1])) continue;
            long micros = 0;
            boolean ok = true;
            for (int k = 1; k <= 6 && ok; k++) {
                ok = digit(b[i + k]);
                micros = micros * 10 + (b[i + k] - '0');
            }
            if (!ok) continue;
            long seconds = 0;
            long scale = 1;
            int k = i - 1;
            for (; k >= from && digit(b[k]) && scale <= 1_000_000_000_000L; k--) {
                seconds += (b[k] - '0') * scale;
                scale *= 10;
            }
            return seconds * 1_000_000_000L + micros * 1_000L;
        }
        return Long.MIN_VALUE;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }
}
