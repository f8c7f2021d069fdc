package org.tsnlat.cli;

import org.tsnlat.exit.Exit;
import org.tsnlat.exit.UsageException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.concurrent.Callable;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.Scheduling;
import java.util.List;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabSpec;
import org.tsnlat.lab.LabState;
import org.tsnlat.lab.Role;
import org.tsnlat.load.LoadSpec;
import org.tsnlat.run.LoadPlan;
import org.tsnlat.run.Measurement;
import org.tsnlat.run.Placement;
import org.tsnlat.run.PtpSources;
import org.tsnlat.run.ReceiverConfig;
import org.tsnlat.run.SenderConfig;
import org.tsnlat.run.ThreadTuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The main job: a sender and a receiver on this machine, then the summary.",
                "Sends one probe per period over loopback (127.0.0.1, or ::1 with --ipv6) for --duration, "
                        + "records every packet on both sides, and prints the summary and the run directory. "
                        + "No root needed; as root it also uses SCHED_FIFO, mlockall and /dev/cpu_dma_latency "
                        + "and says which were in force."},
        usageHelpAutoWidth = true)
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-d", "--duration"}, paramLabel = "SPAN", defaultValue = "10s", converter = Durations.Positive.class,
            description = "How long to send probes (default: ${DEFAULT-VALUE}).")
    long durationNs;

    @Option(names = {"-n", "--count"}, paramLabel = "N", converter = Ranges.Count.class, description = "Send N probes instead of for --duration.")
    Long count;

    @Option(names = "--ipv6", description = "Use ::1 instead of 127.0.0.1.")
    boolean ipv6;

    @Option(names = "--bidir", description = {"Both directions at once: a second, full probe stream goes the "
            + "other way (in a lab from the listener to the talker), with its own session, record files, clock "
            + "evidence and trust verdicts, in the run directory's reverse/ sub-directory. The summary and the "
            + "reports give each direction; the exit code is the worse of the two. The shaping and --load stay "
            + "on the talker's egress: the reverse stream crosses the path without them.",
            "Not with an injected clock fault (tests): a fault of the sending end's clock, which in the reverse "
                    + "stream receives."})
    boolean bidir;

    @Option(names = "--tx-cpu", paramLabel = "CPUS", description = {"Pin the sending thread (with --bidir: both "
            + "sending threads) to these CPUs.",
            "Default, when the threads are real-time (FIFO or RR), none of --cpu, --tx-cpu and --rx-cpu is "
                    + "given and this process may run on two or more CPUs: the sender on the last of them, the "
                    + "receiver on the one before, so that the two never wait for each other. With --bidir likewise, "
                    + "both senders on the last CPU and both receivers on the one before; the reverse stream's "
                    + "schedule is half a period after the forward one's, so that the two streams' wake-ups and "
                    + "arrivals do not meet. Unpinned otherwise (SCHED_OTHER: the kernel places the four threads)."})
    String txCpus;

    @Option(names = "--rx-cpu", paramLabel = "CPUS", description = "Pin the receiving thread (with --bidir: both "
            + "receiving threads) to these CPUs.")
    String rxCpus;

    @Mixin LabRunOptions lab;
    @Mixin ProbeOptions probe;
    @Mixin TransportOptions transport;
    @Mixin KeyOptions keyOptions;
    @Mixin TwoWayOptions twoWay;
    @Mixin TxTimeOptions txtime;
    @Mixin TaprioOptions taprio;
    @Mixin TuningOptions tuning;
    @Mixin PlanOptions plan;
    @Mixin ClockSourceOptions clocks;
    @Mixin TrustOptions trust;
    @Mixin ExplainOptions explain;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;
    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        OptionRules.exclusive(spec.commandLine().getParseResult(), "--duration", "--count");
        OptionRules.exclusive(spec.commandLine().getParseResult(), "--bidir", "--inject-clock-fault");
        explain.check(); // before a lab is built: a VM's takes a minute
        output.metrics.check(); // likewise
        if (lab.topology != null && lab.topology.hasGuest()) {
            // what the guest's end does not do yet, refused before anything is read or built
            if (bidir && lab.direction != null) {
                throw new UsageException("--bidir measures both directions: give it without --direction");
            }
            boolean fromGuest = lab.direction == GuestDirection.GUEST_TO_HOST;
            if (explain.explain && !fromGuest) {
                throw new UsageException("--explain with --topology vm traces this machine's kernel, where only the "
                        + "receiver of --direction guest-to-host is (the guest's receiver is not traced)");
            }
            if (lab.loadSinkCpus != null) {
                throw new UsageException("--load-sink-cpu pins a thread of this machine; with --topology vm the load's "
                        + "sink runs in the guest");
            }
            if (fromGuest && transport.layer2()) {
                throw new UsageException("--transport l2 with --direction guest-to-host is not built yet: frames go from "
                        + "the talker into the guest (the default direction)");
            }
            if (fromGuest && lab.shape != null) {
                throw new UsageException("--shape shapes the talker's egress, which the probes of --direction "
                        + "guest-to-host never cross");
            }
            for (String notYet : List.of("--inject-clock-fault", "--ptp-socket", "--taprio-align")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(notYet)) {
                    throw new UsageException(notYet + " with --topology vm is not built yet: the VM lab measures host "
                            + "to guest without it (docs/lab.md, \"The VM topology\")");
                }
            }
        }
        org.tsnlat.run.PlanWatch planWatch = plan.watch();
        PtpSources ownPtp = clocks.ptp(true, true);
        long probes = count != null ? count : Math.max(1, durationNs / probe.periodNs);
        org.tsnlat.wire.ProbeKey key = keyOptions.key();
        int sizeBytes = probe.sizeBytes(key != null);
        LabSpec labSpec = lab.labSpec("run-" + ProcessHandle.current().pid());
        LoadSpec loadSpec = lab.loadSpec();
        ThreadTuning base = tuning.tuning();
        boolean realTime = base.wantedPolicy() != Scheduling.Policy.OTHER;
        if (realTime && tuning.cpus == null && txCpus == null && rxCpus == null) {
            BitSet allowed = Scheduling.getAffinity();
            if (allowed.cardinality() >= 2) {
                int last = allowed.length() - 1;
                txCpus = Integer.toString(last);
                rxCpus = Integer.toString(allowed.previousSetBit(last - 1));
            }
        }
        if (labSpec != null && !Lab.isRoot()) {
            throw new UsageException("--topology needs root (it makes network namespaces)");
        }
        transport.check();
        if (transport.layer2() && ipv6) {
            throw new UsageException("--ipv6 and --transport l2: frames carry no IP address");
        }
        if (transport.layer2() && bidir) {
            throw new UsageException("--transport l2 with --bidir is not built yet: measure each direction on its own");
        }
        if (labSpec != null && labSpec.topology().hasGuest()) {
            return lab.direction == GuestDirection.GUEST_TO_HOST ? fromGuest(labSpec, probes, base, planWatch)
                    : intoGuest(labSpec, probes, sizeBytes, key, base, planWatch, loadSpec);
        }
        LabGuard guard = labSpec != null ? new LabGuard(labSpec.name(), "tsnlat run", root.err) : null;
        LabState state = null;
        try {
            state = labSpec != null ? Lab.up(labSpec) : null;
            InetAddress rxAddress = state == null ? InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1")
                    : ipv6 ? state.ipv6(Role.LISTENER) : state.ipv4(Role.LISTENER);
            int port = state == null ? 0 : HostPort.DEFAULT_PORT;
            long listenNs = Math.multiplyHigh(probes, probe.periodNs) != 0 ? Long.MAX_VALUE
                    : probes * probe.periodNs + SenderConfig.LEAD_NS + 5_000_000_000L;
            // no silence rule: the sender is here, and the run stops its receiver once the sender is done
            var rx = new ReceiverConfig(new InetSocketAddress(rxAddress, port), Long.MAX_VALUE, listenNs, probe.clock, 0,
                    pinned(base, rxCpus), null, true, Long.MAX_VALUE);
            int soPriority = transport.soPriority(state != null ? state.probeSoPriority() : -1);
            String probeInterface = state != null ? state.interfaceName() : "lo";
            org.tsnlat.run.Layer2 l2 = transport.layer2(probeInterface, probeInterface, null);
            String probeClass = state == null ? null : probeClass(state, soPriority, l2);
            var tx = new SenderConfig(new InetSocketAddress(rxAddress, port), probe.periodNs, probes, sizeBytes,
                    probe.clock, SenderConfig.ALIGNED, soPriority, pinned(base, txCpus), null);
            tx = txtime.applyTo(twoWay.applyTo(tx));
            String egress = state == null ? "lo" : state.interfaceName();
            tx = taprio.applyTo(tx, () -> egress, state == null ? null : state.namespace(Role.TALKER), root.out);
            var m = new Measurement("run", tx, rx, output.warmupNs, output.runsDir, root.commandLine(), null)
                    .trust(trust.thresholds()).key(key).options(OptionsInForce.given(spec)).plan(planWatch).layer2(l2);
            explain.applyTo(m);
            output.live(m, root.out);
            if (state != null && state.ptp()) {
                m.ptp(new PtpSources(state.ptpSocket(Role.LISTENER), state.ptpSocket(Role.TALKER), 0, 0));
            } else if (clocks.ptpSocket != null) {
                m.ptp(ownPtp);
            }
            m.chrony(clocks.chrony(true, true)); // one host, one chronyd
            m.phc2sys(clocks.phc2sys(true, true)); // and one phc2sys
            if (state != null) {
                m.placement(new Placement(state.namespace(Role.LISTENER), state.namespace(Role.TALKER),
                        List.of(state.interfaceName()), List.of(state.interfaceName()), LabJson.describe(state, probeClass)));
            }
            if (bidir) {
                m.reverse(reverse(state, tx, rx, base, key));
            }
            if (loadSpec != null) {
                var sink = new InetSocketAddress(rxAddress, state == null ? freeLoopbackPort(rxAddress) : HostPort.DEFAULT_PORT + 1);
                m.load(new LoadPlan(loadSpec, sink, sink));
            }
            root.out.println("tsnlat run: " + Main.describeSchedule(probe, probes, key != null) + " over "
                    + (l2 != null ? framesText(l2).substring(" in ".length()) + " on " + probeInterface
                            + (state == null ? "" : " of ") : "")
                    + (state == null ? (l2 != null ? "" : org.tsnlat.text.Addresses.text(rxAddress))
                            : "lab " + state.name() + " (" + LabJson.summary(state, probeClass) + ")")
                    + ", " + probe.clock.name());
            LabState up = state;
            state = null;
            if (guard != null) guard.close(); // the measurement's own stop takes the lab down from here
            return MeasurementRunner.execute(m, "tsnlat run", root.out, root.err, () -> {
                if (up != null) Lab.down(up.name());
            });
        } finally {
            if (guard != null) guard.close();
            if (state != null) Lab.down(state.name());
        }
    }

    /** The lab's htb class the probes take (by their SO_PRIORITY, or their tag's PCP); null without htb. */
    private static String probeClass(LabState state, int soPriority, org.tsnlat.run.Layer2 l2) {
        return state.probeClass(soPriority, l2 != null && l2.tagged() ? l2.pcp() : LabState.UNTAGGED);
    }

    /** " in Ethernet frames (EtherType ..., VLAN ..., PCP ...)", or nothing over UDP. */
    private static String framesText(org.tsnlat.run.Layer2 l2) {
        return l2 == null ? "" : " in Ethernet frames (EtherType " + String.format("0x%04X", l2.etherType())
                + (l2.tagged() ? ", VLAN " + l2.vlan() + ", PCP " + l2.pcp() : "") + ")";
    }

    /** Options of run that the guest's recv takes as they were given: what it judges and how it reads probes. */
    private static final List<String> FOR_THE_GUEST = List.of("--clock", "--key-file", "--warmup", "--ether-type", "--trust-interval",
            "--max-ptp-offset", "--max-twoway-offset", "--max-min-step", "--max-min-drift");

    /**
     * {@code run --topology vm}: the VM lab built for the run; {@code tsnlat recv} in its guest
     * (its end of the run, over the guest's control port), the sender here in the talker's
     * namespace once the guest listens; the guest's run directory copied into this one as
     * {@code guest/}; the exit code the worse of the two ends'; the lab removed on every path.
     */
    private int intoGuest(LabSpec labSpec, long probes, int sizeBytes, org.tsnlat.wire.ProbeKey key, ThreadTuning base,
                          org.tsnlat.run.PlanWatch planWatch, LoadSpec loadSpec) throws Exception {
        var given = spec.commandLine().getParseResult();
        if (!Lab.isRoot()) {
            throw new UsageException("--topology needs root (it makes network namespaces and starts QEMU)");
        }
        java.nio.file.Path launcher = GuestEnd.launcher().orElse(null);
        LabGuard guard = new LabGuard(labSpec.name(), "tsnlat run", root.err);
        LabState state = null;
        try {
            state = Lab.up(labSpec, line -> root.err.println("tsnlat run: " + line));
            InetAddress rxAddress = ipv6 ? state.ipv6(Role.LISTENER) : state.ipv4(Role.LISTENER);
            var destination = new InetSocketAddress(rxAddress, HostPort.DEFAULT_PORT);
            // over layer 2: frames to the guest NIC's MAC, taken on its interface
            org.tsnlat.run.Layer2 l2 = transport.layer2(null, state.interfaceName(),
                    org.tsnlat.wire.EthernetFraming.parseMac(state.guest().nicMac(), "the guest's MAC"));
            List<String> recv = new java.util.ArrayList<>(l2 == null ? List.of("--bind", Measurement.hostPort(destination))
                    : List.of("--transport", "l2", "--interface", LabState.GuestState.NIC));
            // a bound, should the sender's end of session never come: the whole schedule and two minutes
            recv.addAll(List.of("--duration", (Math.multiplyHigh(probes, probe.periodNs) != 0 ? Long.MAX_VALUE / 2
                    : probes * probe.periodNs + 120_000_000_000L) + "ns"));
            recv.addAll(asGiven(given, FOR_THE_GUEST));
            if (l2 != null) recv.addAll(asGiven(given, List.of("--vlan", "--pcp"))); // its reflections tagged as the probes
            if (given.hasMatchedOption("--rx-cpu")) recv.addAll(List.of("--cpu", rxCpus)); // the guest's CPUs, as given
            if (state.ptp()) recv.addAll(List.of("--ptp-socket", state.ptpSocket(Role.LISTENER).toString())); // the guest's ptp4l
            sayStarting("tsnlat recv", state);
            GuestEnd guest = GuestEnd.start(state, launcher, "recv", recv);
            long t0 = System.nanoTime();
            guest.awaitListening(GuestEnd.LISTEN_TIMEOUT_MS);
            root.err.println("tsnlat run: the guest's recv listens (after " + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            GuestEnd sink = null;
            InetSocketAddress sinkAt = new InetSocketAddress(rxAddress, HostPort.DEFAULT_PORT + 1);
            if (loadSpec != null) { // the load's sink in the guest, the generator here in the talker's namespace
                sink = GuestEnd.start(state, launcher, "load", List.of("--sink", "--bind", Measurement.hostPort(sinkAt),
                        "--duration", recv.get(recv.indexOf("--duration") + 1)));
                sink.awaitListening(GuestEnd.LISTEN_TIMEOUT_MS);
                root.err.println("tsnlat run: the guest's load sink listens on " + Measurement.hostPort(sinkAt));
            }
            int soPriority = transport.soPriority(state.probeSoPriority());
            String probeClass = probeClass(state, soPriority, l2);
            var tx = new SenderConfig(destination, probe.periodNs, probes, sizeBytes, probe.clock, SenderConfig.ALIGNED,
                    soPriority, pinned(base, txCpus), null);
            tx = txtime.applyTo(twoWay.applyTo(tx));
            var m = new Measurement("send", tx, null, output.warmupNs, output.runsDir, root.commandLine(), null)
                    .trust(trust.thresholds()).key(key).options(OptionsInForce.given(spec)).plan(planWatch).layer2(l2)
                    .placement(new Placement(null, state.namespace(Role.TALKER), List.of(),
                            List.of(state.interfaceName()), LabJson.describe(state, probeClass)))
                    .chrony(clocks.chrony(false, true))
                    .phc2sys(clocks.phc2sys(false, true));
            if (state.ptp()) {
                m.ptp(new PtpSources(null, state.ptpSocket(Role.TALKER), 0, 0)); // forwarded to the guest's recv
            }
            if (loadSpec != null) m.load(new LoadPlan(loadSpec, sinkAt, null));
            explain.applyTo(m); // the host's end: the sender's CPUs and the talker's path, in this machine's kernel
            // --bidir: the guest's send to a receiver here, the reverse stream (reverse/ of this run directory)
            FromGuest back = bidir ? fromGuestStream(state, launcher, probes, base) : null;
            if (back != null) m.reverse(back.receiver());
            output.live(m, root.out);
            root.out.println("tsnlat run: " + Main.describeSchedule(probe, probes, key != null) + framesText(l2)
                    + " from the talker into lab " + state.name() + "'s guest (" + LabJson.summary(state, probeClass) + "), "
                    + probe.clock.name());
            LabState up = state;
            state = null;
            guard.close(); // the measurement's own stop takes the lab down from here
            // the guest's end waits for the guest's recv to write its reports: longer for a longer run
            long endWaitMs = 60_000 + Math.min(600_000, scheduleNs(probes) / 10_000_000);
            GuestEnd guestSink = sink;
            return MeasurementRunner.execute(m, "tsnlat run", root.out, root.err, (result, exit) -> {
                GuestEnd guestSender = back != null ? back.sender()[0] : null;
                EndWait wait = EndWait.of(m.wasInterrupted(), endWaitMs, guestSink, guest, guestSender);
                if (guestSink != null) loadSinkEnd(guestSink, wait);
                int worst = guestEnd(guest, result, exit, wait, result.dir().path().resolve(GuestEnd.SUBDIRECTORY));
                if (guestSender != null) {
                    worst = guestEnd(guestSender, result, worst, wait,
                            result.dir().path().resolve(org.tsnlat.rundir.RunDirectory.REVERSE).resolve(GuestEnd.SUBDIRECTORY));
                }
                return worst;
            }, () -> Lab.down(up.name()), MeasurementRunner.SIGNAL_GRACE_OTHER_END_S);
        } finally {
            guard.close();
            if (state != null) Lab.down(state.name());
        }
    }

    /** Options of run that the guest's send takes as they were given: the probes, and how it sends them. */
    private static final List<String> FOR_THE_GUESTS_SENDER = List.of("--period", "--size", "--clock", "--key-file",
            "--reflect-every", "--warmup", "--txtime", "--txtime-deadline");
    /**
     * Without a probe for this long, the receiver of a guest's stream stops (its end of session
     * lost): longer than recv's default, since under emulation the guest's sender is at times
     * starved for seconds.
     */
    private static final long GUEST_SENDER_SILENCE_NS = 15_000_000_000L;
    /** After the guest's send ended, how long its end of session may take to arrive. */
    private static final long GUEST_SENDER_END_GRACE_MS = 10_000;

    /**
     * {@code run --topology vm --direction guest-to-host}: the VM lab built for the run; a receiver
     * here in the talker's namespace; once it listens, {@code tsnlat send} in the guest (over its
     * control port) sends to it; the guest's run directory copied into this one as {@code guest/};
     * the exit code the worse of the two ends'; the lab removed on every path. When the guest's
     * send ends and its end of session has not come within {@value #GUEST_SENDER_END_GRACE_MS} ms
     * (its JVM crashed, say), the receiver stops, failed, saying why.
     */
    private int fromGuest(LabSpec labSpec, long probes, ThreadTuning base, org.tsnlat.run.PlanWatch planWatch)
            throws Exception {
        java.nio.file.Path launcher = GuestEnd.launcher().orElse(null);
        LabGuard guard = new LabGuard(labSpec.name(), "tsnlat run", root.err);
        LabState state = null;
        try {
            state = Lab.up(labSpec, line -> root.err.println("tsnlat run: " + line));
            FromGuest stream = fromGuestStream(state, launcher, probes, base);
            Measurement m = stream.receiver().options(OptionsInForce.given(spec)).plan(planWatch);
            explain.applyTo(m); // the host's end: the receiver here, QEMU's threads and the talker's path in this kernel
            GuestEnd[] guest = stream.sender();
            LabState up = state;
            output.live(m, root.out);
            root.out.println("tsnlat run: " + Main.describeSchedule(probe, probes, keyOptions.key() != null) + " from lab "
                    + state.name() + "'s guest (" + LabJson.summary(state) + ") to the talker, " + probe.clock.name());
            state = null;
            guard.close(); // the measurement's own stop takes the lab down from here
            // the receiver here has ended: the guest's send has sent its end of session (or stopped at
            // --breaktrace here, or lost it) and has only its reports left to write
            return MeasurementRunner.execute(m, "tsnlat run", root.out, root.err,
                    (result, exit) -> guest[0] == null ? exit : guestEnd(guest[0], result, exit,
                            EndWait.of(m.wasInterrupted(), GUEST_SENDER_REPORTS_MS, guest[0]), result.dir().path().resolve(GuestEnd.SUBDIRECTORY)),
                    () -> Lab.down(up.name()), MeasurementRunner.SIGNAL_GRACE_OTHER_END_S);
        } finally {
            guard.close();
            if (state != null) Lab.down(state.name());
        }
    }

    /** "starting tsnlat recv in the guest...", with a word on its minute of JIT warm-up under emulation. */
    private void sayStarting(String what, LabState state) {
        root.err.println("tsnlat run: starting " + what + " in the guest"
                + ("tcg".equals(Lab.guestProcess(state).accel()) ? " (under emulation its JIT warm-up takes a minute or two)..." : "..."));
    }

    /** {@code probes} periods, or a quarter of forever when that overflows. */
    private long scheduleNs(long probes) {
        return Math.multiplyHigh(probes, probe.periodNs) != 0 ? Long.MAX_VALUE / 4 : probes * probe.periodNs;
    }

    /** The guest's send and its receiver here: the receiver's measurement, and the guest's end once started (its ready hook). */
    private record FromGuest(Measurement receiver, GuestEnd[] sender) {
    }

    /**
     * A receiver here in the talker's namespace (at its address, port 7788) for {@code tsnlat send}
     * in the guest, which its ready hook starts and a watcher follows: {@code run --direction
     * guest-to-host}'s measurement, or {@code --bidir}'s reverse stream.
     */
    private FromGuest fromGuestStream(LabState state, java.nio.file.Path launcher, long probes, ThreadTuning base) {
        var given = spec.commandLine().getParseResult();
        InetAddress talker = ipv6 ? state.ipv6(Role.TALKER) : state.ipv4(Role.TALKER);
        var bind = new InetSocketAddress(talker, HostPort.DEFAULT_PORT);
        // the guest's send starts its JVM before its first probe (a minute under emulation): waited for
        var rx = new ReceiverConfig(bind, Long.MAX_VALUE, GuestEnd.LISTEN_TIMEOUT_MS * 1_000_000 + scheduleNs(probes)
                + 120_000_000_000L, probe.clock, 0, pinned(base, rxCpus), null, true, GUEST_SENDER_SILENCE_NS);
        var m = new Measurement("recv", null, rx, output.warmupNs, output.runsDir, root.commandLine(), null)
                .trust(trust.thresholds()).key(keyOptions.key())
                .placement(new Placement(state.namespace(Role.TALKER), null, List.of(state.interfaceName()),
                        List.of(), LabJson.describe(state)))
                .chrony(clocks.chrony(true, false))
                .phc2sys(clocks.phc2sys(true, false));
        if (state.ptp()) {
            m.ptp(new PtpSources(state.ptpSocket(Role.TALKER), null, 0, 0)); // the master, here; the guest's forwarded
        }
        List<String> send = new java.util.ArrayList<>(List.of(Measurement.hostPort(bind), "--count", Long.toString(probes)));
        send.addAll(asGiven(given, FOR_THE_GUESTS_SENDER));
        if (given.hasMatchedOption("--tx-cpu")) send.addAll(List.of("--cpu", txCpus)); // the guest's CPUs, as given
        if (state.ptp()) send.addAll(List.of("--ptp-socket", state.ptpSocket(Role.LISTENER).toString())); // the guest's ptp4l
        GuestEnd[] guest = new GuestEnd[1];
        m.onReady(() -> {
            sayStarting("tsnlat send", state);
            guest[0] = GuestEnd.start(state, launcher, "send", send);
            watchGuestSender(guest[0], m);
        });
        return new FromGuest(m, guest);
    }

    /**
     * Watches the guest's send beside the receiver here: once it has ended with a failure (its JVM
     * crashed, it could not send) and the receiver has not finished within
     * {@value #GUEST_SENDER_END_GRACE_MS} ms, the receiver stops, failed, naming the guest's exit
     * status; a receiver that got no probe would otherwise wait out its bound of minutes. A guest's
     * send that ended well but whose end of session was lost is the silence rule's: exit 7, as
     * anywhere. A daemon thread; it ends with the run.
     */
    private static void watchGuestSender(GuestEnd guest, Measurement m) {
        Thread.ofPlatform().daemon().name("tsnlat-guest-watch").start(() -> {
            try {
                java.util.Optional<Integer> status;
                while ((status = guest.status()).isEmpty()) {
                    if (m.awaitFinished(500)) return;
                }
                int exit = status.get();
                if (exit == 0 || exit == Exit.UNTRUSTED.code() || exit == Exit.END_NOT_SEEN.code()) return;
                if (!m.awaitFinished(GUEST_SENDER_END_GRACE_MS)) {
                    String how = exit > 128 && Exit.of(exit) == Exit.FAILED ? "ended by signal " + (exit - 128)
                            + (exit == 134 ? ", SIGABRT: a JVM crash, its report guest-hs_err.log" : "")
                            : "ended with exit " + exit + " (" + Exit.of(exit).meaning() + ")";
                    m.otherEndFailed("tsnlat send in the guest " + how + ", and the run's end did not come within "
                            + GUEST_SENDER_END_GRACE_MS / 1000 + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Stops the guest's load sink (SIGTERM: it prints what it counted) and says what it counted. */
    private void loadSinkEnd(GuestEnd sink, EndWait wait) {
        try {
            if (!wait.stopped()) {
                sink.stop();
                sink.awaitStatus(GUEST_STOP_WAIT_MS);
            } else {
                wait.await(sink, root.err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String counted = sink.output().lines().filter(l -> l.startsWith("load sink: received")).findFirst()
                .orElse("load sink: said nothing of what it received (" + sink.output().strip().lines().reduce((a, b) -> b).orElse("no output") + ")");
        root.out.println("the guest's " + counted);
    }

    /** Those of {@code names} given to this run, with their values, for the guest's end (a key file's path made absolute). */
    private static List<String> asGiven(picocli.CommandLine.ParseResult given, List<String> names) {
        List<String> args = new java.util.ArrayList<>();
        for (String name : names) {
            var o = given.matchedOption(name);
            if (o != null && o.arity().max() == 0) {
                args.add(name); // a flag (--txtime-deadline)
            } else if (o != null) {
                String value = o.stringValues().getLast();
                args.addAll(List.of(name, name.equals("--key-file") ? java.nio.file.Path.of(value).toAbsolutePath().toString() : value));
            }
        }
        return args;
    }

    /** The run's exit code: the worse of this end's {@code exit} and {@code other}. */
    private static int worse(int exit, Exit other) {
        return Exit.worst(Exit.of(exit), other).code();
    }

    /** A stopped run's wait for all the guest's ends to write their summaries, within the signal's grace (MeasurementRunner). */
    private static final long GUEST_STOP_WAIT_MS = 25_000;
    /** After the receiver here ended, how long the guest's send may take to write its reports before it is stopped. */
    private static final long GUEST_SENDER_REPORTS_MS = 60_000;

    /**
     * How long the guest's ends are waited for. A run that ended by itself waits for each as long
     * as its length says (then stops it, and waits as long again). A stopped one (Ctrl-C, SIGTERM)
     * has stopped every end at once already and waits for them all until one deadline, so that
     * the lab is taken down within the signal's grace ({@link MeasurementRunner#SIGNAL_GRACE_OTHER_END_S}).
     */
    private record EndWait(boolean stopped, long waitMs, long deadlineNanos) {
        /** For a run that {@code stopped} or not; a stopped one's {@code ends} (nulls skipped) are stopped here, all at once. */
        static EndWait of(boolean stopped, long waitMs, GuestEnd... ends) {
            if (stopped) {
                for (GuestEnd e : ends) {
                    if (e != null) e.stop();
                }
            }
            return new EndWait(stopped, waitMs, System.nanoTime() + GUEST_STOP_WAIT_MS * 1_000_000);
        }

        java.util.Optional<Integer> await(GuestEnd guest, java.io.PrintStream err) throws InterruptedException {
            if (!stopped) return guest.awaitEnd(waitMs, err);
            return guest.awaitStatus(Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000));
        }
    }

    /**
     * After this end's summary: waits for the guest's end to end, prints its summary, copies its
     * run directory to {@code target}; the worse of the two exit codes.
     */
    private int guestEnd(GuestEnd guest, Measurement.Result result, int exit, EndWait wait, java.nio.file.Path target) {
        try {
            java.util.Optional<Integer> status = wait.await(guest, root.err);
            root.out.println();
            root.out.println("the guest's end (" + guest.name() + " in the VM):");
            String text = guest.output();
            for (String line : text.split("\n")) {
                if (!line.startsWith(GuestEnd.RUN_DIRECTORY) && !line.startsWith(GuestEnd.LISTENING)
                        && !line.startsWith(GuestEnd.TOOL_OPTIONS)) {
                    root.out.println("  " + line);
                }
            }
            guest.crashReport(target.getParent()).ifPresent(p -> root.err.println("tsnlat run: the guest's JVM crashed; its report: " + p));
            var dir = guest.runDirectory();
            if (dir.isEmpty()) {
                root.err.println("tsnlat run: the guest's " + guest.name() + " left no run directory");
                return worse(exit, Exit.FAILED);
            }
            GuestEnd.copy(dir.get(), target);
            root.out.println("the guest's run directory: " + target);
            if (status.isEmpty()) {
                root.err.println("tsnlat run: the guest's " + guest.name() + " did not end; its run directory holds what it wrote");
                return worse(exit, Exit.END_NOT_SEEN);
            }
            return worse(exit, Exit.of(status.get()));
        } catch (java.io.IOException e) {
            root.err.println("tsnlat run: could not copy the guest's run directory: " + e.getMessage());
            return worse(exit, Exit.RUN_DIRECTORY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            guest.stop();
            return exit;
        }
    }

    /**
     * The stream the other way: the receiving end sends (in a lab from the listener's namespace) to a
     * receiver at the sending end (the talker's), half a period after the forward schedule.
     */
    private Measurement reverse(LabState state, SenderConfig forwardTx, ReceiverConfig forwardRx, ThreadTuning base,
                                org.tsnlat.wire.ProbeKey key) throws java.net.UnknownHostException {
        InetAddress talker = state == null ? forwardRx.bind().getAddress()
                : ipv6 ? state.ipv6(Role.TALKER) : state.ipv4(Role.TALKER);
        int port = state == null ? 0 : HostPort.DEFAULT_PORT;
        var rx = new ReceiverConfig(new InetSocketAddress(talker, port), forwardRx.count(), forwardRx.durationNs(),
                probe.clock, 0, pinned(base, rxCpus), null, true, Long.MAX_VALUE);
        var tx = new SenderConfig(new InetSocketAddress(talker, port), probe.periodNs, forwardTx.count(),
                forwardTx.sizeBytes(), probe.clock, probe.periodNs / 2, forwardTx.soPriority(), pinned(base, txCpus), null);
        tx = txtime.applyTo(twoWay.applyTo(tx));
        var m = new Measurement("run", tx, rx, output.warmupNs, output.runsDir, root.commandLine(), null)
                .trust(trust.thresholds()).key(key);
        if (state != null && state.ptp()) {
            m.ptp(new PtpSources(state.ptpSocket(Role.TALKER), state.ptpSocket(Role.LISTENER), 0, 0));
        } else if (clocks.ptpSocket != null) {
            m.ptp(clocks.ptp(true, true));
        }
        m.chrony(clocks.chrony(true, true));
        if (state != null) {
            m.placement(new Placement(state.namespace(Role.TALKER), state.namespace(Role.LISTENER),
                    List.of(state.interfaceName()), List.of(state.interfaceName()), LabJson.describe(state)));
        }
        return m;
    }

    private static int freeLoopbackPort(InetAddress on) throws java.io.IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, on)) {
            return s.getLocalPort();
        }
    }

    private static ThreadTuning pinned(ThreadTuning base, String cpus) {
        if (cpus == null) return base;
        BitSet set = Cpus.parseList(cpus);
        return base.pinnedTo(set);
    }
}
