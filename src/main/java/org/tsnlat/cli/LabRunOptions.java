package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import org.tsnlat.lab.LabSpec;
import org.tsnlat.lab.Shaping;
import org.tsnlat.lab.Topology;
import org.tsnlat.load.LoadSpec;
import picocli.CommandLine.Option;

/** `tsnlat run --lab ...`: build a lab for the run, shape its bottleneck, add background load. */
final class LabRunOptions {
    @Option(names = "--lab", paramLabel = "TOPOLOGY",
            description = "As root: run between two network namespaces joined as veth, bridge or macvlan "
                    + "(built for the run and removed after it; see 'tsnlat lab up --help').")
    String topology;

    @Option(names = "--shape", paramLabel = "tbf|htb",
            description = "With --lab: shape the talker's egress with tbf, or with htb whose priority class "
                    + "carries the probes (their SO_PRIORITY is set to it) while the load goes to the bulk class.")
    String shape;

    @Option(names = "--rate", paramLabel = "RATE", defaultValue = "50mbit",
            description = "Rate of the shaped bottleneck (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = "--ptp", description = "With --lab: run ptp4l in the talker (master) and listener (slave), "
            + "free-running so it never steers a clock, and read both once a second for the clock-trust verdicts.")
    boolean ptp;

    @Option(names = "--load", paramLabel = "RATE",
            description = "Background UDP load from the talker to the listener during the run, e.g. 100mbit "
                    + "(0 for as fast as possible). Works with or without --lab.")
    String loadRate;

    @Option(names = "--load-size", paramLabel = "BYTES", defaultValue = "" + LoadSpec.DEFAULT_SIZE_BYTES,
            description = "UDP payload of each load datagram (default: ${DEFAULT-VALUE}).")
    int loadSizeBytes;

    LabSpec labSpec(String name) {
        if (topology == null) {
            if (shape != null) throw new UsageException("--shape needs --lab");
            if (ptp) throw new UsageException("--ptp needs --lab (or give --ptp-socket for a ptp4l already running)");
            return null;
        }
        Shaping shaping = shape == null ? null : new Shaping(Shaping.Kind.parse(shape), Shaping.parseRate(rate));
        return new LabSpec(name, Topology.parse(topology), shaping, ptp);
    }

    LoadSpec loadSpec() {
        return loadRate == null ? null : new LoadSpec(LoadSpec.parseRate(loadRate), loadSizeBytes, -1);
    }
}
