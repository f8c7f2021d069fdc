package org.tsnlat.run;

import org.tsnlat.linux.TxTimestamp;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.record.Timestamps;
import org.tsnlat.report.TxAnalysis;

/**
 * The sender's records that still wait for kernel TX timestamps. Behind a queue (a shaped
 * bottleneck holds probes for milliseconds) the driver's SND timestamp comes long after the next
 * probe went out, so records are held in a ring until their timestamps are in, or
 * {@code maxAgeNs} has passed, or the ring is full, and are then handed on oldest first.
 * Timestamps are matched by OPT_ID, the kernel's per-socket counter of sends (unsigned 32-bit);
 * a stamp newer than the last id handed out means the kernel counted sends it then refused
 * (kernels before 6.9 did, for ECONNREFUSED), and the numbering is re-synchronised on it.
 * Allocates nothing after construction. Used by the send loop's thread only.
 */
final class TxPending {
    static final int SIZE = 256;
    private static final int MASK = SIZE - 1;
    private static final int NO_ID = Integer.MIN_VALUE;

    private final PacketRecord[] records = new PacketRecord[SIZE];
    private final int[] ids = new int[SIZE];
    private final boolean needHardware;
    private final long maxAgeNs;
    private long head;
    private long tail;
    private int nextId;
    private long newestSent = -1;
    private long late;
    private long overflows;

    TxPending(boolean needHardware, long maxAgeNs) {
        this.needHardware = needHardware;
        this.maxAgeNs = maxAgeNs;
        for (int i = 0; i < SIZE; i++) records[i] = new PacketRecord();
    }

    /** A fresh record for the probe about to be sent; a full ring first hands on its oldest. */
    PacketRecord open(RecordPipe pipe) {
        if (tail - head == SIZE) {
            handOn(pipe);
        }
        PacketRecord r = records[(int) (tail & MASK)];
        r.clear();
        ids[(int) (tail & MASK)] = NO_ID;
        tail++;
        return r;
    }

    /** The newest record's send went out ({@code true}) or was refused. */
    void sent(boolean ok) {
        int i = (int) ((tail - 1) & MASK);
        if (ok) {
            ids[i] = nextId++;
            newestSent = tail - 1;
        } else {
            records[i].flags |= TxAnalysis.FLAG_SEND_FAILED;
        }
    }

    /**
     * The newest record, if it is probe {@code seq}'s (for the next probe's follow-up), else
     * null. It may have been handed on already: its slot is only reused by the next open().
     */
    PacketRecord newestIf(long seq) {
        if (tail == 0) return null;
        PacketRecord r = records[(int) ((tail - 1) & MASK)];
        return r.seq == seq ? r : null;
    }

    /** Puts one TX timestamp (already on the sender's run clock) on its record; that record, or null when none. */
    PacketRecord stamp(TxTimestamp st, long swNs) {
        int id = (int) st.id;
        PacketRecord r = null;
        if (newestSent >= head && id - ids[(int) (newestSent & MASK)] > 0) {
            int shift = id - ids[(int) (newestSent & MASK)];
            nextId += shift;
            ids[(int) (newestSent & MASK)] = id;
            r = records[(int) (newestSent & MASK)];
        } else {
            for (long k = tail - 1; k >= head; k--) {
                if (ids[(int) (k & MASK)] == id) {
                    r = records[(int) (k & MASK)];
                    break;
                }
            }
        }
        if (r == null) {
            late++;
            return null;
        }
        if (st.kind == TxTimestamp.SCHED) {
            r.schedTxNs = swNs;
        } else {
            if (Timestamps.present(swNs)) r.swTxNs = swNs;
            if (Timestamps.present(st.hwNs)) r.hwTxNs = st.hwNs;
        }
        return r;
    }

    /** Hands on, oldest first, every record that is complete or older than the age limit. */
    void handOnReady(long nowNs, RecordPipe pipe) {
        while (head < tail) {
            PacketRecord r = records[(int) (head & MASK)];
            if (!complete(r) && nowNs - r.appTxNs < maxAgeNs) {
                return;
            }
            handOn(pipe);
        }
    }

    void handOnAll(RecordPipe pipe) {
        while (head < tail) {
            handOn(pipe);
        }
    }

    /** True when the newest record still waits for its software TX timestamp. */
    boolean newestWaiting() {
        return newestSent == tail - 1 && tail > head && !Timestamps.present(records[(int) (newestSent & MASK)].swTxNs);
    }

    private boolean complete(PacketRecord r) {
        if ((r.flags & TxAnalysis.FLAG_SEND_FAILED) != 0) return true;
        return Timestamps.present(r.schedTxNs) && Timestamps.present(r.swTxNs)
                && (!needHardware || Timestamps.present(r.hwTxNs));
    }

    private void handOn(RecordPipe pipe) {
        if (!pipe.offer(records[(int) (head & MASK)])) {
            overflows++;
        }
        head++;
    }

    /** Timestamps that came after their record had been handed on. */
    long late() {
        return late;
    }

    long overflows() {
        return overflows;
    }
}
