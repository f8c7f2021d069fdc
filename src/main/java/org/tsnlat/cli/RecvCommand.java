package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import org.tsnlat.run.Measurement;
import org.tsnlat.run.ReceiverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "recv", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Receive probes from 'tsnlat send', measure one-way latency and inter-arrival delta, "
                + "record every packet.",
                "Takes the best RX timestamp available (NIC hardware, else kernel software, else application) "
                        + "and says which. Stops at the sender's end of session, --count, --duration, a silence "
                        + "(--silence) or Ctrl-C, and always writes the summary and a complete run directory.",
                "Ready only when it says so: the line 'tsnlat recv: listening on HOST:PORT ...' comes once the "
                        + "socket is bound and the receive loop runs (under a second with the start-up cache; the JIT "
                        + "warm-up goes on beside the first seconds, which --warmup keeps out of the figures), and "
                        + "the run directory's 'ready' file appears at the same moment. Start the sender after it, "
                        + "e.g. tsnlat recv | tee rx.log & until grep -q listening rx.log; do sleep 0.1; done"},
        usageHelpAutoWidth = true)
final class RecvCommand implements Callable<Integer> {

    @Option(names = {"-b", "--bind"}, paramLabel = "HOST[:PORT]", defaultValue = "0.0.0.0:" + HostPort.DEFAULT_PORT,
            converter = HostPort.class, description = "Address to listen on (default: ${DEFAULT-VALUE}; [::]:PORT for IPv6).")
    InetSocketAddress bind;

    @Option(names = {"-n", "--count"}, paramLabel = "N", converter = Ranges.Count.class, description = "Stop after N probes.")
    Long count;

    @Option(names = {"-d", "--duration"}, paramLabel = "SPAN", converter = Durations.Positive.class,
            description = "Stop after this long (e.g. 10m). Default: at the sender's end of session or Ctrl-C.")
    Long durationNs;

    @Option(names = "--silence", paramLabel = "SPAN", converter = Durations.Span.class,
            description = {"Once probes have come, stop after this long without one, when the sender's end of session "
                    + "was lost (exit 7: the end was not seen). Default: the longer of 3s and 100 of the sender's "
                    + "periods (learnt from its probes; 1m while only one probe has come); 0 waits for the end, "
                    + "--count, --duration or Ctrl-C."})
    Long silenceNs;

    @Option(names = "--clock", paramLabel = "CLOCK", defaultValue = "TAI", converter = ClockConverter.class,
            completionCandidates = Candidates.Clocks.class,
            description = "Clock of the application timestamps, the same as the sender's: TAI or REALTIME "
                    + "(default: ${DEFAULT-VALUE}; see 'tsnlat send --help').")
    org.tsnlat.linux.ClockId clock;

    @Option(names = "--session", paramLabel = "HEX",
            description = {"Accept only this session id; its first probe locks the sender's address.",
                    "Default: the first session two probes in a row come from (the same address and port, "
                            + "numbers at most 64 apart); one stray datagram never decides it."})
    String session;

    @Option(names = "--any-source",
            description = {"Believe the locked session's probes from any address and port (a sender behind NAT, or "
                    + "multi-homed). By default, once locked, probes from elsewhere are counted as other-source and "
                    + "not measured."})
    boolean anySource;

    @Option(names = "--max-latency", paramLabel = "SPAN", converter = Durations.Positive.class,
            description = {"A probe whose app RX minus app TX is further from 0 than this is implausible: counted "
                    + "(implausible-latency), never measured (default: 1h). Raise it for clocks that are known to "
                    + "be hours apart."})
    Long maxLatencyNs;

    @Option(names = "--interface", paramLabel = "IFNAME",
            description = "Use this NIC's hardware RX timestamps when it offers them; with --transport l2, the "
                    + "interface the frames come in by (required).")
    String interfaceName;

    @Option(names = "--no-reflect",
            description = {"Refuse to send probes back to the sender (they are counted instead).",
                    "By default the receiver reflects every probe that asks (see --reflect-every of send), so the "
                            + "sender can cross-check the two clocks on the measured path, NTP-style, and catch a "
                            + "clock sync that ptp4l believes in but that does not hold."})
    boolean noReflect;

    @Mixin TransportOptions transport;
    @Mixin KeyOptions keyOptions;
    @Mixin TuningOptions tuning;
    @Mixin PlanOptions plan;
    @Mixin ClockSourceOptions clocks;
    @Mixin TrustOptions trust;
    @Mixin ExplainOptions explain;
    @Mixin OutputOptions output;
    @ParentCommand TsnlatCommand root;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        org.tsnlat.run.PlanWatch planWatch = plan.watch();
        long sessionId = 0;
        if (session != null) {
            try {
                sessionId = Long.parseUnsignedLong(session, 16);
            } catch (NumberFormatException e) {
                throw new UsageException("--session '" + session + "' is not a hexadecimal session id");
            }
        }
        transport.check();
        if (transport.layer2() && interfaceName == null) {
            throw new UsageException("--transport l2 needs --interface: the interface the frames come in by");
        }
        if (transport.layer2() && spec.commandLine().getParseResult().hasMatchedOption("--bind")) {
            throw new UsageException("--bind and --transport l2: frames are taken on --interface, no address is bound");
        }
        if (!transport.layer2() && transport.pcpGiven()) {
            throw new UsageException("--pcp on recv tags its reflections over --transport l2 only");
        }
        var l2 = transport.layer2(interfaceName, null, null);
        var config = new ReceiverConfig(bind, count != null ? count : Long.MAX_VALUE,
                durationNs != null ? durationNs : Long.MAX_VALUE, clock, sessionId, tuning.tuning(), interfaceName,
                !noReflect, silenceNs == null ? ReceiverConfig.AUTO_SILENCE : silenceNs == 0 ? Long.MAX_VALUE : silenceNs,
                anySource, maxLatencyNs != null ? maxLatencyNs : ReceiverConfig.DEFAULT_MAX_LATENCY_NS);
        var m = new Measurement("recv", null, config, output.warmupNs, output.runsDir, root.commandLine(), null)
                .placement(l2 != null ? org.tsnlat.run.Placement.here(java.util.List.of(interfaceName), java.util.List.of())
                        : Main.placementFor(bind.getAddress(), true))
                .layer2(l2)
                .ptp(clocks.ptp(true, false))
                .chrony(clocks.chrony(true, false))
                .phc2sys(clocks.phc2sys(true, false))
                .trust(trust.thresholds())
                .key(keyOptions.key())
                .options(OptionsInForce.given(spec))
                .plan(planWatch);
        explain.applyTo(m);
        output.live(m, root.out);
        return MeasurementRunner.execute(m, MeasurementRunner.RECV, root.out, root.err);
    }
}
