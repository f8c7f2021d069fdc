package org.tsnlat.sync;

/**
 * ptp4l's view at one moment: the five answers to one round of GETs, and when it was taken.
 * A run samples this once a second and stores it with the packets.
 *
 * @param sampledMonotonicNs CLOCK_MONOTONIC just before the first GET
 * @param sampledTaiNs CLOCK_TAI read right after {@code sampledMonotonicNs}
 * @param spanNs CLOCK_MONOTONIC time from the first GET to the last answer
 */
public record PtpHealth(long sampledMonotonicNs, long sampledTaiNs, long spanNs,
        PortDataSet portDataSet, TimeStatusNp timeStatus, ParentDataSet parentDataSet,
        CurrentDataSet currentDataSet, TimePropertiesDataSet timePropertiesDataSet) {

    /** True when the port is SLAVE and a grandmaster other than this clock is present. */
    public boolean locked() {
        return portDataSet.portState() == PortState.SLAVE && timeStatus.gmPresent();
    }
}
