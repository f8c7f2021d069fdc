package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;

/**
 * Real-time scheduling, CPU affinity, memory locking and timer slack of the calling thread, and
 * the scheduling and affinity of another thread by its id ({@code *Of(tid, ...)}, for tune).
 * Every call with pid 0 acts on the calling thread only: JIT and GC threads keep their
 * settings (read them back to be sure).
 */
public final class Scheduling {
    /** Scheduling policies tsnlat sets (sched(7)). */
    public enum Policy {
        OTHER(0), FIFO(1), RR(2);

        private final int id;

        Policy(int id) {
            this.id = id;
        }

        /** The SCHED_* number. */
        public int id() {
            return id;
        }
    }

    private static final int SCHED_RESET_ON_FORK = 0x40000000;
    private static final int MCL_CURRENT = 1;
    private static final int MCL_FUTURE = 2;
    private static final int MCL_ONFAULT = 4;
    private static final int PR_SET_TIMERSLACK = 29;
    private static final int PR_GET_TIMERSLACK = 30;
    /** sizeof(cpu_set_t): 1024 CPUs. */
    private static final int CPU_SET_BYTES = 128;

    private static final MethodHandle SCHED_SETSCHEDULER = Native.downcallErrno("sched_setscheduler",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_INT, Native.C_POINTER));
    private static final MethodHandle SCHED_GETSCHEDULER = Native.downcallErrno("sched_getscheduler",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT));
    private static final MethodHandle SCHED_GETPARAM = Native.downcallErrno("sched_getparam",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_POINTER));
    private static final MethodHandle SCHED_SETAFFINITY = Native.downcallErrno("sched_setaffinity",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_SIZE_T, Native.C_POINTER));
    private static final MethodHandle SCHED_GETAFFINITY = Native.downcallErrno("sched_getaffinity",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_SIZE_T, Native.C_POINTER));
    private static final MethodHandle MLOCKALL = Native.downcallErrno("mlockall",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT));
    /** prctl(int option, ...): arguments 2 to 5 are variadic unsigned longs. */
    private static final MethodHandle PRCTL = Native.downcallErrno("prctl",
            FunctionDescriptor.of(Native.C_INT, Native.C_INT, Native.C_LONG, Native.C_LONG,
                    Native.C_LONG, Native.C_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle GETTID = Native.downcall("gettid",
            FunctionDescriptor.of(Native.C_INT));
    private static final MethodHandle GETEUID = Native.downcall("geteuid",
            FunctionDescriptor.of(Native.C_INT));

    private Scheduling() {
    }

    /** sched_setscheduler(0, ...): FIFO and RR take priority 1-99 and need root. */
    public static void setScheduler(Policy policy, int priority) {
        setSchedulerOf(0, policy.id(), priority, policy + " priority " + priority);
    }

    /**
     * sched_setscheduler(tid, policyId, priority) on any thread: a SCHED_* number (0 OTHER, 1 FIFO, 2 RR,
     * 3 BATCH, 5 IDLE), priority 1-99 for FIFO and RR, 0 for the others. Another user's thread needs
     * root or CAP_SYS_NICE.
     */
    public static void setSchedulerOf(int tid, int policyId, int priority) {
        setSchedulerOf(tid, policyId, priority, "thread " + tid + " SCHED " + policyId + " priority " + priority);
    }

    private static void setSchedulerOf(int tid, int policyId, int priority, String detail) {
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocateFrom(Native.C_INT, priority);
            if ((int) SCHED_SETSCHEDULER.invokeExact(capture, tid, policyId, param) != 0) {
                throw Native.failure("sched_setscheduler", detail, capture);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The calling thread's policy (sched_getscheduler(0)). */
    public static Policy getScheduler() {
        int id = getSchedulerOf(0);
        for (Policy p : Policy.values()) {
            if (p.id == id) {
                return p;
            }
        }
        throw new IllegalStateException("thread runs a policy tsnlat does not model: SCHED " + id);
    }

    /** The SCHED_* number of any thread (sched_getscheduler(tid)), without SCHED_RESET_ON_FORK. */
    public static int getSchedulerOf(int tid) {
        MemorySegment capture = Native.threadCaptureState();
        int id;
        try {
            id = (int) SCHED_GETSCHEDULER.invokeExact(capture, tid);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        if (id < 0) {
            throw Native.failure("sched_getscheduler", tid == 0 ? null : "thread " + tid, capture);
        }
        return id & ~SCHED_RESET_ON_FORK;
    }

    /** The calling thread's static priority (sched_getparam(0)); 0 under OTHER. */
    public static int getPriority() {
        return getPriorityOf(0);
    }

    /** The static priority of any thread (sched_getparam(tid)); 0 under OTHER. */
    public static int getPriorityOf(int tid) {
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocate(Native.C_INT);
            if ((int) SCHED_GETPARAM.invokeExact(capture, tid, param) != 0) {
                throw Native.failure("sched_getparam", tid == 0 ? null : "thread " + tid, capture);
            }
            return param.get(Native.C_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Pins the calling thread to {@code cpus} (sched_setaffinity(0, ...)). */
    public static void setAffinity(BitSet cpus) {
        setAffinityOf(0, cpus);
    }

    /** Allows thread {@code tid} (0: the calling thread) on {@code cpus} only (sched_setaffinity(tid, ...)). */
    public static void setAffinityOf(int tid, BitSet cpus) {
        if (cpus.length() > CPU_SET_BYTES * 8) {
            throw new IllegalArgumentException("CPU " + (cpus.length() - 1) + " beyond cpu_set_t");
        }
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(CPU_SET_BYTES, 8);
            long[] words = cpus.toLongArray();
            MemorySegment.copy(words, 0, set, Native.C_LONG, 0, words.length);
            if ((int) SCHED_SETAFFINITY.invokeExact(capture, tid, (long) CPU_SET_BYTES, set) != 0) {
                throw Native.failure("sched_setaffinity", (tid == 0 ? "" : "thread " + tid + " ")
                        + "cpus " + Cpus.formatList(cpus), capture);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The CPUs the calling thread may run on (sched_getaffinity(0, ...)). */
    public static BitSet getAffinity() {
        return getAffinityOf(0);
    }

    /** The CPUs thread {@code tid} (0: the calling thread) may run on (sched_getaffinity(tid, ...)). */
    public static BitSet getAffinityOf(int tid) {
        MemorySegment capture = Native.threadCaptureState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(CPU_SET_BYTES, 8);
            if ((int) SCHED_GETAFFINITY.invokeExact(capture, tid, (long) CPU_SET_BYTES, set) != 0) {
                throw Native.failure("sched_getaffinity", tid == 0 ? null : "thread " + tid, capture);
            }
            return BitSet.valueOf(set.toArray(Native.C_LONG));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT): every page the process touches, now or
     * later, stays in memory, and no page is brought in before it is touched. Without
     * MCL_ONFAULT the kernel reads in all that is mapped: the JDK's module image (some 140 MiB,
     * mapped whole), each thread's whole stack, the AOT cache, every heap page committed: some
     * 250 MiB more resident for pages nothing uses. The hot loops touch their pages (stacks, rings,
     * buffers, code) in the JIT warm-up and their first probes, before the measured ones.
     */
    public static void mlockall() {
        MemorySegment capture = Native.threadCaptureState();
        try {
            if ((int) MLOCKALL.invokeExact(capture, MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) != 0) {
                throw Native.failure("mlockall", "MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT", capture);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** prctl(PR_SET_TIMERSLACK): 1 makes sleeps wake on time; 0 restores the default. */
    public static void setTimerSlackNs(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("timer slack must be >= 0 ns, was " + ns);
        }
        if (prctl(PR_SET_TIMERSLACK, ns, "PR_SET_TIMERSLACK") != 0) {
            throw new IllegalStateException("prctl(PR_SET_TIMERSLACK) returned non-zero");
        }
    }

    /** prctl(PR_GET_TIMERSLACK): the calling thread's timer slack (default 50 000 ns). */
    public static long getTimerSlackNs() {
        return Integer.toUnsignedLong(prctl(PR_GET_TIMERSLACK, 0, "PR_GET_TIMERSLACK"));
    }

    /** The kernel's id of the calling thread (as ps -L and /proc/PID/task show it). */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The effective user id; 0 is root. */
    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static int prctl(int option, long argument, String optionName) {
        MemorySegment capture = Native.threadCaptureState();
        int rc;
        try {
            rc = (int) PRCTL.invokeExact(capture, option, argument, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        if (rc == -1) {
            throw Native.failure("prctl", optionName, capture);
        }
        return rc;
    }
}
