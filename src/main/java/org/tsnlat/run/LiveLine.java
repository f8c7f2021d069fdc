package org.tsnlat.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.report.TxAnalysis;
import org.tsnlat.stats.MetricSummary;
import org.tsnlat.stats.UsecFormat;

/**
 * The live view, modelled on cyclictest's: once a second, on the recorder thread (never on the
 * hot loops), a line for each end measured here, from the live analyses the recorder feeds:
 * <pre>
 *    12.0 s rx 10001 received 0 lost 0 rejected  latency cur/min/avg/max 20.1/11.9/19.8/87.3 us (max at seq 4242)  delta min/max 950.1/1049.9 us  trust trusted
 *    12.0 s tx 12001 sent  wake cur/min/avg/max 55.0/50.2/56.1/120.3 us  late 0
 * </pre>
 * With launch times (--txtime) the sender's line ends with the launch error, driver TX minus the
 * launch time asked for: {@code  launch cur/min/avg/max -180.2/-195.0/-181.3/12.4 us (max at seq 77)}.
 * Figures are running, over the run after its warm-up ("warm-up" while in it); {@code cur} is the
 * last probe's. The trust is the last second's, as {@link LiveTrust} guesses it live ({@code ?}:
 * no evidence yet), on the receiver's line, or the sender's when it is alone.
 *
 * <p>{@link Mode#IN_PLACE} rewrites the block on a terminal (carriage return, cursor up, clear to
 * end of line); {@link Mode#LOG} prints the lines one after the other. On {@link #close()} the last
 * figures (every record drained) are printed once more and an in-place block ends with a newline,
 * so what follows starts on a line of its own. Printing happens on a thread of its own, so a
 * blocked terminal never stalls the recorder: a frame it cannot take is skipped.
 */
final class LiveLine implements Runnable, AutoCloseable {
    /** How the view is shown. */
    enum Mode {
        /** One block rewritten in place: for a terminal. */
        IN_PLACE,
        /** A line (a line per end) a second, scrolling: for a log or a pipe. */
        LOG
    }

    static final String CLEAR_TO_END_OF_LINE = "\033[K";
    static final String CURSOR_UP = "\033[A";
    private static final String[] END = new String[0];
    private static final long CLOSE_WAIT_MS = 2_000;

    private final PrintStream out;
    private final Mode mode;
    private final RxAnalysis rx;
    private final LongSupplier rejected;
    private final TxAnalysis tx;
    private final LiveTrust trust;
    /** When the view began ({@link #begin()}); until then it prints nothing. */
    private volatile long startNs;
    private volatile boolean begun;
    /** Frames ({@code String[]}) and messages to say between them ({@code Runnable}), for the printer. */
    private final BlockingQueue<Object> frames = new ArrayBlockingQueue<>(4);
    private final Thread printer;
    /** Lines of the in-place block now on the screen (printer thread). */
    private int shown;
    /** The last probe's latency and wake-up lateness (recorder thread). */
    private long curLatencyNs = Long.MIN_VALUE;
    private long curWakeNs = Long.MIN_VALUE;
    private long curLaunchNs = Long.MIN_VALUE;

    /**
     * @param rx       the receiver's live analysis, or null for a sender alone
     * @param rejected datagrams the receiver rejected so far (any thread)
     * @param tx       the sender's live analysis, or null for a receiver alone
     */
    LiveLine(PrintStream out, Mode mode, RxAnalysis rx, LongSupplier rejected, TxAnalysis tx, LiveTrust trust) {
        this.out = out;
        this.mode = mode;
        this.rx = rx;
        this.rejected = rejected;
        this.tx = tx;
        this.trust = trust;
        if (rx != null) {
            rx.observe(d -> {
                if (d.latencyNs != org.tsnlat.record.Timestamps.ABSENT) curLatencyNs = d.latencyNs;
            });
        }
        if (tx != null) {
            tx.observe((r, first, late, warmup) -> {
                if (org.tsnlat.record.Timestamps.present(r.wakeNs)) curWakeNs = r.wakeNs - r.scheduledNs;
                long launch = tx.launchNs(r);
                if (launch != org.tsnlat.record.Timestamps.ABSENT) curLaunchNs = launch;
            });
        }
        printer = Thread.ofPlatform().name("tsnlat-live").daemon(true).start(this::print);
    }

    /** From now on the view prints (call after the readiness line, so the two never share a line). */
    void begin() {
        startNs = System.nanoTime();
        begun = true;
    }

    /** Once a second, on the recorder thread: the figures so far, with the trust of the second just gone. */
    @Override
    public void run() {
        show(trust.take());
    }

    /** Hands the figures so far to the printer, with {@code verdict}, the trust of the last second ({@link LiveTrust#take}). */
    void show(String verdict) {
        if (!begun) return;
        frames.offer(frame(verdict)); // false when the terminal is not keeping up (Ctrl-S, a full pipe): skipped
    }

    /** The lines of the view now (recorder thread, or after it stopped). */
    String[] frame(String verdict) {
        String elapsed = String.format(Locale.ROOT, "%7.1f s", (System.nanoTime() - startNs) / 1e9);
        List<String> lines = new ArrayList<>(2);
        if (rx != null) {
            var c = rx.counts();
            boolean warm = rx.metricStats("latency").count() == 0 && rx.warmupPackets() > 0;
            lines.add(elapsed + (warm ? " warm-up" : "") + " rx " + c.received() + " received " + c.lost() + " lost "
                    + rejected.getAsLong() + " rejected  latency cur/min/avg/max "
                    + figures(curLatencyNs, rx.metricStats("latency").summary()) + "  delta min/max "
                    + minMax(rx.metricStats("delta").summary()) + " us  trust " + verdict);
        }
        if (tx != null) {
            boolean warm = tx.metricStats("wake").count() == 0 && tx.warmupRecords() > 0;
            lines.add(elapsed + (warm ? " warm-up" : "") + " tx " + tx.records() + " sent  wake cur/min/avg/max "
                    + figures(curWakeNs, tx.metricStats("wake").summary()) + "  late " + tx.lateWakeups()
                    + (tx.sendFailures() > 0 ? "  failed " + tx.sendFailures() : "")
                    + (tx.launchTimes() ? "  launch cur/min/avg/max " + figures(curLaunchNs, tx.metricStats("launch").summary()) : "")
                    + (rx == null ? "  trust " + verdict : ""));
        }
        return lines.toArray(String[]::new);
    }

    private static String figures(long curNs, MetricSummary s) {
        String cur = curNs == Long.MIN_VALUE ? UsecFormat.ABSENT : UsecFormat.usec(curNs);
        return cur + "/" + UsecFormat.minAvgMax(s) + " us" + (s.count() > 0 ? " (max at seq " + s.maxSeq() + ")" : "");
    }

    private static String minMax(MetricSummary s) {
        return s.count() == 0 ? UsecFormat.ABSENT + "/" + UsecFormat.ABSENT
                : UsecFormat.usec(s.minNs()) + "/" + UsecFormat.usec(s.maxNs());
    }

    /** The bytes that show {@code lines} after {@code shown} lines of an earlier block (in place) or after the log so far. */
    static String render(Mode mode, int shown, String[] lines) {
        StringBuilder b = new StringBuilder();
        if (mode == Mode.LOG) {
            for (String l : lines) b.append(l).append('\n');
            return b.toString();
        }
        b.append('\r');
        for (int i = 1; i < shown; i++) b.append(CURSOR_UP);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) b.append('\n');
            b.append(lines[i]).append(CLEAR_TO_END_OF_LINE);
        }
        return b.toString();
    }

    private void print() {
        try {
            while (true) {
                Object next = frames.take();
                if (next instanceof Runnable say) {
                    endBlock();
                    say.run();
                    continue;
                }
                String[] f = (String[]) next;
                if (f == END) {
                    endBlock();
                    return;
                }
                out.print(render(mode, shown, f));
                out.flush();
                shown = f.length;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaves the in-place block on the screen as it is: what is printed next starts below it. */
    private void endBlock() {
        if (mode == Mode.IN_PLACE && shown > 0) out.print('\n');
        out.flush();
        shown = 0;
    }

    /**
     * Has {@code say} print a message (on another stream, standard error) between two frames, below
     * the block rather than over it; at once when the printer does not take it within a second.
     */
    void sayBetweenFrames(Runnable say) throws InterruptedException {
        if (!frames.offer(say, 1, TimeUnit.SECONDS)) say.run();
    }

    /**
     * Prints the last figures (if it began) and ends the view (an in-place block with a newline); call after the
     * recorder has drained every record. Waits for the printer at most {@value #CLOSE_WAIT_MS} ms.
     */
    @Override
    public void close() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
        if (!begun || frames.offer(frame(trust.take()), CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
            frames.offer(END, Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        printer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
    }
}
