package org.tsnlat.run;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/**
 * Carries the few datagrams that are not probes (the sender's sync samples, about one a
 * second) from the receive loop to the recorder thread: a single-producer single-consumer ring
 * of fixed byte slots, copied in without allocating, full means dropped.
 */
final class SideChannel {
    private static final int SLOTS = 16;
    static final int SLOT_BYTES = 1536;
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(SideChannel.class, "tail", long.class);
            HEAD = MethodHandles.lookup().findVarHandle(SideChannel.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[][] slots = new byte[SLOTS][SLOT_BYTES];
    private final int[] lengths = new int[SLOTS];
    private final ByteBuffer[] views = new ByteBuffer[SLOTS];
    private volatile long tail;
    private volatile long head;

    SideChannel() {
        for (int i = 0; i < SLOTS; i++) views[i] = ByteBuffer.wrap(slots[i]);
    }

    /** Receive loop: copies buf[0, length); false (dropped) when full or too long. */
    boolean offer(ByteBuffer buf, int length) {
        long t = tail;
        if (length > SLOT_BYTES || t - (long) HEAD.getAcquire(this) >= SLOTS) {
            return false;
        }
        int i = (int) (t % SLOTS);
        buf.get(0, slots[i], 0, length);
        lengths[i] = length;
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Recorder thread: hands each waiting datagram (a view and its length) to {@code sink}. */
    void drain(BiConsumer<ByteBuffer, Integer> sink) {
        long h = head;
        long t = (long) TAIL.getAcquire(this);
        for (; h < t; h++) {
            int i = (int) (h % SLOTS);
            sink.accept(views[i], lengths[i]);
        }
        HEAD.setRelease(this, h);
    }
}
