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
                    + "carries the probes (their SO_PRIORITY is set to it) and PTP (see --ptp-class) while the load "
                    + "goes to the bulk class.")
    String shape;

    @Option(names = "--ptp-class", paramLabel = "priority|bulk", converter = LabUpCommand.PtpClassConverter.class,
            description = "With --shape htb: the class PTP messages (UDP ports 319, 320; EtherType 0x88F7) go to: "
                    + "priority (default), beside the probes, or bulk, behind the background load, where its queue "
                    + "delays ptp4l's messages past their TX timestamp timeout (its port goes FAULTY).")
    Shaping.PtpClass ptpClass;

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
            if (ptpClass != null) throw new UsageException("--ptp-class needs --lab and --shape htb");
            return null;
        }
        Shaping.Kind kind = shape == null ? null : Shaping.Kind.parse(shape);
        LabUpCommand.requireHtbForPtpClass(kind, ptpClass);
        Shaping shaping = kind == null ? null : new Shaping(kind, Shaping.parseRate(rate), ptpClass);
        return new LabSpec(name, Topology.parse(topology), shaping, ptp);
    }

    LoadSpec loadSpec() {
        return loadRate == null ? null : new LoadSpec(LoadSpec.parseRate(loadRate), loadSizeBytes, -1);
    }
}
