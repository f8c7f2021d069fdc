package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Hidden: writes a synthetic run directory, for measuring the reports on day-long runs (docs/BENCHMARKS.md). */
@Command(name = "synth", hidden = true, mixinStandardHelpOptions = true,
        description = "Write a synthetic run directory (1 ms period unless --period, plausible latencies, rare outliers and losses): "
                + "for benchmarks of the reports, not a measurement.")
final class SynthCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Directory to create (must not hold record files).")
    Path dir;

    @Option(names = "--packets", paramLabel = "N", defaultValue = "1000000", converter = Ranges.Count.class, description = "Probes (default: ${DEFAULT-VALUE}).")
    long packets;

    @Option(names = "--period", paramLabel = "PERIOD", defaultValue = "1ms", converter = Durations.Positive.class,
            description = "Time between probes (default: ${DEFAULT-VALUE}).")
    long periodNs;

    @Option(names = "--no-ptp", description = "Without ptp4l samples (by default once a second per side).")
    boolean noPtp;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(dir.resolve("rx.records"))) throw new UsageException(dir + " holds a run already");
        long t0 = System.nanoTime();
        SyntheticRun.write(dir, packets, seed, periodNs, !noPtp);
        root.out.printf("synthetic run of %d probes written to %s in %.1f s%n", packets, dir, (System.nanoTime() - t0) / 1e9);
        return ExitCodes.OK;
    }
}
