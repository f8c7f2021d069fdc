package org.tsnlat.wire;

import static org.tsnlat.record.Timestamps.ABSENT;

import org.tsnlat.record.Timestamps;

/**
 * One probe's header fields, a mutable holder reused for every packet so that the send and
 * receive loops allocate nothing.
 *
 * <p>Timestamps are signed nanoseconds on the sender's clock. A follow-up timestamp is
 * {@link Timestamps#ABSENT} when its flag bit is clear; on the wire it is then 0.
 *
 * <p>In a {@link #isReflected() reflected} probe the fields mean the two-way exchange instead:
 * {@link #appTxNs} is t1 (the sender's app TX of the original), {@link #fuSchedTxNs} is t2 (the
 * receiver's RX of the original, on the receiver's clock) and {@link #fuSwTxNs} is t3 (the
 * receiver's app time before sending the reflection); see {@link ProbeHeader#REFLECT_RX_OFFSET}.
 */
public final class Probe {
    public long sessionId;
    /** Sequence number from 0; in an END probe, the number of probes sent. */
    public long seq;
    public long scheduledNs;
    public long appTxNs;
    /** Follow-up: qdisc (SCHED) kernel TX timestamp of probe {@code seq - 1}, or ABSENT. */
    public long fuSchedTxNs;
    /** Follow-up: software (SND) TX timestamp of probe {@code seq - 1}, or ABSENT. */
    public long fuSwTxNs;
    /** Follow-up: hardware TX timestamp of probe {@code seq - 1}, or ABSENT. */
    public long fuHwTxNs;
    /** {@link ProbeHeader} {@code FLAG_*} bits. */
    public int flags;
    /** Datagram length in bytes (header plus padding); set by the decoder. */
    public int lengthBytes;

    public Probe() {
        clear();
    }

    /** Resets every field: timestamps ABSENT, numbers and flags 0. */
    public Probe clear() {
        sessionId = 0;
        seq = 0;
        scheduledNs = ABSENT;
        appTxNs = ABSENT;
        fuSchedTxNs = ABSENT;
        fuSwTxNs = ABSENT;
        fuHwTxNs = ABSENT;
        flags = 0;
        lengthBytes = 0;
        return this;
    }

    /** Copies every field of {@code o} into this one; returns this. */
    public Probe copyFrom(Probe o) {
        sessionId = o.sessionId;
        seq = o.seq;
        scheduledNs = o.scheduledNs;
        appTxNs = o.appTxNs;
        fuSchedTxNs = o.fuSchedTxNs;
        fuSwTxNs = o.fuSwTxNs;
        fuHwTxNs = o.fuHwTxNs;
        flags = o.flags;
        lengthBytes = o.lengthBytes;
        return this;
    }

    /** End of session: {@link #seq} is the number of probes sent, not a measurement. */
    public boolean isEnd() {
        return (flags & ProbeHeader.FLAG_END) != 0;
    }

    public boolean isReflectRequest() {
        return (flags & ProbeHeader.FLAG_REFLECT_REQUEST) != 0;
    }

    public boolean isReflected() {
        return (flags & ProbeHeader.FLAG_REFLECTED) != 0;
    }

    @Override
    public String toString() {
        return "Probe[session=" + Long.toUnsignedString(sessionId, 16) + ", seq=" + seq
                + ", flags=0x" + Integer.toHexString(flags) + ", scheduledNs=" + scheduledNs
                + ", appTxNs=" + appTxNs + ", fuSchedTxNs=" + fuSchedTxNs + ", fuSwTxNs=" + fuSwTxNs
                + ", fuHwTxNs=" + fuHwTxNs + ", lengthBytes=" + lengthBytes + "]";
    }
}
