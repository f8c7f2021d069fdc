package org.tsnlat.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The in-memory ring of --explain: what reaches the file is whole lines of the trace, in its
 * order, none twice, and every line of a window asked for while its trace was still held.
 */
class TraceRingTest {
    private static final long T0 = 1_796_208_021_000_000_000L;

    /** A trace of {@code n} lines, one every millisecond, each some 100 bytes and numbered. */
    private static List<String> lines(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = T0 + i * 1_000_000L;
            l.add(String.format("    cpu-hog-fifo-4242    [00%d] d.h1. %d.%06d: irq_handler_entry: irq=24 name=virtio0-input.%d%n",
                    i % 2, t / 1_000_000_000L, t % 1_000_000_000L / 1_000, i));
        }
        return l;
    }

    private static long timeOf(int line) {
        return T0 + line * 1_000_000L;
    }

    /** Feeds {@code trace} in pieces of {@code piece} bytes, asking for {@code windows} (line numbers) once line {@code at} is in. */
    private static String run(List<String> trace, int chunks, int piece, int[][] windows, long maxBytes, TraceRing[] ringOut)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRing ring = new TraceRing(chunks, out, maxBytes);
        ringOut[0] = ring;
        for (int i = 0; i < trace.size(); i++) {
            byte[] b = trace.get(i).getBytes(StandardCharsets.US_ASCII);
            for (int off = 0; off < b.length; off += piece) ring.append(java.util.Arrays.copyOfRange(b, off, Math.min(b.length, off + piece)), Math.min(piece, b.length - off));
            for (int[] w : windows) if (w[2] == i) ring.keep(timeOf(w[0]), timeOf(w[1]));
        }
        ring.finish();
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static void assertWholeLinesInOrderNoneTwice(String written, List<String> trace) {
        List<String> got = written.lines().map(s -> s + System.lineSeparator()).toList();
        assertThat(new LinkedHashSet<>(got)).as("no line twice").hasSameSizeAs(got);
        int last = -1;
        for (String g : got) {
            int at = trace.indexOf(g);
            assertThat(at).as("a whole line of the trace: %s", g).isGreaterThan(last);
            last = at;
        }
    }

    @Test
    void onlyTheChunksAroundAWindowAreWrittenWithTheOneBeforeIt() throws IOException {
        List<String> trace = lines(12_000); // some 1.2 MB: 77 chunks, the ring holds 8 (some 1200 lines)
        TraceRing[] ring = new TraceRing[1];
        // lines 5000-5010 asked for when line 5300 is in; lines 11990-11999 asked for before they come
        String w = run(trace, 8, 4096, new int[][] {{5000, 5010, 5300}, {11_990, 12_100, 11_000}}, Long.MAX_VALUE, ring);
        assertWholeLinesInOrderNoneTwice(w, trace);
        for (int i = 5000; i <= 5010; i++) assertThat(w).contains(trace.get(i));
        for (int i = 11_990; i < 12_000; i++) assertThat(w).contains(trace.get(i));
        // each window's chunks (one or two) and the one before them (who ran as it opened): not the rest
        assertThat(w.length()).isLessThanOrEqualTo(6 * TraceRing.CHUNK_BYTES);
        assertThat(w).doesNotContain(trace.get(100)).doesNotContain(trace.get(8000));
        assertThat(ring[0].windows()).isEqualTo(2);
        assertThat(ring[0].windowsLate()).isZero();
        assertThat(ring[0].bytesWritten()).isEqualTo(w.length());
    }

    @Test
    void aWindowAskedForAfterItsTraceLeftTheRingIsCountedNotInvented() throws IOException {
        List<String> trace = lines(12_000);
        TraceRing[] ring = new TraceRing[1];
        String w = run(trace, 4, 4096, new int[][] {{100, 110, 11_000}}, Long.MAX_VALUE, ring);
        assertThat(ring[0].windowsLate()).isEqualTo(1);
        assertThat(w).doesNotContain(trace.get(100));
        assertThat(w).isEmpty();
    }

    @Test
    void theFileStopsAtItsLimitAndCountsTheRest() throws IOException {
        List<String> trace = lines(6000);
        TraceRing[] ring = new TraceRing[1];
        String w = run(trace, 4, 1000, new int[][] {{0, 6000, 10}}, TraceRing.CHUNK_BYTES * 2L, ring);
        assertThat((long) w.length()).isLessThanOrEqualTo(TraceRing.CHUNK_BYTES * 2L);
        assertThat(ring[0].droppedBytes()).isPositive();
        assertThat(w.length() + ring[0].droppedBytes()).isEqualTo(trace.stream().mapToLong(String::length).sum());
    }

    @Property(tries = 60)
    void whatIsWrittenIsTheTraceInOrderAndHoldsEveryWindowStillHeld(@ForAll @IntRange(min = 1, max = 9000) int piece,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 7999) Integer> starts,
            @ForAll @IntRange(min = 0, max = 50) int length, @ForAll @IntRange(min = 0, max = 400) int delay) throws IOException {
        List<String> trace = lines(8000);
        int[][] windows = new int[starts.size()][];
        for (int i = 0; i < windows.length; i++) {
            int from = starts.get(i);
            windows[i] = new int[] {from, from + length, Math.min(7999, from + length + delay)};
        }
        TraceRing[] ring = new TraceRing[1];
        String w = run(trace, 6, piece, windows, Long.MAX_VALUE, ring); // 6 chunks: some 900 lines, more than any delay
        assertWholeLinesInOrderNoneTwice(w, trace);
        for (int[] win : windows) {
            for (int i = win[0]; i <= Math.min(win[1], 7999); i++) assertThat(w).contains(trace.get(i));
        }
        assertThat(ring[0].windowsLate()).isZero();
    }

    @Test
    void aLinesTimeIsReadFromItsBytesAsTraceLineReadsIt() {
        String line = "    cpu-hog-fifo-4242    [000] ..s1. 1796208021.000520: softirq_entry: vec=3 [action=NET_RX]";
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        TraceLine l = new TraceLine();
        assertThat(l.parseTime(line)).isTrue();
        assertThat(TraceRing.lineTimeNs(b, 0, b.length)).isEqualTo(l.timeNs).isEqualTo(1_796_208_021_000_520_000L);
        byte[] header = "# tracer: nop".getBytes(StandardCharsets.US_ASCII);
        assertThat(TraceRing.lineTimeNs(header, 0, header.length)).isEqualTo(Long.MIN_VALUE);
    }
}
