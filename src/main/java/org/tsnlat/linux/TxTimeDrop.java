package org.tsnlat.linux;

/**
 * A packet the kernel's launch-time scheduler (the etf qdisc, or taprio in txtime-assist mode)
 * dropped and reported on the sending socket's error queue (SO_TXTIME with
 * SOF_TXTIME_REPORT_ERRORS): a {@code struct sock_extended_err} of origin SO_EE_ORIGIN_TXTIME,
 *
 * <pre>
 *   0 ee_errno  u32  ECANCELED (missed) or EINVAL (invalid parameter)
 *   4 ee_origin u8   SO_EE_ORIGIN_TXTIME (6)
 *   5 ee_type   u8   0
 *   6 ee_code   u8   SO_EE_CODE_TXTIME_INVALID_PARAM (1), SO_EE_CODE_TXTIME_MISSED (2)
 *   8 ee_info   u32  the launch time asked for, low 32 bits
 *  12 ee_data   u32  the launch time asked for, high 32 bits
 * </pre>
 *
 * Mutable and reused, like {@link TxTimestamp}.
 */
public final class TxTimeDrop {
    /** SO_EE_ORIGIN_TXTIME. */
    static final int ORIGIN = 6;
    /** SO_EE_CODE_TXTIME_INVALID_PARAM: the launch time or its clock was not acceptable to the qdisc. */
    public static final int INVALID_PARAM = 1;
    /** SO_EE_CODE_TXTIME_MISSED: the packet's launch time passed before it could be sent. */
    public static final int MISSED = 2;

    /** The errno the qdisc reported (ECANCELED, EINVAL). */
    public int errno;
    /** {@link #INVALID_PARAM} or {@link #MISSED} (another value from a newer kernel is kept as it is). */
    public int code;
    /** The launch time the packet asked for, ns of the socket's SO_TXTIME clock. */
    public long txtimeNs;

    /** Why, in words. */
    public String reason() {
        return switch (code) {
            case MISSED -> "missed its launch time (dropped by the qdisc, " + Errno.strerror(errno) + ")";
            case INVALID_PARAM -> "invalid launch time or clock for the qdisc (" + Errno.strerror(errno) + ")";
            default -> "launch-time error code " + code + " (" + Errno.strerror(errno) + ")";
        };
    }

    @Override
    public String toString() {
        return "TxTimeDrop[" + reason() + ", txtime " + txtimeNs + " ns]";
    }
}
