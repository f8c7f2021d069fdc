package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Reads and sleeps on one POSIX clock through clock_gettime and clock_nanosleep.
 *
 * <p>One instance per thread, not thread-safe: it owns the native timespec it reuses, so
 * {@link #nowNs()} and {@link #sleepUntilNs(long)} allocate nothing after the first call.
 */
public final class Clock {
    private static final long NS_PER_S = 1_000_000_000L;
    private static final int TIMER_ABSTIME = 1;
    private static final long TV_SEC_OFFSET = 0;
    private static final long TV_NSEC_OFFSET = 8;
    private static final long TIMESPEC_BYTES = 16;

    /** clock_gettime never blocks, so it may skip the thread state transition (critical). */
    private static final MethodHandle CLOCK_GETTIME = Native.downcallErrno("clock_gettime",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_POINTER),
            Linker.Option.critical(false));
    /** clock_nanosleep blocks: never critical. It returns the error number, errno is untouched. */
    private static final MethodHandle CLOCK_NANOSLEEP = Native.downcall("clock_nanosleep",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_INT,
                    Native.C_POINTER, Native.C_POINTER));

    private final ClockId id;
    private final int clockId;
    private final MemorySegment now;
    private final MemorySegment deadline;
    private final MemorySegment captureState;

    private Clock(ClockId id) {
        this.id = id;
        this.clockId = id.id();
        Arena arena = Arena.ofAuto();
        this.now = arena.allocate(TIMESPEC_BYTES, 8);
        this.deadline = arena.allocate(TIMESPEC_BYTES, 8);
        this.captureState = Native.allocateCaptureState(arena);
    }

    /** A clock for the calling thread; reads it once so the first timed call is warm. */
    public static Clock open(ClockId id) {
        Clock clock = new Clock(id);
        clock.nowNs();
        return clock;
    }

    /** Which clock this reads. */
    public ClockId id() {
        return id;
    }

    /** The clock's time in ns (tv_sec * 1e9 + tv_nsec). HOT: allocates nothing. */
    public long nowNs() {
        int rc;
        try {
            rc = (int) CLOCK_GETTIME.invokeExact(captureState, clockId, now);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        if (rc != 0) {
            throw Native.failure("clock_gettime", id.name(), captureState);
        }
        return now.get(Native.C_LONG, TV_SEC_OFFSET) * NS_PER_S
                + now.get(Native.C_LONG, TV_NSEC_OFFSET);
    }

    /**
     * Sleeps until this clock reads at least {@code deadlineNs} (clock_nanosleep with
     * TIMER_ABSTIME), sleeping again after signals (EINTR). Returns at once for a past deadline.
     * HOT: allocates nothing.
     */
    public void sleepUntilNs(long deadlineNs) {
        deadline.set(Native.C_LONG, TV_SEC_OFFSET, Math.floorDiv(deadlineNs, NS_PER_S));
        deadline.set(Native.C_LONG, TV_NSEC_OFFSET, Math.floorMod(deadlineNs, NS_PER_S));
        int rc;
        do {
            try {
                rc = (int) CLOCK_NANOSLEEP.invokeExact(clockId, TIMER_ABSTIME, deadline,
                        MemorySegment.NULL);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        } while (rc == Errno.EINTR);
        if (rc != 0) {
            throw new LinuxException("clock_nanosleep", id.name(), rc);
        }
    }

    /** Reads {@code id} once. Convenience for cold code: allocates. */
    public static long readNs(ClockId id) {
        return new Clock(id).nowNs();
    }

    /**
     * CLOCK_TAI minus CLOCK_REALTIME, rounded to whole seconds (37 s once ptp4l or chrony has
     * set the kernel's offset, 0 when nobody has).
     */
    public static long taiOffsetNs() {
        return Math.round(offsetNs(ClockId.TAI, ClockId.REALTIME) / (double) NS_PER_S) * NS_PER_S;
    }

    /** Clock {@code a} minus clock {@code b} now, from the tightest of a few reads of a between two of b. */
    public static long offsetNs(ClockId a, ClockId b) {
        Clock ca = new Clock(a);
        Clock cb = new Clock(b);
        long bestWindowNs = Long.MAX_VALUE;
        long bestOffsetNs = 0;
        for (int i = 0; i < 5; i++) {
            long beforeNs = cb.nowNs();
            long aNs = ca.nowNs();
            long afterNs = cb.nowNs();
            long windowNs = afterNs - beforeNs;
            if (windowNs < bestWindowNs) {
                bestWindowNs = windowNs;
                bestOffsetNs = aNs - (beforeNs + windowNs / 2);
            }
        }
        return bestOffsetNs;
    }
}
