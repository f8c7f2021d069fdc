package org.tsnlat.cli;

import org.tsnlat.lab.LabSpec;
import org.tsnlat.lab.Shaping;
import org.tsnlat.lab.Topology;
import org.tsnlat.load.LoadSpec;
import picocli.CommandLine.Option;

/** `tsnlat run --topology ...`: build a lab for the run, shape its bottleneck, add background load. */
final class LabRunOptions {
    @Option(names = {"-t", "--topology"}, paramLabel = "KIND", converter = LabUpCommand.TopologyConverter.class,
            completionCandidates = Candidates.Topologies.class,
            description = "As root: run between two network namespaces joined as veth, bridge or macvlan "
                    + "(built for the run and removed after it; see 'tsnlat lab up --help'). Default: no lab, loopback.")
    Topology topology;

    @Option(names = "--lab", paramLabel = "KIND", hidden = true, converter = LabUpCommand.TopologyConverter.class,
            completionCandidates = Candidates.Topologies.class, description = "Old name of --topology.")
    void oldLab(Topology kind) {
        topology = kind;
    }

    @Option(names = "--shape", paramLabel = "tbf|htb", converter = LabUpCommand.KindConverter.class,
            completionCandidates = Candidates.ShapeKinds.class,
            description = "With --topology: shape the talker's egress with tbf, or with htb whose priority class "
                    + "carries the probes (their SO_PRIORITY is set to it) and PTP (see --ptp-class) while the load "
                    + "goes to the bulk class.")
    Shaping.Kind shape;

    @Option(names = "--ptp-class", paramLabel = "priority|bulk", converter = LabUpCommand.PtpClassConverter.class,
            completionCandidates = Candidates.PtpClasses.class,
            description = "With --shape htb: the class PTP messages (UDP ports 319, 320; EtherType 0x88F7) go to: "
                    + "priority (default), beside the probes, or bulk, behind the background load, where its queue "
                    + "delays ptp4l's messages past their TX timestamp timeout (its port goes FAULTY).")
    Shaping.PtpClass ptpClass;

    @Option(names = "--rate", paramLabel = "RATE",
            description = "With --shape: rate of the shaped bottleneck in bit/s, e.g. 50mbit, 1gbit (default: "
                    + LabUpCommand.DEFAULT_RATE + ").")
    String rate;

    @Option(names = "--ptp", description = "With --topology: run ptp4l in the talker (master) and listener (slave), "
            + "free-running so it never steers a clock, and read both once a second for the clock-trust verdicts. "
            + "With --topology vm the slave is ptp4l in the guest, and it steers the guest's own clock.")
    boolean ptp;

    @Option(names = "--vcpu-cpu", paramLabel = "CPUS", description = "With --topology vm: pin QEMU's vCPU threads "
            + "(see 'tsnlat lab up --help'); recorded in meta.json (lab.guest.threads).")
    String vcpuCpus;

    @Option(names = "--direction", paramLabel = "host-to-guest|guest-to-host", converter = GuestDirection.Converter.class,
            completionCandidates = GuestDirection.Names.class,
            description = "With --topology vm: host-to-guest (default): the talker sends, tsnlat recv in the guest receives; "
                    + "guest-to-host: tsnlat send in the guest sends to a receiver in the talker's namespace (the guest's "
                    + "outgoing stream, as an ECU in a VM sends its own).")
    GuestDirection direction;

    @Option(names = "--vhost-cpu", paramLabel = "CPUS", description = LabUpCommand.VHOST_CPU_HELP)
    String vhostCpus;

    @Option(names = "--guest-net", paramLabel = "tap-bridge|macvtap", converter = LabUpCommand.GuestNetConverter.class,
            completionCandidates = Candidates.GuestNets.class, description = LabUpCommand.GUEST_NET_HELP)
    org.tsnlat.lab.GuestNet guestNet;

    @Option(names = "--load", paramLabel = "RATE",
            description = "Background UDP load from the talker to the listener during the run, e.g. 100mbit "
                    + "(0 for as fast as possible). Works with or without --topology.")
    String loadRate;

    @Option(names = "--load-size", paramLabel = "BYTES",
            description = "With --load: UDP payload of each load datagram (default: " + LoadSpec.DEFAULT_SIZE_BYTES + ").")
    Integer loadSizeBytes;

    @Option(names = "--load-cpu", paramLabel = "CPUS", description = "With --load: pin the load generator's thread "
            + "(tsnlat-load) to these CPUs, e.g. 1 (default: where the scheduler puts it).")
    String loadCpus;

    @Option(names = "--load-sink-cpu", paramLabel = "CPUS", description = "With --load: pin the load sink's thread "
            + "(tsnlat-load-sink) to these CPUs. On the receiver's CPU it competes with the receiver, as a busy "
            + "application beside the measured one does; --explain then names it (docs/explain.md).")
    String loadSinkCpus;

    LabSpec labSpec(String name) {
        OptionRules.needs(loadSizeBytes != null, "--load-size", loadRate != null, "--load");
        OptionRules.needs(loadCpus != null, "--load-cpu", loadRate != null, "--load");
        OptionRules.needs(loadSinkCpus != null, "--load-sink-cpu", loadRate != null, "--load");
        boolean vm = topology != null && topology.hasGuest();
        OptionRules.needs(guestNet != null, "--guest-net", vm, "--topology vm");
        OptionRules.needs(vhostCpus != null, "--vhost-cpu", vm, "--topology vm");
        OptionRules.needs(direction != null, "--direction", vm, "--topology vm");
        if (topology == null) {
            OptionRules.needs(shape != null, "--shape", false, "--topology");
            OptionRules.needs(ptp, "--ptp", false, "--topology (or give --ptp-socket for a ptp4l already running)");
            OptionRules.needs(ptpClass != null, "--ptp-class", false, "--topology and --shape htb");
            OptionRules.needs(vcpuCpus != null, "--vcpu-cpu", false, "--topology vm");
            LabUpCommand.requireShapeForRate(null, rate);
            return null;
        }
        if (topology.hasGuest() && direction == GuestDirection.GUEST_TO_HOST && loadRate != null) {
            // what the guest's end does not do yet: said, never run half
            throw new org.tsnlat.exit.UsageException("--load with --direction guest-to-host is not built yet: the VM lab "
                    + "sends its load from the talker into the guest (docs/lab.md, \"The VM topology\")");
        }
        Shaping.Kind kind = shape;
        LabUpCommand.requireHtbForPtpClass(kind, ptpClass);
        LabUpCommand.requireShapeForRate(kind, rate);
        Shaping shaping = kind == null ? null : new Shaping(kind, Shaping.parseRate(rate == null ? LabUpCommand.DEFAULT_RATE : rate), ptpClass);
        return new LabSpec(name, topology, shaping, ptp, null, LabUpCommand.cpuOrder(vcpuCpus, "--vcpu-cpu"), guestNet,
                LabUpCommand.cpuOrder(vhostCpus, "--vhost-cpu"));
    }

    LoadSpec loadSpec() {
        if (loadRate == null) return null;
        return new LoadSpec(LoadSpec.parseRate(loadRate), loadSizeBytes == null ? LoadSpec.DEFAULT_SIZE_BYTES : loadSizeBytes, -1,
                loadCpus == null ? null : TuningOptions.cpuList("--load-cpu", loadCpus),
                loadSinkCpus == null ? null : TuningOptions.cpuList("--load-sink-cpu", loadSinkCpus));
    }
}
