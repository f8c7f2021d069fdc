package org.tsnlat.sync;

import java.nio.ByteBuffer;

/**
 * PORT_DATA_SET (managementId 0x2004), one per port: the port's state and intervals.
 *
 * <pre>
 *  off len field
 *   0  10  portIdentity
 *  10   1  portState (1 INITIALIZING ... 8 UNCALIBRATED, 9 SLAVE)
 *  11   1  logMinDelayReqInterval, i8
 *  12   8  peerMeanPathDelay, TimeInterval i64: ns * 2^16 (P2P only; 0 for E2E)
 *  20   1  logAnnounceInterval, i8
 *  21   1  announceReceiptTimeout, u8
 *  22   1  logSyncInterval, i8
 *  23   1  delayMechanism (1 E2E, 2 P2P, 0xFE disabled)
 *  24   1  logMinPdelayReqInterval, i8
 *  25   1  versionNumber (low nibble)
 * </pre>
 *
 * @param peerMeanPathDelayNs the TimeInterval shifted right by 16 (sub-ns part dropped)
 */
public record PortDataSet(String portIdentity, PortState portState, int logMinDelayReqInterval,
        long peerMeanPathDelayNs, int logAnnounceInterval, int announceReceiptTimeout,
        int logSyncInterval, int delayMechanism, int logMinPdelayReqInterval, int versionNumber) {
    public static final int DATA_BYTES = 26;

    /** Decodes the data field of a PORT_DATA_SET response; PtpException if it is short. */
    public static PortDataSet decode(byte[] data) {
        ByteBuffer b = PtpManagementCodec.dataField(data, DATA_BYTES, "PORT_DATA_SET");
        return new PortDataSet(PortIdentity.read(b, 0).toString(), PortState.of(b.get(10) & 0xFF),
                b.get(11), b.getLong(12) >> 16, b.get(20), b.get(21) & 0xFF, b.get(22),
                b.get(23) & 0xFF, b.get(24), b.get(25) & 0xF);
    }
}
