package org.tsnlat.cli;

import java.net.InetSocketAddress;
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

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", converter = HostPort.class,
            description = "Receiver's address (port default " + HostPort.DEFAULT_PORT + "; IPv6 as [addr]:port).")
    InetSocketAddress destination;

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
            description = "Use this NIC's hardware TX timestamps when it offers them.")
    String interfaceName;

    @Mixin ProbeOptions probe;
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
        org.tsnlat.run.PlanWatch planWatch = plan.watch();
        long probes = count != null ? count
                : durationNs != null ? Math.max(1, durationNs / probe.periodNs) : Long.MAX_VALUE;
        org.tsnlat.wire.ProbeKey key = keyOptions.key();
        var config = new SenderConfig(destination, probe.periodNs, probes, probe.sizeBytes(key != null), probe.clock,
                baseTimeNs != null ? baseTimeNs : SenderConfig.ALIGNED, soPriority == null ? -1 : soPriority, tuning.tuning(), interfaceName);
        config = txtime.applyTo(twoWay.applyTo(config));
        config = taprio.applyTo(config, TaprioOptions.egress(destination.getAddress(), interfaceName), null, root.out);
        var m = new Measurement("send", config, null, output.warmupNs, output.runsDir, root.commandLine(), null)
                .placement(Main.placementFor(destination.getAddress(), false))
                .ptp(clocks.ptp(false, true))
                .chrony(clocks.chrony(false, true))
                .phc2sys(clocks.phc2sys(false, true))
                .key(key)
                .options(OptionsInForce.given(spec))
                .plan(planWatch);
        explain.applyTo(m);
        output.live(m, root.out);
        root.out.println("tsnlat send: " + Main.describeSchedule(probe, probes, key != null) + " to "
                + Measurement.hostPort(destination));
        return MeasurementRunner.execute(m, "tsnlat send", root.out, root.err);
    }
}
