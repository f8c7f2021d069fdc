package org.tsnlat.sync;

import java.nio.ByteBuffer;

/**
 * linuxptp's TIME_STATUS_NP (managementId 0xC000): the slave's latest offset from its master.
 *
 * <pre>
 *  off len field
 *   0   8  master_offset ns, i64 (0 until a master is heard)
 *   8   8  ingress_time ns, i64 (ptp4l's clock when the last sync came in; 0 if none)
 *  16   4  cumulativeScaledRateOffset, i32: (rateRatio - 1) * 2^41
 *  20   4  scaledLastGmPhaseChange, i32
 *  24   2  gmTimeBaseIndicator, u16
 *  26  12  lastGmPhaseChange, ScaledNs: nanoseconds msb u16, lsb u64, fractional u16
 *  38   4  gmPresent, i32 (0: this clock is its own grandmaster)
 *  42   8  gmIdentity
 * </pre>
 *
 * @param masterOffsetNs offset of ptp4l's clock from its master; software timestamps make it
 *     noisy by a few microseconds even when both ends share one clock
 * @param gmIdentity formatted as pmc prints it, such as {@code aabbcc.fffe.ddeeff}
 */
public record TimeStatusNp(long masterOffsetNs, long ingressTimeNs,
        int cumulativeScaledRateOffset, int scaledLastGmPhaseChange, int gmTimeBaseIndicator,
        ScaledNs lastGmPhaseChange, boolean gmPresent, String gmIdentity) {
    public static final int DATA_BYTES = 50;
    private static final double POW2_41 = 0x1p41;

    /** Decodes the data field of a TIME_STATUS_NP response; PtpException if it is short. */
    public static TimeStatusNp decode(byte[] data) {
        ByteBuffer b = PtpManagementCodec.dataField(data, DATA_BYTES, "TIME_STATUS_NP");
        return new TimeStatusNp(b.getLong(0), b.getLong(8), b.getInt(16), b.getInt(20),
                Short.toUnsignedInt(b.getShort(24)),
                new ScaledNs(Short.toUnsignedInt(b.getShort(26)), b.getLong(28),
                        Short.toUnsignedInt(b.getShort(36))),
                b.getInt(38) != 0, PortIdentity.formatClockIdentity(b.getLong(42)));
    }

    /** The master's rate over ours, as 1 + cumulativeScaledRateOffset / 2^41. */
    public double rateRatio() {
        return 1.0 + cumulativeScaledRateOffset / POW2_41;
    }

    /**
     * IEEE 1588 ScaledNs: a 96-bit nanosecond count in units of 2^-16 ns, as its three fields.
     * Printed as pmc prints it: {@code 0x0000'0000000000000000.0000}.
     */
    public record ScaledNs(int nanosecondsMsb, long nanosecondsLsb, int fractionalNanoseconds) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "0x%04x'%016x.%04x", nanosecondsMsb,
                    nanosecondsLsb, fractionalNanoseconds);
        }
    }
}
