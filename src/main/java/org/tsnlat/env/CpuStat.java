package org.tsnlat.env;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The per-CPU lines of /proc/stat (proc(5)): the time each CPU spent in each state since boot, in
 * clock ticks (USER_HZ, sysconf(_SC_CLK_TCK)):
 * <pre>
 * cpu0 810070 31440 230187 1356269 1450 0 32966 0 0 0
 * </pre>
 * user, nice, system, idle, iowait, irq, softirq, steal (time a hypervisor ran something else
 * while this virtual CPU wanted to run), guest, guest_nice. Older kernels print fewer columns; the
 * missing ones read 0. The "cpu" line (all CPUs together) is left out.
 *
 * @param ticks the columns of each CPU, by CPU number, in {@link #STATES} order
 */
public record CpuStat(SortedMap<Integer, long[]> ticks) {
    /** The column names, in file order. */
    public static final List<String> STATES = List.of("user", "nice", "system", "idle", "iowait", "irq",
            "softirq", "steal", "guest", "guest_nice");

    /** The per-CPU lines of /proc/stat's text. */
    public static CpuStat parse(String text) {
        SortedMap<Integer, long[]> ticks = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("cpu") || line.startsWith("cpu ")) continue;
            String[] f = line.trim().split("\\s+");
            int cpu;
            try {
                cpu = Integer.parseInt(f[0].substring(3));
            } catch (NumberFormatException e) {
                continue;
            }
            long[] t = new long[STATES.size()];
            for (int i = 0; i < t.length && i + 1 < f.length; i++) {
                t[i] = Long.parseLong(f[i + 1]);
            }
            ticks.put(cpu, t);
        }
        return new CpuStat(ticks);
    }

    /** The ticks of {@code state} (one of {@link #STATES}) on {@code cpu}, 0 when the CPU is not there. */
    public long of(int cpu, String state) {
        long[] t = ticks.get(cpu);
        return t == null ? 0 : t[STATES.indexOf(state)];
    }
}
