package org.tsnlat.cli;

import java.io.PrintStream;
import java.nio.file.Path;
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

    @Option(names = "--live", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print one line a second while receiving (default: on when stdout is a terminal).")
    boolean live;

    /** The stream for live lines, or null when they are off or stdout is not a terminal. */
    PrintStream liveStream(PrintStream out, boolean explicitlySet) {
        if (!live) return null;
        if (explicitlySet) return out;
        java.io.Console c = System.console();
        return c != null && c.isTerminal() ? out : null;
    }
}
