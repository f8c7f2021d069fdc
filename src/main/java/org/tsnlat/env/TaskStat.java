package org.tsnlat.env;

/**
 * The fields tsnlat reads from /proc/PID/task/TID/stat (proc(5)): the comm in parentheses may
 * hold spaces and parentheses, so fields are counted from the last ')'. Field numbers are
 * proc(5)'s, 1-based: 9 flags, 14 utime, 15 stime, 19 nice, 22 starttime, 39 processor,
 * 40 rt_priority, 41 policy.
 *
 * @param comm       the name between the parentheses
 * @param flags      field 9, PF_* bits ({@link #isKernelThread})
 * @param utimeTicks field 14, time in user mode, in clock ticks (sysconf(_SC_CLK_TCK), 100 a second)
 * @param stimeTicks field 15, time in kernel mode, likewise
 * @param nice       field 19
 * @param startTime  field 22, clock ticks after boot: with the tid, names one thread for life
 * @param lastCpu    field 39, the CPU the thread last ran on
 * @param rtPriority field 40
 * @param policy     field 41, SCHED_* number
 */
public record TaskStat(String comm, long flags, long utimeTicks, long stimeTicks, int nice, long startTime, int lastCpu, int rtPriority, int policy) {
    /** PF_KTHREAD of include/linux/sched.h. */
    private static final long PF_KTHREAD = 0x00200000L;
    private static final String[] POLICIES = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",
            "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE", "SCHED_EXT"};

    /** Parses one stat line; IllegalArgumentException when it is not one. */
    public static TaskStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a stat line: " + line);
        }
        String[] f = line.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state): field n is f[n - 3]
        if (f.length < 41 - 2) {
            throw new IllegalArgumentException("stat line has only " + (f.length + 2) + " fields");
        }
        return new TaskStat(line.substring(open + 1, close), Long.parseLong(f[9 - 3]), Long.parseLong(f[14 - 3]),
                Long.parseLong(f[15 - 3]), Integer.parseInt(f[19 - 3]),
                Long.parseLong(f[22 - 3]), Integer.parseInt(f[39 - 3]), Integer.parseInt(f[40 - 3]), Integer.parseInt(f[41 - 3]));
    }

    /** The policy's name, such as SCHED_FIFO. */
    public String policyName() {
        return policy >= 0 && policy < POLICIES.length ? POLICIES[policy] : "SCHED_" + policy;
    }

    /** A kernel thread (PF_KTHREAD): ksoftirqd/N, irq/N-name, kworker..., never a process's. */
    public boolean isKernelThread() {
        return (flags & PF_KTHREAD) != 0;
    }
}
