package org.tsnlat.sync;

import java.nio.ByteBuffer;

/**
 * CURRENT_DATA_SET (managementId 0x2001): distance and offset from the master.
 *
 * <pre>
 *  off len field
 *   0   2  stepsRemoved, u16 (0 on the grandmaster itself)
 *   2   8  offsetFromMaster, TimeInterval i64: ns * 2^16
 *  10   8  meanPathDelay, TimeInterval i64: ns * 2^16
 * </pre>
 *
 * @param offsetFromMasterNs the TimeInterval divided by 2^16
 * @param meanPathDelayNs the TimeInterval divided by 2^16
 */
public record CurrentDataSet(int stepsRemoved, double offsetFromMasterNs, double meanPathDelayNs) {
    public static final int DATA_BYTES = 18;
    private static final double SCALE = 0x1p16;

    /** Decodes the data field of a CURRENT_DATA_SET response; PtpException if it is short. */
    public static CurrentDataSet decode(byte[] data) {
        ByteBuffer b = PtpManagementCodec.dataField(data, DATA_BYTES, "CURRENT_DATA_SET");
        return new CurrentDataSet(Short.toUnsignedInt(b.getShort(0)), b.getLong(2) / SCALE,
                b.getLong(10) / SCALE);
    }
}
