package org.tsnlat.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The running trigger of --explain: a probe later than the running median by more than half the
 * threshold has its trace kept, from before its schedule to after its end, moved to the trace's
 * clock; nothing before the median settles; absent times are no probe. With --breaktrace, the
 * first probe after the warm-up past its span (and only it) is handed over, its trace kept.
 */
class OutlierTriggerTest {
    private static final long MS = 1_000_000L;
    private static final long RUN_MINUS_TRACE = 37_000 * MS; // e.g. the run on REALTIME, the trace on TAI

    /** One trace line a millisecond from trace time {@code t0}, {@code n} of them, line i naming i. */
    static void feed(TraceRing ring, long t0, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            long t = t0 + i * MS;
            byte[] b = String.format("  x-1 [000] ..... %d.%06d: tracing_mark_write: line %d%n", t / 1_000_000_000L,
                    t % 1_000_000_000L / 1_000, i).getBytes(StandardCharsets.US_ASCII);
            ring.append(b, b.length);
        }
    }

    @Test
    void aLateProbeKeepsItsTraceAndOnTimeOnesDoNot() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRing ring = new TraceRing(64, out, Long.MAX_VALUE);
        OutlierTrigger trigger = new OutlierTrigger(ring, RUN_MINUS_TRACE, ExplainThreshold.span(200_000), Breaktrace.Rule.OFF);
        long traceStart = 1_796_000_000_000_000_000L;
        feed(ring, traceStart, 4000);
        long runStart = traceStart + RUN_MINUS_TRACE;
        // probes every ms, 50-80 us late (median some 65 us); probe 2000 150 us more (kept: beyond the median by
        // more than 100 us), probe 3800 60 us more (not kept: 75 us beyond at most; the trace is kept a 16 KiB
        // chunk, some 250 lines, at a time, and 3800 is chunks after 2000), probe 100 5 ms more (no median yet)
        for (int seq = 0; seq < 4000; seq++) {
            long scheduled = runStart + seq * MS;
            long late = 50_000 + (seq % 7) * 5_000 + (seq == 2000 ? 150_000 : 0) + (seq == 3800 ? 60_000 : 0)
                    + (seq == 100 ? 5 * MS : 0);
            trigger.consider(seq, scheduled, scheduled + late);
        }
        trigger.consider(4000, 0, runStart); // an absent schedule: skipped
        ring.finish();
        assertThat(ring.windows()).isEqualTo(1);
        String w = out.toString(StandardCharsets.US_ASCII);
        // from 6 ms before its schedule (5 ms the analysis cuts, 1 ms margin) to 2 ms after its end
        for (int i = 2000 - 6; i <= 2002; i++) assertThat(w).contains("line " + i + "\n");
        assertThat(w).doesNotContain("line 100\n").doesNotContain("line 3800\n");
    }

    @Test
    void negativeLatenessFromAClockBehindIsMeasuredAgainstItsOwnMedian() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRing ring = new TraceRing(64, out, Long.MAX_VALUE);
        OutlierTrigger trigger = new OutlierTrigger(ring, 0, ExplainThreshold.span(200_000), Breaktrace.Rule.OFF);
        long start = 1_796_000_000_000_000_000L;
        feed(ring, start, 1000);
        for (int seq = 0; seq < 1000; seq++) {
            long scheduled = start + seq * MS;
            // the receiver's clock 3 ms behind the sender's: every lateness negative, probe 700 300 us later
            trigger.consider(seq, scheduled, scheduled - 3 * MS + (seq == 700 ? 300_000 : 0));
        }
        ring.finish();
        assertThat(ring.windows()).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.US_ASCII)).contains("line 700\n");
    }

    @Test
    void breaktraceFiresOnceAtTheFirstProbePastItsSpanWithItsTraceKept() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRing ring = new TraceRing(64, out, Long.MAX_VALUE);
        List<Breaktrace> fired = new ArrayList<>();
        // --explain-above 20 ms (the trigger keeps beyond 10 ms): only --breaktrace keeps probe 2500's trace
        OutlierTrigger trigger = new OutlierTrigger(ring, RUN_MINUS_TRACE, ExplainThreshold.span(20 * MS), new Breaktrace.Rule(1 * MS, 1000 * MS, fired::add));
        long traceStart = 1_796_000_000_000_000_000L;
        feed(ring, traceStart, 4000);
        long runStart = traceStart + RUN_MINUS_TRACE;
        // 50-80 us late (median 65 us); probe 100 5 ms more (before the median settles: nothing), probe 600
        // 3 ms more (in the 1 s warm-up: nothing), probe 1500 1 ms more (beyond the median by 1 ms at most: not
        // more than the span), probes 2500 and 3000 3 ms more (the first stops the run; the second, had the
        // run gone on, does not fire again)
        for (int seq = 0; seq < 4000; seq++) {
            long scheduled = runStart + seq * MS;
            long late = 50_000 + (seq % 7) * 5_000 + (seq == 100 ? 5 * MS : 0) + (seq == 600 ? 3 * MS : 0) + (seq == 1500 ? 1 * MS - 65_000 : 0)
                    + (seq == 2500 || seq == 3000 ? 3 * MS : 0);
            trigger.consider(seq, scheduled, scheduled + late);
        }
        ring.finish();
        assertThat(fired).hasSize(1);
        Breaktrace b = fired.get(0);
        assertThat(b.seq()).isEqualTo(2500);
        assertThat(b.latenessNs()).isEqualTo(50_000 + (2500 % 7) * 5_000 + 3 * MS);
        assertThat(b.latenessNs() - b.medianNs()).isGreaterThan(1 * MS);
        assertThat(b.spanNs()).isEqualTo(1 * MS);
        assertThat(b.cause()).startsWith("--breaktrace: probe 2500 late 3").contains(", beyond its running median ")
                .endsWith(" us by more than 1000.000 us");
        assertThat(Breaktrace.seqOf(b.cause())).isEqualTo(2500);
        assertThat(Breaktrace.seqOf("probe 2500 late")).isEqualTo(-1);
        // its window, as for any late probe; none of the others'
        assertThat(ring.windows()).isEqualTo(1);
        String w = out.toString(StandardCharsets.US_ASCII);
        for (int i = 2500 - 6; i <= 2505; i++) assertThat(w).contains("line " + i + "\n");
        assertThat(w).doesNotContain("line 100\n").doesNotContain("line 600\n").doesNotContain("line 1500\n").doesNotContain("line 3000\n");
    }

    @Test
    void withoutBreaktraceNothingIsHandedOver() throws IOException {
        TraceRing ring = new TraceRing(64, new ByteArrayOutputStream(), Long.MAX_VALUE);
        List<Breaktrace> fired = new ArrayList<>();
        OutlierTrigger trigger = new OutlierTrigger(ring, 0, ExplainThreshold.span(200_000), new Breaktrace.Rule(0, 0, fired::add));
        long start = 1_796_000_000_000_000_000L;
        feed(ring, start, 1000);
        for (int seq = 0; seq < 1000; seq++) {
            long scheduled = start + seq * MS;
            trigger.consider(seq, scheduled, scheduled + 50_000 + (seq == 700 ? 50 * MS : 0));
        }
        ring.finish();
        assertThat(fired).isEmpty();
        assertThat(ring.windows()).isEqualTo(1);
    }
}
