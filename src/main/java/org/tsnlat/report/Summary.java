package org.tsnlat.report;

import java.util.List;
import java.util.Map;
import org.tsnlat.stats.MetricSummary;
import org.tsnlat.stats.PacketCounts;

/**
 * Every figure of a run's summary, in nanoseconds: what {@code report.json} holds (schema in
 * {@code docs/report-json.md}, version {@value #VERSION}) and what {@code report.txt} prints.
 *
 * @param version       schema version of report.json
 * @param role          "run", "send" or "recv"
 * @param sessionId     probes' session id (hex)
 * @param clock         clock of the application timestamps
 * @param periodNs      probe period (0 when the receiver alone does not know it)
 * @param warmupNs      span from the first probe that is kept out of the main figures
 * @param startNs       scheduled time of the first probe seen (times of maxima are relative to it)
 * @param packets       receiver's accounting over all probes (warm-up included); null without a receiver
 * @param negatives     negative one-way latencies over all probes (warm-up and untrusted intervals
 *                      included: the count the trust verdicts see), and the least latency; null without a receiver
 * @param warmupPackets probes that fell in the warm-up span
 * @param metrics       main figures by metric: latency, delta, rx-stack, wake, tx-stack
 * @param warmup        the same metrics over the warm-up span
 * @param pairs         which timestamps each metric is the difference of
 * @param sender        the sender's counts; null without a sender
 * @param rejected      datagrams the receiver refused, by kind
 * @param trust         clock-trust verdicts over the run's intervals; null without a receiver
 * @param jvm           bytes the hot threads allocated and GCs after the warm-up (null when unknown)
 * @param inForce       scheduling of each measuring thread and process-wide settings, as they held
 * @param ended         "complete", "interrupted", "failed: ...", "ended by silence: ...", "stopped at
 *                      --breaktrace: probe N late ...", or "abrupt (...)" when no end was recorded
 * @param notes         anything the reader must know about these figures
 * @param damage        what is wrong with the run directory's files (truncated, corrupt, mismatched,
 *                      missing), one line each; empty when they are whole
 * @param outcome       the exit code these figures amount to, and why (with a reverse direction: of both)
 * @param outliers      with {@code --explain}: the outliers and their causes from the kernel's trace
 *                      (docs/explain.md); null, and absent from report.json, without a trace
 * @param reverse       with {@code run --bidir}: the opposite direction's summary (its own stream,
 *                      from the run directory's {@code reverse/}); null, and absent from
 *                      report.json, for a run in one direction
 * @param plan          with {@code --plan}: whether the run kept its host plan; null, and absent from
 *                      report.json, without one
 * @param during        what the host did while the run measured (meta.json's envDuring: steal, softirqs,
 *                      interrupts, the threads on the measuring CPUs); null, and absent from report.json,
 *                      for runs made before it
 * @param frames        over layer 2 (--transport l2), the probes' priorities and VLANs on arrival and the
 *                      other frames kept out (meta.json's end.frames); null, and absent from report.json, over UDP
 */
public record Summary(int version, String role, String sessionId, String clock, long periodNs, long warmupNs,
                      long startNs, PacketCounts packets, Negatives negatives, long warmupPackets, Map<String, MetricSummary> metrics,
                      Map<String, MetricSummary> warmup, Map<String, String> pairs, SenderCounts sender,
                      Map<String, Long> rejected, TrustSummary trust, Map<String, Object> jvm, List<String> inForce,
                      String ended,
                      List<String> notes, List<String> damage, Outcome outcome,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      Summary reverse,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      org.tsnlat.explain.Outliers outliers,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      PlanVerdict plan,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      org.tsnlat.env.EnvDuring during,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      org.tsnlat.rundir.RunMeta.Frames frames) {
    public static final int VERSION = 1;

    /** This summary with the opposite direction's beside it, the outcome now of both. */
    Summary withReverse(Summary r) {
        return new Summary(version, role, sessionId, clock, periodNs, warmupNs, startNs, packets, negatives,
                warmupPackets, metrics, warmup, pairs, sender, rejected, trust, jvm, inForce, ended, notes, damage,
                Outcome.both(outcome, r.outcome()), r, outliers, plan, during, frames);
    }

    /** This summary with its outliers explained from the kernel's trace ({@code --explain}). */
    Summary withOutliers(org.tsnlat.explain.Outliers o) {
        return new Summary(version, role, sessionId, clock, periodNs, warmupNs, startNs, packets, negatives,
                warmupPackets, metrics, warmup, pairs, sender, rejected, trust, jvm, inForce, ended, notes, damage,
                outcome, reverse, o, plan, during, frames);
    }

    /**
     * @param count        negative one-way latencies (impossible: the clocks disagree)
     * @param minLatencyNs the least one-way latency of all probes; 0 when none had one
     */
    public record Negatives(long count, long minLatencyNs) {}

    /**
     * @param sent            probes sent (from the sender's records)
     * @param lateWakeups     wake-ups at or after the next period's start
     * @param sendFailures    sends the kernel refused
     * @param missingTxStamps probes whose kernel TX timestamp never came
     * @param refusedToTheEnd the destination refused the probes from the first refusal to the last
     *                        probe (about every other send, as a port nobody opens does): nothing arrived
     * @param launchTimeDrops with --txtime: probes a launch-time qdisc dropped, by reason ("missed",
     *                        "invalid"; meta.json's end.launchTimeDrops); null (absent) without
     */
    public record SenderCounts(long sent, long lateWakeups, long sendFailures, long missingTxStamps,
                               boolean refusedToTheEnd,
                               @com.fasterxml.jackson.annotation.JsonInclude(
                                       com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                               Map<String, Long> launchTimeDrops) {
        public SenderCounts(long sent, long lateWakeups, long sendFailures, long missingTxStamps,
                            boolean refusedToTheEnd) {
            this(sent, lateWakeups, sendFailures, missingTxStamps, refusedToTheEnd, null);
        }
    }
}
