package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import java.util.concurrent.Callable;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabSpec;
import org.tsnlat.lab.LabState;
import org.tsnlat.lab.Shaping;
import org.tsnlat.lab.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build the lab: namespaces <name>-talker and <name>-listener (and <name>-switch for bridge "
                + "and macvlan), each host with eth0, shaping on the talker's eth0 egress, ptp4l if asked.",
                "With --topology vm the listener is a QEMU guest: its virtio-net NIC on a tap in bridge br0 of "
                        + "<name>-switch, where QEMU runs, the talker's eth0 in the same bridge; the guest runs this "
                        + "machine's JDK and tsnlat from its root, shared read-only (see 'tsnlat lab image --help').",
                "Records what it makes in /run/tsnlat/lab-<name>.json first; on any failure removes what it made."},
        usageHelpAutoWidth = true)
final class LabUpCommand implements Callable<Integer> {

    /**
     * A CPU list in the order given ("1,0", "0-1", "2,4-5"), for --vcpu-cpu, whose order maps
     * vCPUs to CPUs; empty for null.
     */
    /** --vhost-cpu, the same in lab up and run. */
    static final String VHOST_CPU_HELP = "With --topology vm: pin QEMU's vhost-net workers (vhost-PID, the kernel "
            + "threads that move the guest NIC's packets) to these CPUs, as the field pins them. Only where the guest has "
            + "them: under KVM with /dev/vhost-net; refused elsewhere (exit 2), saying why.";

    static java.util.List<Integer> cpuOrder(String text) {
        return cpuOrder(text, "--vcpu-cpu");
    }

    /** A CPU list in the order given ("1,0", "0-1"), each CPU once; {@code option} names it in a refusal. */
    static java.util.List<Integer> cpuOrder(String text, String option) {
        if (text == null) return java.util.List.of();
        java.util.List<Integer> cpus = new java.util.ArrayList<>();
        for (String item : text.split(",", -1)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})(?:-(\\d{1,4}))?").matcher(item.strip());
            if (!m.matches()) {
                throw new org.tsnlat.exit.UsageException(option + ": '" + text + "' is not a CPU list (e.g. 1,0 or 0-1)");
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (to < from) throw new org.tsnlat.exit.UsageException(option + ": '" + item + "' runs backwards");
            for (int c = from; c <= to; c++) {
                if (cpus.contains(c)) throw new org.tsnlat.exit.UsageException(option + ": CPU " + c + " given twice");
                cpus.add(c);
            }
        }
        return cpus;
    }

    /** The bottleneck's rate when --rate is not given, in lab up and in run --topology. */
    static final String DEFAULT_RATE = "100mbit";

    @Option(names = {"-t", "--topology"}, paramLabel = "KIND", defaultValue = "veth", converter = TopologyConverter.class,
            completionCandidates = Candidates.Topologies.class,
            description = "veth, bridge, macvlan or vm (default: ${DEFAULT-VALUE}).")
    Topology topology;

    @Option(names = "--guest-kernel", paramLabel = "generic|rt", defaultValue = "generic",
            description = "With --topology vm: Debian's generic kernel in the guest, or its PREEMPT_RT build "
                    + "(default: ${DEFAULT-VALUE}).")
    String guestKernel;

    @Option(names = "--guest-net", paramLabel = "tap-bridge|macvtap", converter = GuestNetConverter.class,
            completionCandidates = Candidates.GuestNets.class, description = GUEST_NET_HELP)
    org.tsnlat.lab.GuestNet guestNet;

    @Option(names = "--vhost-cpu", paramLabel = "CPUS", description = VHOST_CPU_HELP)
    String vhostCpus;

    @Option(names = "--vcpu-cpu", paramLabel = "CPUS", description = "With --topology vm: pin QEMU's vCPU threads, as "
            + "the field pins them: as many CPUs as the guest has vCPUs (2) pins vCPU i to the i-th (e.g. 1,0), another "
            + "number (or a range, 0-1) pins every vCPU to all of them. Recorded in a run's meta.json (lab.guest.threads).")
    String vcpuCpus;

    @picocli.CommandLine.Mixin LabNameOption labName;

    @Option(names = "--shape", paramLabel = "tbf|htb", converter = KindConverter.class,
            completionCandidates = Candidates.ShapeKinds.class,
            description = "tbf (one queue, ~5 ms deep) or htb (probe class 1:10 for SO_PRIORITY 0x10010 and PTP, "
                    + "bulk 1:20).")
    Shaping.Kind shape;

    @Option(names = "--ptp-class", paramLabel = "priority|bulk", converter = PtpClassConverter.class,
            completionCandidates = Candidates.PtpClasses.class,
            description = "With --shape htb: the class PTP messages (UDP ports 319, 320; EtherType 0x88F7) go to: "
                    + "priority (1:10, default) or bulk (1:20, behind any background load).")
    Shaping.PtpClass ptpClass;

    @Option(names = "--rate", paramLabel = "RATE",
            description = "With --shape: rate of the shaped bottleneck in bit/s, e.g. 50mbit, 1gbit (default: "
                    + DEFAULT_RATE + ").")
    String rate;

    @Option(names = "--ptp", description = "Run ptp4l, master in the talker, slave in the listener (free_running: "
            + "no clock is ever adjusted). Needs linuxptp.")
    boolean ptp;

    @ParentCommand LabCommand lab;

    @Override
    public Integer call() {
        requireShapeForRate(shape, rate);
        requireHtbForPtpClass(shape, ptpClass);
        Shaping shaping = shape == null ? null
                : new Shaping(shape, Shaping.parseRate(rate == null ? DEFAULT_RATE : rate), ptpClass);
        OptionRules.needs(!"generic".equals(guestKernel), "--guest-kernel", topology.hasGuest(), "--topology vm");
        OptionRules.needs(guestNet != null, "--guest-net", topology.hasGuest(), "--topology vm");
        OptionRules.needs(vhostCpus != null, "--vhost-cpu", topology.hasGuest(), "--topology vm");
        LabSpec spec = new LabSpec(labName.name, topology, shaping, ptp, org.tsnlat.lab.GuestImage.Flavour.parse(guestKernel),
                cpuOrder(vcpuCpus, "--vcpu-cpu"), guestNet, cpuOrder(vhostCpus, "--vhost-cpu"));
        LabCommand.requireRoot();
        LabState state = Lab.up(spec, line -> lab.root.err.println("tsnlat lab up: " + line));
        lab.root.out.println("lab '" + state.name() + "' is up");
        LabText.print(state, lab.root.out);
        return ExitCodes.OK;
    }

    /** Refuses --rate without --shape: only a shaped bottleneck has a rate. */
    static void requireShapeForRate(Shaping.Kind shape, String rate) {
        OptionRules.needs(rate != null, "--rate", shape != null, "--shape tbf or --shape htb");
    }

    /** Refuses --ptp-class without --shape htb: only htb has classes. */
    static void requireHtbForPtpClass(Shaping.Kind shape, Shaping.PtpClass ptpClass) {
        if (ptpClass != null && shape != Shaping.Kind.HTB) {
            throw new UsageException(OptionRules.needs("--ptp-class", "--shape htb")
                    + (shape == null ? "" : " (tbf has one queue for everything)"));
        }
    }

    /** A picocli converter from a parse method whose refusal (an IllegalArgumentException) is the message. */
    abstract static class Parsing<T> implements ITypeConverter<T> {
        private final java.util.function.Function<String, T> parse;

        Parsing(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PtpClassConverter extends Parsing<Shaping.PtpClass> {
        PtpClassConverter() {
            super(Shaping.PtpClass::parse);
        }
    }

    static final class TopologyConverter extends Parsing<Topology> {
        TopologyConverter() {
            super(Topology::parse);
        }
    }

    static final class GuestNetConverter extends Parsing<org.tsnlat.lab.GuestNet> {
        GuestNetConverter() {
            super(org.tsnlat.lab.GuestNet::parse);
        }
    }

    /** --guest-net, the same in lab up and run. */
    static final String GUEST_NET_HELP = "With --topology vm: how the guest's virtio-net NIC reaches the talker: "
            + "tap-bridge (a tap in a Linux bridge, default) or macvtap (a macvtap in bridge mode on the talker's "
            + "veth, QEMU given its /dev/tapN), as the field attaches guests.";

    static final class KindConverter extends Parsing<Shaping.Kind> {
        KindConverter() {
            super(Shaping.Kind::parse);
        }
    }
}
