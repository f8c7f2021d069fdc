package org.tsnlat.record;

import static org.tsnlat.record.Timestamps.ABSENT;

/**
 * Everything recorded about one packet, on either side: a mutable holder reused by the hot loops
 * (no allocation per packet). It holds the union of the TX and RX record fields; a field the
 * record kind does not store reads back as {@link Timestamps#ABSENT} (timestamps) or 0.
 *
 * <p>All timestamps are signed nanoseconds on the run's clock (see {@link RecordHeader}).
 */
public final class PacketRecord {
    /** RX flag: this sequence number was received before. */
    public static final int FLAG_DUPLICATE = 1;
    /** RX flag: the sequence number is lower than the highest one seen so far. */
    public static final int FLAG_REORDERED = 1 << 1;

    public long seq;
    /** Base time + seq * period, from the sender (RX: as carried by the probe). */
    public long scheduledNs;
    /** TX: when the sender woke from its absolute sleep. */
    public long wakeNs;
    /** Taken just before sendmsg (RX: as carried by the probe). */
    public long appTxNs;
    /** TX: kernel timestamp at qdisc entry (SCM_TSTAMP_SCHED). */
    public long schedTxNs;
    /** TX: kernel software TX timestamp (SCM_TSTAMP_SND). */
    public long swTxNs;
    /** TX: NIC hardware TX timestamp. */
    public long hwTxNs;
    /** RX: follow-up SCHED TX timestamp of probe {@code seq - 1}, as received. */
    public long fuSchedTxNs;
    /** RX: follow-up software TX timestamp of probe {@code seq - 1}, as received. */
    public long fuSwTxNs;
    /** RX: follow-up hardware TX timestamp of probe {@code seq - 1}, as received. */
    public long fuHwTxNs;
    /** RX: NIC hardware RX timestamp. */
    public long hwRxNs;
    /** RX: kernel software RX timestamp. */
    public long swRxNs;
    /** RX: taken just after recvmsg returned. */
    public long appRxNs;
    /** {@code FLAG_*} bits (RX); TX defines none yet. */
    public int flags;
    /** RX: UDP payload length in bytes (0..65535); not stored in TX records. */
    public int payloadBytes;

    public PacketRecord() {
        clear();
    }

    /** Sets every timestamp to ABSENT and seq, flags and payload length to 0. */
    public PacketRecord clear() {
        seq = 0;
        scheduledNs = ABSENT;
        wakeNs = ABSENT;
        appTxNs = ABSENT;
        schedTxNs = ABSENT;
        swTxNs = ABSENT;
        hwTxNs = ABSENT;
        fuSchedTxNs = ABSENT;
        fuSwTxNs = ABSENT;
        fuHwTxNs = ABSENT;
        hwRxNs = ABSENT;
        swRxNs = ABSENT;
        appRxNs = ABSENT;
        flags = 0;
        payloadBytes = 0;
        return this;
    }

    public PacketRecord copyFrom(PacketRecord o) {
        seq = o.seq;
        scheduledNs = o.scheduledNs;
        wakeNs = o.wakeNs;
        appTxNs = o.appTxNs;
        schedTxNs = o.schedTxNs;
        swTxNs = o.swTxNs;
        hwTxNs = o.hwTxNs;
        fuSchedTxNs = o.fuSchedTxNs;
        fuSwTxNs = o.fuSwTxNs;
        fuHwTxNs = o.fuHwTxNs;
        hwRxNs = o.hwRxNs;
        swRxNs = o.swRxNs;
        appRxNs = o.appRxNs;
        flags = o.flags;
        payloadBytes = o.payloadBytes;
        return this;
    }

    @Override
    public String toString() {
        return "PacketRecord[seq=" + seq + ", scheduledNs=" + scheduledNs + ", wakeNs=" + wakeNs
                + ", appTxNs=" + appTxNs + ", schedTxNs=" + schedTxNs + ", swTxNs=" + swTxNs
                + ", hwTxNs=" + hwTxNs + ", fuSchedTxNs=" + fuSchedTxNs + ", fuSwTxNs=" + fuSwTxNs
                + ", fuHwTxNs=" + fuHwTxNs + ", hwRxNs=" + hwRxNs + ", swRxNs=" + swRxNs
                + ", appRxNs=" + appRxNs + ", flags=0x" + Integer.toHexString(flags)
                + ", payloadBytes=" + payloadBytes + "]";
    }
}
