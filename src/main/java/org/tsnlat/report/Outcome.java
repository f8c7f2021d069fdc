package org.tsnlat.report;

import java.util.ArrayList;
import java.util.List;
import org.tsnlat.exit.Exit;
import org.tsnlat.rundir.RunMeta;

/**
 * What a run's figures amount to, as an exit code and the reasons for it: the same for the
 * live run and for {@code tsnlat report} of its directory, since both come from the directory.
 * The order of precedence is {@link Exit}'s.
 *
 * @param exit the exit code ({@link Exit#code()})
 * @param why  one line per reason that is not plain success, most serious first
 */
public record Outcome(int exit, List<String> why) {

    static Outcome of(RunMeta meta, Summary.SenderCounts sender, org.tsnlat.stats.PacketCounts packets,
                      TrustSummary trust, List<String> damage, PlanVerdict plan) {
        RunMeta.End end = meta.end();
        Exit worst = Exit.OK;
        List<String> why = new ArrayList<>();
        if (end != null && end.failed()) {
            Exit e = end.filledDisk() ? Exit.RUN_DIRECTORY : Exit.FAILED;
            worst = Exit.worst(worst, e);
            why.add(end.filledDisk() ? end.why() : "failed: " + end.why());
        }
        if (!damage.isEmpty()) {
            worst = Exit.worst(worst, Exit.RUN_DIRECTORY);
            why.add("damaged run directory: " + String.join("; ", damage));
        }
        String nothing = nothingMeasured(meta, end, sender, packets);
        if (nothing != null) {
            worst = Exit.worst(worst, Exit.NOTHING_MEASURED);
            why.add(nothing);
        }
        if (end == null) {
            worst = Exit.worst(worst, Exit.END_NOT_SEEN);
            why.add("no end recorded in meta.json: the run was killed or crashed");
        } else if (RunMeta.SILENCE.equals(end.reason())) {
            worst = Exit.worst(worst, Exit.END_NOT_SEEN);
            why.add("the receiver stopped after a silence: " + end.why());
        }
        if (trust != null && trust.untrusted() > 0) {
            worst = Exit.worst(worst, Exit.UNTRUSTED);
            why.add(trust.untrusted() + " intervals' clocks untrusted: their one-way latencies are excluded");
        }
        if (plan != null && plan.notKept()) {
            worst = Exit.worst(worst, Exit.NOT_AS_PLANNED);
            why.add("the host did not hold to its plan " + plan.path() + ": " + String.join("; ", plan.violations()));
        }
        return new Outcome(worst.code(), List.copyOf(why));
    }

    /**
     * The outcome of a run in both directions ({@code run --bidir}): the worse exit of the two,
     * and every reason, the reverse direction's marked as such, the worse direction's first.
     */
    static Outcome both(Outcome forward, Outcome reverse) {
        Exit f = Exit.of(forward.exit());
        Exit worst = Exit.worst(f, Exit.of(reverse.exit()));
        List<String> marked = reverse.why().stream().map(w -> "reverse direction: " + w).toList();
        List<String> why = new ArrayList<>();
        boolean reverseFirst = worst != f;
        why.addAll(reverseFirst ? marked : forward.why());
        why.addAll(reverseFirst ? forward.why() : marked);
        return new Outcome(worst.code(), List.copyOf(why));
    }

    /** Over layer 2, a sender alone whose reflection requests were all unanswered after this many probes measured nothing. */
    static final long MIN_PROBES_FOR_SILENCE = 100;

    /** Why nothing was measured, or null when something was. */
    private static String nothingMeasured(RunMeta meta, RunMeta.End end, Summary.SenderCounts sender,
                                          org.tsnlat.stats.PacketCounts packets) {
        if (packets != null) {
            return packets.received() == 0 ? "no probe was received" : null;
        }
        if (sender == null) {
            return "neither side's records were found";
        }
        if (sender.sent() == 0) {
            return "no probe was sent";
        }
        if (sender.sendFailures() == sender.sent()) {
            return "the kernel refused every send (" + sender.sent() + ")";
        }
        if (sender.refusedToTheEnd()) {
            return "the destination refused the probes to the end (" + sender.sendFailures() + " of " + sender.sent()
                    + " sends refused: ICMP port unreachable, nobody listening)";
        }
        // over layer 2 nothing refuses a frame: the reflections asked for are the only sign of a receiver
        if (meta.config().layer2() != null && end != null && end.reflectionsAnswered() != null
                && end.reflectionsAnswered() == 0 && sender.sent() >= MIN_PROBES_FOR_SILENCE) {
            return "none of the reflections the " + sender.sent() + " probes asked for came back: nothing took the frames"
                    + " (no receiver on " + meta.config().layer2().destinationMac() + " for EtherType "
                    + meta.config().layer2().etherType() + ", or one given --no-reflect: send with --reflect-every 0 then)";
        }
        return null;
    }
}
