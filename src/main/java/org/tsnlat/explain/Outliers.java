package org.tsnlat.explain;

import java.util.List;

/**
 * What {@code --explain} found: the probes whose lateness (app RX minus schedule) exceeded the
 * run's median by more than the threshold, the worst of them taken apart stage by stage, and the
 * late stage explained from the kernel's trace. report.json's {@code outliers} (docs/explain.md).
 *
 * @param thresholdNs  excess over the median lateness that makes a probe an outlier; 0 when nothing was
 *                     judged ({@link #nothingJudged()})
 * @param medianNs     the median lateness of the probes after the warm-up
 * @param count        outliers after the warm-up (all of them; only the worst are explained)
 * @param explained    the worst probe of each of the worst {@value Explainer#MAX_EXPLAINED} episodes at most
 *                     (outliers at most {@value Explainer#EPISODE_GAP} probes apart: one stall seen by
 *                     each probe it held up), worst first
 * @param topCauses    over the explained ones: each cause, in how many it appeared and its share of their excess
 * @param traceFile    the trace they were explained from, relative to the run directory
 * @param thresholdPercentile the percentile {@code thresholdNs} came from ({@code --explain-above p99.9}: that
 *                     lateness minus the median, over the run), null when the threshold was given as a span
 */
public record Outliers(long thresholdNs, long medianNs, long count, List<Outlier> explained, List<TopCause> topCauses,
                       String traceFile, @com.fasterxml.jackson.annotation.JsonInclude(
                               com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String thresholdPercentile) {

    /** Threshold given as a span. */
    public Outliers(long thresholdNs, long medianNs, long count, List<Outlier> explained, List<TopCause> topCauses,
                    String traceFile) {
        this(thresholdNs, medianNs, count, explained, topCauses, traceFile, null);
    }

    /**
     * No probe after the warm-up lay in an interval whose clocks were not untrusted, so there was
     * no lateness to take a median of, and nothing was judged: {@link Explainer} then gives a
     * threshold of 0, which no judged run has (a span is above 0, a percentile's at least 1 ns).
     */
    public boolean nothingJudged() {
        return thresholdNs == 0;
    }

    /** "200.000 us", or "812.345 us (the run's p99.9)": how the threshold reads in a sentence. */
    public String thresholdText() {
        return org.tsnlat.stats.UsecFormat.usec(thresholdNs) + " us"
                + (thresholdPercentile == null ? "" : " (the run's " + thresholdPercentile + ")");
    }

    /**
     * @param seq       the probe
     * @param latenessNs its app RX minus its schedule (app TX when the schedule is not known)
     * @param excessNs  lateness minus the median lateness
     * @param stages    each stage with its own median and excess (sum of the values: the lateness)
     * @param lateStage the stage with the largest excess
     * @param cpus      the CPUs that stage ran on, as the trace's marks say
     * @param causes    what held those CPUs during the late stage other than the measuring thread, longest first
     * @param unexplainedNs the late stage's excess not covered by the causes (never hidden; 0 when covered)
     * @param clock     not null when the probe's interval was untrusted, or some of its episode's were: the clocks come first
     * @param episodeFirstSeq the first outlier of its episode
     * @param episodeLastSeq  the last
     * @param episodeOutliers how many outliers the episode has (1: this one alone)
     */
    public record Outlier(long seq, long latenessNs, long excessNs, List<Stage> stages, String lateStage, List<Integer> cpus,
                          List<Cause> causes, long unexplainedNs, String clock, long episodeFirstSeq, long episodeLastSeq,
                          long episodeOutliers) {
        Outlier withClock(String why) {
            return new Outlier(seq, latenessNs, excessNs, stages, lateStage, cpus, causes, unexplainedNs, why, episodeFirstSeq,
                    episodeLastSeq, episodeOutliers);
        }

        Outlier inEpisode(long first, long last, long outliers) {
            return new Outlier(seq, latenessNs, excessNs, stages, lateStage, cpus, causes, unexplainedNs, clock, first, last,
                    outliers);
        }
    }

    public record Stage(String name, long valueNs, long medianNs, long excessNs) {}

    /**
     * @param cause     e.g. "thread hog (pid 123, real-time priority 90)", "NET_RX softirq", "IRQ 24 virtio0-input.0", "idle"
     * @param cpu       the CPU it held
     * @param ns        how long it held it within the late stage
     * @param stretchNs a thread's longest run on that CPU in one stretch around the stage (0 for interrupts)
     */
    public record Cause(String cause, int cpu, long ns, long stretchNs) {}

    public record TopCause(String cause, int outliers, double shareOfExcess) {}
}
