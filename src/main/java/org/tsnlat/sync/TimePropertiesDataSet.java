package org.tsnlat.sync;

import java.nio.ByteBuffer;

/**
 * TIME_PROPERTIES_DATA_SET (managementId 0x2003): what the grandmaster says about its time.
 *
 * <pre>
 *  off len field
 *   0   2  currentUtcOffset, i16 (TAI - UTC in s)
 *   2   1  flags: leap61 0x01, leap59 0x02, currentUtcOffsetValid 0x04, ptpTimescale 0x08,
 *                 timeTraceable 0x10, frequencyTraceable 0x20
 *   3   1  timeSource (0x20 GPS, 0x40 PTP, 0x50 NTP, 0xA0 internal oscillator, ...)
 * </pre>
 */
public record TimePropertiesDataSet(int currentUtcOffset, boolean leap61, boolean leap59,
        boolean utcOffsetValid, boolean ptpTimescale, boolean timeTraceable,
        boolean frequencyTraceable, int timeSource) {
    public static final int DATA_BYTES = 4;
    static final int LEAP_61 = 0x01;
    static final int LEAP_59 = 0x02;
    static final int UTC_OFF_VALID = 0x04;
    static final int PTP_TIMESCALE = 0x08;
    static final int TIME_TRACEABLE = 0x10;
    static final int FREQ_TRACEABLE = 0x20;

    /** Decodes the data field of a TIME_PROPERTIES_DATA_SET response; PtpException if short. */
    public static TimePropertiesDataSet decode(byte[] data) {
        ByteBuffer b = PtpManagementCodec.dataField(data, DATA_BYTES, "TIME_PROPERTIES_DATA_SET");
        int flags = b.get(2) & 0xFF;
        return new TimePropertiesDataSet(b.getShort(0), (flags & LEAP_61) != 0,
                (flags & LEAP_59) != 0, (flags & UTC_OFF_VALID) != 0, (flags & PTP_TIMESCALE) != 0,
                (flags & TIME_TRACEABLE) != 0, (flags & FREQ_TRACEABLE) != 0, b.get(3) & 0xFF);
    }
}
