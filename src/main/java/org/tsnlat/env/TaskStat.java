package org.tsnlat.env;

/**
 * The fields tsnlat reads from /proc/PID/task/TID/stat (proc(5)): the comm in parentheses may
 * hold spaces and parentheses, so fields are counted from the last ')'. Field numbers are
 * proc(5)'s, 1-based: 19 nice, 39 processor, 40 rt_priority, 41 policy.
 *
 * @param comm       the name between the parentheses
 * @param nice       field 19
 * @param lastCpu    field 39, the CPU the thread last ran on
 * @param rtPriority field 40
 * @param policy     field 41, SCHED_* number
 */
record TaskStat(String comm, int nice, int lastCpu, int rtPriority, int policy) {
    private static final String[] POLICIES = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",
            "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE", "SCHED_EXT"};

    /** Parses one stat line; IllegalArgumentException when it is not one. */
    static TaskStat parse(String line) {
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
        return new TaskStat(line.substring(open + 1, close), Integer.parseInt(f[19 - 3]),
                Integer.parseInt(f[39 - 3]), Integer.parseInt(f[40 - 3]), Integer.parseInt(f[41 - 3]));
    }

    /** The policy's name, such as SCHED_FIFO. */
    String policyName() {
        return policy >= 0 && policy < POLICIES.length ? POLICIES[policy] : "SCHED_" + policy;
    }
}
