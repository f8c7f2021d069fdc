package org.tsnlat.cli;

import java.io.PrintStream;
import java.util.function.Supplier;
import org.tsnlat.env.EgressTaprio;
import org.tsnlat.env.EnvSnapshot;
import org.tsnlat.exit.UsageException;
import org.tsnlat.run.SenderConfig;
import org.tsnlat.run.SetupException;
import org.tsnlat.time.CycleAlignment;
import org.tsnlat.time.DurationNs;
import picocli.CommandLine.Option;

/**
 * Aligns the probes' schedule to the egress interface's taprio cycle, as isochron does
 * (docs/tsn.md): origin = taprio's base-time + --taprio-shift, the period a whole number of
 * cycles, so every probe is due at the same point of its cycle. Shared by send and run.
 */
final class TaprioOptions {
    @Option(names = "--taprio-align",
            description = {"Start the schedule at the egress interface's taprio base-time + --taprio-shift, so each "
                    + "probe is due at the same point of taprio's cycle. The period must be a whole number of cycles. "
                    + "Refused (exit 3) when the egress qdisc is not taprio (docs/tsn.md)."})
    boolean align;

    @Option(names = "--taprio-shift", paramLabel = "OFFSET", converter = Durations.Span.class,
            description = "With --taprio-align: how far into taprio's cycle each probe is due, less than the cycle (default: 0).")
    Long shiftNs;

    /**
     * {@code config} with its origin on the taprio cycle of the egress interface (asked for only
     * with --taprio-align; in {@code netns}, null: here),
     * said in one line on {@code out}; unchanged without --taprio-align.
     *
     * @throws UsageException with --base-time, or --taprio-shift without --taprio-align
     * @throws SetupException (exit 3) when there is no taprio schedule to align to, or it does not fit
     */
    SenderConfig applyTo(SenderConfig config, Supplier<String> egressInterface, String netns, PrintStream out) {
        OptionRules.needs(shiftNs != null, "--taprio-shift", align, "--taprio-align");
        if (!align) return config;
        String ifname = egressInterface.get();
        if (config.baseTimeNs() != SenderConfig.ALIGNED) {
            throw new UsageException(OptionRules.excludeEachOther("--taprio-align", "--base-time"));
        }
        EgressTaprio egress = EgressTaprio.read(ifname, netns);
        if (egress.refusal() != null) throw refused(egress.refusal());
        EnvSnapshot.QdiscSchedule taprio = egress.taprio();
        String clock = taprio.clockid();
        boolean nicClock = "invalid".equals(clock);
        if (!nicClock && !config.clock().name().equals(clock)) {
            throw refused("the taprio of " + ifname + " runs on CLOCK_" + clock + ", the probes on CLOCK_"
                    + config.clock().name() + ": give --clock " + clock);
        }
        EnvSnapshot.GateSchedule g = EgressTaprio.inForce(taprio);
        long cycleNs = EgressTaprio.cycleNs(g);
        long shift = shiftNs == null ? 0 : shiftNs;
        if (shift >= cycleNs) {
            throw refused("--taprio-shift " + DurationNs.format(shift) + " must be less than the cycle of the taprio of "
                    + ifname + " (" + DurationNs.format(cycleNs) + ")");
        }
        CycleAlignment alignment = new CycleAlignment(g.baseTimeNs(), cycleNs, shift);
        String problem = alignment.periodProblem(config.periodNs());
        if (problem != null) {
            throw refused(problem + " (the taprio of " + ifname + "): give -i " + DurationNs.format(cycleNs)
                    + " or a multiple of it");
        }
        out.println("taprio: each probe due " + DurationNs.format(shift) + " into the " + DurationNs.format(cycleNs)
                + " cycle of " + ifname + "'s taprio (" + egress.place() + ", base-time " + g.baseTimeNs() + ", clockid "
                + clock + (egress.pending() ? ", a schedule not yet in force: the first probe waits for its base-time" : "")
                + "); " + egress.gateNote(config.soPriority(), shift)
                + (nicClock ? "; full offload: the NIC's clock runs the cycle, so CLOCK_" + config.clock().name()
                        + " must follow it (phc2sys)" : ""));
        return config.withBaseTime(alignment.originNs(config.periodNs()));
    }

    /** The interface the kernel routes {@code destination} through, unless {@code given} (--interface) names one. */
    static Supplier<String> egress(java.net.InetAddress destination, String given) {
        return () -> given != null ? given : Main.placementFor(destination, false).txInterfaces().getFirst();
    }

    private static SetupException refused(String why) {
        return new SetupException("--taprio-align: " + why + " (docs/tsn.md)", null);
    }
}
