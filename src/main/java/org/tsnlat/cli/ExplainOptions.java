package org.tsnlat.cli;

import org.tsnlat.run.Measurement;
import picocli.CommandLine.Option;

/** {@code --explain}: the kernel's trace during the run, and the outliers taken apart with it; shared by run, send and recv. */
final class ExplainOptions {
    static final String DEFAULT_ABOVE = "200us";

    @Option(names = "--explain",
            description = {"Record the kernel's scheduler, IRQ, softirq and network events during the run (root: a private "
                    + "tracefs instance, removed at the end) into DIR/trace/, and take apart each probe whose lateness "
                    + "(app RX minus schedule) exceeds its median by more than --explain-above: which stage was late "
                    + "(wake-up, send, network, pick-up) and what held the CPU instead (threads, IRQs, softirqs), in "
                    + "report.txt, report.json and 'tsnlat explain DIR'. Without root or tracefs the run goes on and says so "
                    + "(docs/explain.md)."})
    boolean explain;

    @Option(names = "--explain-above", paramLabel = "SPAN|pN", converter = ThresholdConverter.class,
            description = "With --explain: lateness beyond the median that makes a probe an outlier, a span (default: "
                    + DEFAULT_ABOVE + ") or a percentile of the run's lateness, e.g. p99.9: its worst 0.1%%, whatever its "
                    + "character (while it runs, the percentile so far decides which traces are kept).")
    org.tsnlat.explain.ExplainThreshold above;

    @Option(names = "--breaktrace", paramLabel = "SPAN", converter = Durations.Positive.class,
            description = "With --explain, as cyclictest's --breaktrace: stop the run at the first probe after the "
                    + "warm-up (and once 256 have set a running median) whose lateness (app RX minus schedule; on send, "
                    + "the kernel's TX time minus schedule) exceeds its running median by more than SPAN; its trace is "
                    + "kept, everything is written as at any end, and meta.json's end says breaktrace and names the "
                    + "probe ('tsnlat explain DIR --seq N'). Exit 0 unless something else applies (default: off).")
    Long breaktraceNs;

    /** Refuses {@code --explain-above} or {@code --breaktrace} without --explain. */
    void check() {
        OptionRules.needs(above != null, "--explain-above", explain, "--explain");
        OptionRules.needs(breaktraceNs != null, "--breaktrace", explain, "--explain");
    }

    /** Applies the options to {@code m}, after {@link #check}. */
    void applyTo(Measurement m) {
        check();
        if (explain) m.explain(above != null ? above : org.tsnlat.explain.ExplainThreshold.span(Durations.parse(DEFAULT_ABOVE, false)));
        if (breaktraceNs != null) m.breaktrace(breaktraceNs);
    }

    /** A span ({@code 200us}) or a percentile ({@code p99.9}). */
    static final class ThresholdConverter implements picocli.CommandLine.ITypeConverter<org.tsnlat.explain.ExplainThreshold> {
        @Override
        public org.tsnlat.explain.ExplainThreshold convert(String text) {
            try {
                return org.tsnlat.explain.ExplainThreshold.parsePercentile(text)
                        .orElseGet(() -> org.tsnlat.explain.ExplainThreshold.span(Durations.parse(text, false)));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
