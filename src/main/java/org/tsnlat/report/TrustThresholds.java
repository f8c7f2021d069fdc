package org.tsnlat.report;

/**
 * The limits the clock-trust verdicts apply (docs/trust.md explains each). All in ns.
 *
 * @param intervalNs          length of a verdict interval
 * @param maxPtpOffsetNs      |ptp4l master offset| above this: untrusted
 * @param maxTwoWayOffsetNs   |two-way offset estimate| above this: untrusted; above half of it: suspect
 * @param maxMinLatencyStepNs change of an interval's minimum latency from the previous one's above this: suspect
 * @param maxMinLatencyDriftPpm slope of the minimum latency over the last {@value #DRIFT_WINDOW} intervals above this: suspect
 */
public record TrustThresholds(long intervalNs, long maxPtpOffsetNs, long maxTwoWayOffsetNs, long maxMinLatencyStepNs,
                              double maxMinLatencyDriftPpm) {
    public static final int DRIFT_WINDOW = 10;

    public static TrustThresholds defaults() {
        return new TrustThresholds(1_000_000_000L, 10_000L, 50_000L, 1_000_000L, 50.0);
    }

    public TrustThresholds {
        if (intervalNs <= 0) throw new IllegalArgumentException("the trust interval must be greater than 0");
        if (maxPtpOffsetNs <= 0 || maxTwoWayOffsetNs <= 0 || maxMinLatencyStepNs <= 0 || maxMinLatencyDriftPpm <= 0) {
            throw new IllegalArgumentException("trust thresholds must be greater than 0");
        }
    }
}
