package org.tsnlat.cli;

import org.tsnlat.report.TrustThresholds;
import picocli.CommandLine.Option;

/** Where the clocks' evidence comes from, and the limits of the trust verdicts (docs/trust.md). */
final class TrustOptions {
    private static final TrustThresholds D = TrustThresholds.defaults();

    @Option(names = "--trust-interval", paramLabel = "SPAN", converter = Ranges.TrustInterval.class,
            description = "Length of a clock-trust interval, 10ms-1h (default: 1s).")
    Long intervalNs;

    @Option(names = "--max-ptp-offset", paramLabel = "SPAN", converter = Durations.Positive.class,
            description = {"Either side's |ptp4l master offset| beyond which an interval is untrusted (default: 10us);"
                    + " suspect instead when the interval's two-way estimate bounds the clocks within it (|offset| + half"
                    + " its round trip): one raw ptp4l reading, e.g. of a Sync queued behind a frame, is then disproved."
                    + " Also the limit for chronyd's and phc2sys's offsets (docs/trust.md)."})
    Long maxPtpOffsetNs;

    @Option(names = "--max-twoway-offset", paramLabel = "SPAN", converter = Durations.Positive.class,
            description = {"Limit on the |two-way offset estimate| (default: 50us). An estimate of round trip d is off by up to d/2"
                    + " (a path slower one way), so an interval is untrusted only when the estimate is beyond the limit by"
                    + " more than d/2, suspect when beyond it by less, or beyond half the limit."})
    Long maxTwoWayOffsetNs;

    @Option(names = "--max-min-step", paramLabel = "SPAN", converter = Durations.Positive.class,
            description = "Change of an interval's minimum latency from the previous one that makes it suspect (default: 1ms).")
    Long maxMinStepNs;

    @Option(names = "--max-min-drift", paramLabel = "PPM", converter = Ranges.Ppm.class,
            description = "Drift of the minimum latency over the last 10 intervals that makes an interval suspect (default: 50).")
    Double maxMinDriftPpm;

    TrustThresholds thresholds() {
        return new TrustThresholds(intervalNs != null ? intervalNs : D.intervalNs(),
                maxPtpOffsetNs != null ? maxPtpOffsetNs : D.maxPtpOffsetNs(),
                maxTwoWayOffsetNs != null ? maxTwoWayOffsetNs : D.maxTwoWayOffsetNs(),
                maxMinStepNs != null ? maxMinStepNs : D.maxMinLatencyStepNs(),
                maxMinDriftPpm != null ? maxMinDriftPpm : D.maxMinLatencyDriftPpm());
    }
}
