package org.tsnlat.linux;

/**
 * What an interface says it can timestamp (ETHTOOL_GET_TS_INFO, as {@code ethtool -T} shows).
 *
 * @param soTimestampingFlags the SOF_TIMESTAMPING_* bits the interface supports
 * @param phcIndex its PTP hardware clock, /dev/ptpN, or -1 for none
 * @param txTypes bit set of HWTSTAMP_TX_* (bit 1 = HWTSTAMP_TX_ON)
 * @param rxFilters bit set of HWTSTAMP_FILTER_* (bit 1 = HWTSTAMP_FILTER_ALL)
 * @param hardwareRx RX_HARDWARE and RAW_HARDWARE reported
 * @param hardwareTx TX_HARDWARE and RAW_HARDWARE reported and HWTSTAMP_TX_ON offered
 * @param softwareRx RX_SOFTWARE reported
 * @param softwareTx TX_SOFTWARE reported
 */
public record TimestampingCapabilities(int soTimestampingFlags, int phcIndex, int txTypes,
        int rxFilters, boolean hardwareRx, boolean hardwareTx, boolean softwareRx,
        boolean softwareTx) {

    /** HWTSTAMP_FILTER_ALL is offered: every received packet can get a hardware timestamp. */
    public boolean hardwareRxAllPackets() {
        return hardwareRx && (rxFilters & (1 << Ethtool.HWTSTAMP_FILTER_ALL)) != 0;
    }
}
