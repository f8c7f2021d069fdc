package org.tsnlat.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.tsnlat.exit.UsageException;
import org.tsnlat.run.Measurement;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where runs go and how much is printed while they run. */
final class OutputOptions {
    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs",
            description = "Parent directory of run directories (default: ./${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--warmup", paramLabel = "SPAN", defaultValue = "2s", converter = Durations.Span.class,
            description = "Span from the first probe kept out of the main figures and reported apart "
                    + "(JIT compilation, cold caches); default ${DEFAULT-VALUE}, 0 for none.")
    long warmupNs;

    @Option(names = "--live", arity = "0..1", paramLabel = "MODE", fallbackValue = "on",
            description = {"The live view, once a second (like cyclictest's): for the receiver, probes received, "
                    + "lost and rejected, one-way latency cur/min/avg/max with the probe of the running max, "
                    + "inter-arrival delta min/max and the clocks' trust over the last second as known live "
                    + "(trusted, suspect, untrusted with why, or ? while there is no evidence; the report's "
                    + "verdicts are the ones that count); for the sender, wake-up lateness cur/min/avg/max and "
                    + "late wake-ups. Figures run over the run after its warm-up.",
                    "MODE: line (rewritten in place), log (a line a second, scrolling); --live alone: line on a "
                            + "terminal, log otherwise. Default: line when standard output is a terminal, else none."})
    String liveMode;

    @Option(names = "--no-live", description = "No live view.")
    boolean noLive;

    @Mixin MetricsOptions metrics;

    /**
     * Sets {@code m}'s live view on {@code out} as the options say, stdout being a terminal or not,
     * and its live metrics ({@link MetricsOptions}).
     *
     * @throws UsageException for a MODE other than on, line and log
     */
    Measurement live(Measurement m, PrintStream out) {
        java.io.Console c = System.console();
        return live(m, out, c != null && c.isTerminal());
    }

    Measurement live(Measurement m, PrintStream out, boolean terminal) {
        metrics.applyTo(m);
        if (noLive) return m.live(null, false);
        if (liveMode == null) return m.live(terminal ? out : null, true);
        return switch (liveMode) {
            case "on" -> m.live(out, terminal);
            case "line" -> m.live(out, true);
            case "log" -> m.live(out, false);
            default -> throw new UsageException("--live '" + liveMode + "': MODE is line or log");
        };
    }
}
