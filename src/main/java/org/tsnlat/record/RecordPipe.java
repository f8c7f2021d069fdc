package org.tsnlat.record;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Hands records from one hot thread (the producer) to one writer thread (the consumer) without
 * blocking or allocating: a single-producer single-consumer ring of preallocated slots holding
 * the primitive fields of {@link PacketRecord} in one {@code long[]}.
 *
 * <p>{@link #offer} never blocks and never drops silently: when the ring is full it returns
 * false and counts an overflow ({@link #overflows()}). The indices are published with
 * release/acquire ({@link VarHandle}), so a slot is read only after it was written and reused
 * only after it was read. Exactly one thread may offer and exactly one may drain.
 */
public final class RecordPipe {
    /** 13 timestamps and seq, then flags and payload length packed into one long. */
    private static final int STRIDE = 14;
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle OVERFLOWS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RecordPipe.class, "head", long.class);
            TAIL = lookup.findVarHandle(RecordPipe.class, "tail", long.class);
            OVERFLOWS = lookup.findVarHandle(RecordPipe.class, "overflows", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] slots;
    private final int capacity;
    private final int mask;
    /** Next slot to read; written by the consumer only. */
    private long head;
    /** Next slot to write; written by the producer only. */
    private long tail;
    /** The producer's last view of head, to read the shared index only when the ring looks full. */
    private long producerHeadCache;
    private long overflows;
    /** The consumer's record handed to the sink. */
    private final PacketRecord drained = new PacketRecord();

    /** @param capacityRecords a power of two, at least 2 (e.g. {@code 1 << 16}) */
    public RecordPipe(int capacityRecords) {
        if (capacityRecords < 2 || Integer.bitCount(capacityRecords) != 1) {
            throw new IllegalArgumentException("pipe capacity must be a power of two >= 2, not "
                    + capacityRecords);
        }
        this.capacity = capacityRecords;
        this.mask = capacityRecords - 1;
        this.slots = new long[Math.multiplyExact(capacityRecords, STRIDE)];
        // Stale on purpose: the first offer takes the refresh branch, so the JIT compiles it as a
        // real branch instead of a trap that would deoptimise the hot loop at record 65 536.
        this.producerHeadCache = -capacityRecords;
    }

    /** Producer: copies {@code r} into the ring; false (and one overflow counted) when full. */
    public boolean offer(PacketRecord r) {
        long t = tail;
        if (t - producerHeadCache >= capacity) {
            producerHeadCache = (long) HEAD.getAcquire(this);
            if (t - producerHeadCache >= capacity) {
                OVERFLOWS.setRelease(this, overflows + 1);
                return false;
            }
        }
        long[] s = slots;
        int i = (int) (t & mask) * STRIDE;
        s[i] = r.seq;
        s[i + 1] = r.scheduledNs;
        s[i + 2] = r.wakeNs;
        s[i + 3] = r.appTxNs;
        s[i + 4] = r.schedTxNs;
        s[i + 5] = r.swTxNs;
        s[i + 6] = r.hwTxNs;
        s[i + 7] = r.fuSchedTxNs;
        s[i + 8] = r.fuSwTxNs;
        s[i + 9] = r.fuHwTxNs;
        s[i + 10] = r.hwRxNs;
        s[i + 11] = r.swRxNs;
        s[i + 12] = r.appRxNs;
        s[i + 13] = ((long) r.flags << 32) | (r.payloadBytes & 0xFFFF_FFFFL);
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /**
     * Consumer: hands up to {@code max} records, oldest first, to {@code sink}. A record is
     * taken out of the ring before the sink sees it, so a sink that throws loses that record.
     *
     * @return the number of records taken
     */
    public int drainTo(RecordSink sink, int max) throws IOException {
        long h = head;
        int n = (int) Math.min((long) TAIL.getAcquire(this) - h, max);
        long[] s = slots;
        PacketRecord r = drained;
        for (int k = 0; k < n; k++) {
            int i = (int) ((h + k) & mask) * STRIDE;
            r.seq = s[i];
            r.scheduledNs = s[i + 1];
            r.wakeNs = s[i + 2];
            r.appTxNs = s[i + 3];
            r.schedTxNs = s[i + 4];
            r.swTxNs = s[i + 5];
            r.hwTxNs = s[i + 6];
            r.fuSchedTxNs = s[i + 7];
            r.fuSwTxNs = s[i + 8];
            r.fuHwTxNs = s[i + 9];
            r.hwRxNs = s[i + 10];
            r.swRxNs = s[i + 11];
            r.appRxNs = s[i + 12];
            r.flags = (int) (s[i + 13] >>> 32);
            r.payloadBytes = (int) s[i + 13];
            HEAD.setRelease(this, h + k + 1);
            sink.append(r);
        }
        return n;
    }

    /** Offers refused because the ring was full; readable from any thread. */
    public long overflows() {
        return (long) OVERFLOWS.getAcquire(this);
    }

    /** Records waiting in the ring (a snapshot when read concurrently). */
    public int size() {
        return (int) ((long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this));
    }

    public int capacity() {
        return capacity;
    }
}
