package org.tsnlat.sync;

import java.nio.ByteBuffer;

/**
 * PARENT_DATA_SET (managementId 0x2002): the port this clock follows and the grandmaster.
 *
 * <pre>
 *  off len field
 *   0  10  parentPortIdentity
 *  10   1  parentStats (bit 0)
 *  11   1  reserved
 *  12   2  observedParentOffsetScaledLogVariance, u16
 *  14   4  observedParentClockPhaseChangeRate, i32
 *  18   1  grandmasterPriority1
 *  19   1  grandmasterClockQuality.clockClass
 *  20   1  grandmasterClockQuality.clockAccuracy
 *  21   2  grandmasterClockQuality.offsetScaledLogVariance, u16
 *  23   1  grandmasterPriority2
 *  24   8  grandmasterIdentity
 * </pre>
 */
public record ParentDataSet(String parentPortIdentity, boolean parentStats,
        int observedParentOffsetScaledLogVariance, int observedParentClockPhaseChangeRate,
        String grandmasterIdentity, int gmPriority1, int gmClockClass, int gmClockAccuracy,
        int gmOffsetScaledLogVariance, int gmPriority2) {
    public static final int DATA_BYTES = 32;

    /** Decodes the data field of a PARENT_DATA_SET response; PtpException if it is short. */
    public static ParentDataSet decode(byte[] data) {
        ByteBuffer b = PtpManagementCodec.dataField(data, DATA_BYTES, "PARENT_DATA_SET");
        return new ParentDataSet(PortIdentity.read(b, 0).toString(), (b.get(10) & 1) != 0,
                Short.toUnsignedInt(b.getShort(12)), b.getInt(14),
                PortIdentity.formatClockIdentity(b.getLong(24)), b.get(18) & 0xFF,
                b.get(19) & 0xFF, b.get(20) & 0xFF, Short.toUnsignedInt(b.getShort(21)),
                b.get(23) & 0xFF);
    }
}
