package org.tsnlat.cli;

import java.net.InetSocketAddress;
import java.util.List;
import org.tsnlat.env.Neighbours;
import org.tsnlat.exit.UsageException;
import org.tsnlat.run.Layer2;
import org.tsnlat.wire.EthernetFraming;
import java.util.concurrent.Callable;
import org.tsnlat.run.Measurement;
import org.tsnlat.run.SenderConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send isochronous probes to a receiver (tsnlat recv).",
                "Wakes with clock_nanosleep(TIMER_ABSTIME) at base + n * period: a late wake-up is counted, "
                        + "the schedule never shifts. Records its own side (scheduled, woken, app TX and kernel TX "
                        + "timestamps) and reports wake-up lateness as cyclictest does."},
        usageHelpAutoWidth = true)
final class SendCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST[:PORT]", converter = HostPort.class,
            description = {"Receiver's address (port default " + HostPort.DEFAULT_PORT + "; IPv6 as [addr]:port). With "
                    + "--transport l2: the host whose MAC (its neighbour entry) and interface (the route to it) the "
                    + "frames go to; or give --interface and --dst-mac instead."})
    InetSocketAddress destination;

    @Option(names = "--dst-mac", paramLabel = "MAC", description = "With --transport l2: the frames' destination "
            + "MAC (with --interface), e.g. 02:00:5e:10:00:01, instead of resolving HOST's.")
    String dstMac;

    @Option(names = {"-d", "--duration"}, paramLabel = "SPAN", converter = Durations.Positive.class,
            description = "How long to send (e.g. 10s, 5m, 2h). Default: until Ctrl-C.")
    Long durationNs;

    @Option(names = {"-n", "--count"}, paramLabel = "N", converter = Ranges.Count.class,
            description = "Send N probes instead of for --duration.")
    Long count;

    @Option(names = "--base-time", paramLabel = "NS",
            description = "Schedule origin in ns of the chosen clock (moved forward by whole periods if past). "
                    + "Default: the next whole period, ~0.2 s from now.")
    Long baseTimeNs;

    @Option(names = "--so-priority", paramLabel = "PRIO", converter = Ranges.SoPriority.class,
            description = "SO_PRIORITY of the probes' socket (selects the egress traffic class), decimal or hexadecimal, e.g. 0x10010 for htb class 1:10 of the lab. Default: unchanged.")
    Integer soPriority;

    @Option(names = "--interface", paramLabel = "IFNAME",
            description = "Use this NIC's hardware TX timestamps when it offers them; with --transport l2, the "
                    + "interface the frames leave by.")
    String interfaceName;

    @Mixin ProbeOptions probe;
    @Mixin TransportOptions transport;
    @Mixin KeyOptions keyOptions;
    @Mixin TwoWayOptions twoWay;
    @Mixin TxTimeOptions txtime;
    @Mixin TaprioOptions taprio;
    @Mixin TuningOptions tuning;
    @Mixin PlanOptions plan;
    @Mixin ClockSourceOptions clocks;
    @Mixin ExplainOptions explain;
    @Mixin OutputOptions output;
    @picocli.CommandLine.ParentCommand TsnlatCommand root;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionRules.exclusive(spec.commandLine().getParseResult(), "--duration", "--count");
        transport.check();
        if (soPriority != null && transport.pcpGiven()) {
            throw new UsageException("--so-priority and --pcp: give one (--pcp sets the socket's SO_PRIORITY too)");
        }
        Layer2 l2 = layer2();
        org.tsnlat.run.PlanWatch planWatch = plan.watch();
        long probes = count != null ? count
                : durationNs != null ? Math.max(1, durationNs / probe.periodNs) : Long.MAX_VALUE;
        org.tsnlat.wire.ProbeKey key = keyOptions.key();
        var config = new SenderConfig(destination, probe.periodNs, probes, probe.sizeBytes(key != null), probe.clock,
                baseTimeNs != null ? baseTimeNs : SenderConfig.ALIGNED, soPriority == null ? transport.soPriority(-1) : soPriority,
                tuning.tuning(), l2 != null ? l2.txInterface() : interfaceName);
        config = txtime.applyTo(twoWay.applyTo(config));
        config = taprio.applyTo(config, TaprioOptions.egress(destination.getAddress(), l2 != null ? l2.txInterface() : interfaceName), null, root.out);
        var m = new Measurement("send", config, null, output.warmupNs, output.runsDir, root.commandLine(), null)
                .placement(l2 != null ? org.tsnlat.run.Placement.here(List.of(), List.of(l2.txInterface()))
                        : Main.placementFor(destination.getAddress(), false))
                .layer2(l2)
                .ptp(clocks.ptp(false, true))
                .chrony(clocks.chrony(false, true))
                .phc2sys(clocks.phc2sys(false, true))
                .key(key)
                .options(OptionsInForce.given(spec))
                .plan(planWatch);
        explain.applyTo(m);
        output.live(m, root.out);
        root.out.println("tsnlat send: " + Main.describeSchedule(probe, probes, key != null) + " to "
                + (l2 != null ? EthernetFraming.formatMac(l2.destinationMac()) + " via " + l2.txInterface()
                        + (l2.tagged() ? " (VLAN " + l2.vlan() + ", PCP " + l2.pcp() + ")" : "") : Measurement.hostPort(destination)));
        return MeasurementRunner.execute(m, "tsnlat send", root.out, root.err);
    }

    /**
     * Over layer 2: the interface and destination MAC, given (--interface, --dst-mac) or resolved
     * from HOST; the destination then stands for HOST (or nothing) in the sender's notes.
     */
    private Layer2 layer2() {
        if (!transport.layer2()) {
            if (destination == null) throw new UsageException("Missing required parameter: 'HOST[:PORT]'");
            if (dstMac != null) throw new UsageException("--dst-mac needs --transport l2");
            return null;
        }
        byte[] mac;
        String dev;
        if (dstMac != null) {
            if (interfaceName == null) throw new UsageException("--dst-mac needs --interface: the interface the frames leave by");
            if (destination != null) {
                throw new UsageException("HOST and --dst-mac: give one (HOST's MAC is looked up; --dst-mac is taken as given)");
            }
            mac = EthernetFraming.parseMac(dstMac, "--dst-mac");
            dev = interfaceName;
        } else if (destination != null) {
            Neighbours.Link link;
            try {
                link = Neighbours.resolve(destination.getAddress());
            } catch (Neighbours.Unresolved e) {
                throw new org.tsnlat.run.SetupException("--transport l2: " + e.getMessage(), null);
            }
            if (interfaceName != null && !interfaceName.equals(link.interfaceName())) {
                throw new UsageException("--interface " + interfaceName + ", but the route to "
                        + Measurement.hostPort(destination) + " leaves by " + link.interfaceName());
            }
            mac = EthernetFraming.parseMac(link.mac(), "the neighbour entry's MAC");
            dev = link.interfaceName();
        } else {
            throw new UsageException("--transport l2 needs HOST (to resolve its MAC) or --interface and --dst-mac");
        }
        if (destination == null) destination = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
        return transport.layer2(null, dev, mac);
    }
}
