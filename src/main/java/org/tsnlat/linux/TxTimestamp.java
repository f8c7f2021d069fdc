package org.tsnlat.linux;

/**
 * One transmit timestamp read from a socket's error queue by
 * {@link UdpSocket#pollTxTimestamp(TxTimestamp)}. Mutable and reused: one instance per polling
 * thread.
 */
public final class TxTimestamp {
    /** A timestamp the kernel did not give. */
    public static final long ABSENT = RxInfo.ABSENT;
    /** SCM_TSTAMP_SND: the driver handed the packet to the NIC (or loopback). */
    public static final int SND = 0;
    /** SCM_TSTAMP_SCHED: the packet entered the qdisc (traffic control) layer. */
    public static final int SCHED = 1;

    /**
     * The OPT_ID counter (ee_data, unsigned 32-bit): 0 for the first datagram sent on the socket
     * after timestamping was enabled, +1 per send.
     */
    public long id;
    /** {@link #SND} or {@link #SCHED} (ee_info). */
    public int kind;
    /** Software timestamp, CLOCK_REALTIME ns, or {@link #ABSENT}. */
    public long swNs = ABSENT;
    /** Hardware timestamp, PHC time ns, or {@link #ABSENT}. */
    public long hwNs = ABSENT;

    @Override
    public String toString() {
        return "TxTimestamp[id=" + id + ", kind=" + (kind == SND ? "SND" : kind == SCHED ? "SCHED" : kind)
                + ", swNs=" + RxInfo.ns(swNs) + ", hwNs=" + RxInfo.ns(hwNs) + "]";
    }
}
