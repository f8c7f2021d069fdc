package org.tsnlat.sync;

/**
 * One reading of a side's ptp4l, as stored in a run's sync log ({@code sync.jsonl}).
 *
 * @param side            "tx" (the sender's host) or "rx" (the receiver's host)
 * @param timeNs          when it was read, on that side's run clock (the probes' clock)
 * @param ok              whether ptp4l answered; when false only {@code error} is meaningful
 * @param error           why there is no answer (ptp4l gone, timeout), or null
 * @param portState       PORT_DATA_SET portState (SLAVE, MASTER, LISTENING, ...)
 * @param gmPresent       TIME_STATUS_NP gmPresent
 * @param gmIdentity      TIME_STATUS_NP gmIdentity, as pmc prints it
 * @param masterOffsetNs  TIME_STATUS_NP master_offset; a slave's is the median of three readings 150 ms apart ({@link PtpSampler})
 * @param meanPathDelayNs CURRENT_DATA_SET meanPathDelay
 * @param stepsRemoved    CURRENT_DATA_SET stepsRemoved
 */
public record PtpSample(String side, long timeNs, boolean ok, String error, String portState, boolean gmPresent,
                        String gmIdentity, long masterOffsetNs, double meanPathDelayNs, int stepsRemoved) {

    public static PtpSample of(String side, long timeNs, PtpHealth h) {
        return new PtpSample(side, timeNs, true, null, h.portDataSet().portState().name(), h.timeStatus().gmPresent(),
                h.timeStatus().gmIdentity(), h.timeStatus().masterOffsetNs(), h.currentDataSet().meanPathDelayNs(),
                h.currentDataSet().stepsRemoved());
    }

    /** This sample with another master offset (the median of several readings). */
    public PtpSample withMasterOffsetNs(long offsetNs) {
        return new PtpSample(side, timeNs, ok, error, portState, gmPresent, gmIdentity, offsetNs, meanPathDelayNs, stepsRemoved);
    }

    public static PtpSample failed(String side, long timeNs, String error) {
        return new PtpSample(side, timeNs, false, error, null, false, null, 0, 0, 0);
    }
}
