package org.tsnlat.explain;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tsnlat.stats.UsecFormat;

/**
 * {@code --breaktrace SPAN}, as cyclictest's: the probe that stopped the run, the first after the
 * warm-up (and the trigger's settling) whose lateness exceeded its running median by more than
 * {@code spanNs}. Made once, on the recorder thread, by the trigger that found it ({@link Rule});
 * its {@link #cause()} is the text meta.json's {@code end.cause} keeps, which {@link #seqOf} reads back.
 *
 * @param seq        the probe's sequence number
 * @param latenessNs its end (app RX, or the kernel's TX time on a sender alone) minus its schedule
 * @param medianNs   the running median lateness it was measured against
 * @param spanNs     {@code --breaktrace}
 */
public record Breaktrace(long seq, long latenessNs, long medianNs, long spanNs) {
    /**
     * What was asked: stop at the first probe scheduled {@code warmupNs} or more after the first
     * one seen (the warm-up the analysis leaves out, JIT compilations and all) whose lateness
     * exceeds its running median by more than {@code spanNs}, handing it to {@code stop}.
     *
     * @param spanNs   {@code --breaktrace}; 0 for off
     * @param warmupNs {@code --warmup}
     * @param stop     told once, on the recorder's thread, after the probe's trace is kept: it only sets flags
     */
    public record Rule(long spanNs, long warmupNs, Consumer<Breaktrace> stop) {
        /** No --breaktrace. */
        public static final Rule OFF = new Rule(0, 0, b -> { });

        public Rule {
            if (spanNs < 0 || warmupNs < 0) throw new IllegalArgumentException("--breaktrace and --warmup must not be negative");
        }

        boolean on() {
            return spanNs > 0;
        }
    }

    /** How {@link #cause()} begins. */
    public static final String PREFIX = "--breaktrace: probe ";
    private static final Pattern SEQ = Pattern.compile("^" + Pattern.quote(PREFIX) + "(\\d+) ");

    /** "--breaktrace: probe 1234 late 5312.000 us, beyond its running median 65.000 us by more than 1000.000 us". */
    public String cause() {
        return PREFIX + seq + " late " + UsecFormat.usec(latenessNs) + " us, beyond its running median "
                + UsecFormat.usec(medianNs) + " us by more than " + UsecFormat.usec(spanNs) + " us";
    }

    /** The probe a {@link #cause()} names, or -1 when {@code cause} is not one. */
    public static long seqOf(String cause) {
        if (cause == null) return -1;
        Matcher m = SEQ.matcher(cause);
        if (!m.find()) return -1;
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
