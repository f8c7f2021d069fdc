package org.tsnlat.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.LinuxException;

/**
 * What the host's counters read at one moment: /proc/stat's CPU times, /proc/interrupts,
 * /proc/softirqs and every thread's CPU time ({@link ThreadTimes}); two of them make an
 * {@link EnvDuring}. A source that cannot be read is empty, and why is in {@code unreadable}.
 *
 * @param monotonicNs    System.nanoTime() when the reading began
 * @param wallTime       the same moment, ISO-8601 UTC
 * @param cpus           /proc/stat's per-CPU lines
 * @param interrupts     /proc/interrupts
 * @param softirqs       /proc/softirqs
 * @param threads        every thread's CPU time and CPU
 * @param tsnlatCpus     the CPUs tsnlat's measuring threads may run on (their Cpus_allowed_list), by name
 * @param ticksPerSecond USER_HZ, the unit of /proc/stat and of stat's utime, stime
 * @param unreadable     what could not be read, by file, and why
 */
record HostSample(long monotonicNs, String wallTime, CpuStat cpus, CounterTable interrupts, CounterTable softirqs,
        ThreadTimes.Found threads, SortedMap<String, BitSet> tsnlatCpus, long ticksPerSecond,
        SortedMap<String, String> unreadable) {
    /** USER_HZ on every architecture Linux runs tsnlat on, when sysconf cannot say. */
    private static final long USER_HZ = 100;

    /** Reads the counters now; {@code tsnlatTids} are the measuring threads by name ("tsnlat-rx"). */
    static HostSample take(Map<String, Integer> tsnlatTids) {
        long at = System.nanoTime();
        String wall = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        SortedMap<String, String> unreadable = new TreeMap<>();
        long ticks = ticksPerSecond(unreadable);
        CpuStat cpus = CpuStat.parse(read("/proc/stat", unreadable));
        CounterTable interrupts = CounterTable.parse(read("/proc/interrupts", unreadable));
        CounterTable softirqs = CounterTable.parse(read("/proc/softirqs", unreadable));
        ThreadTimes.Found threads = ThreadTimes.read(ticks);
        SortedMap<String, BitSet> tsnlatCpus = new TreeMap<>();
        tsnlatTids.forEach((name, tid) -> {
            String status = read("/proc/" + tid + "/status", unreadable);
            String allowed = status.isEmpty() ? null : HostProbe.field(status, "Cpus_allowed_list");
            if (allowed != null) tsnlatCpus.put(name, Cpus.parseList(allowed));
        });
        return new HostSample(at, wall, cpus, interrupts, softirqs, threads, tsnlatCpus, ticks, unreadable);
    }

    private static long ticksPerSecond(SortedMap<String, String> unreadable) {
        try {
            return Cpus.clockTicksPerSecond();
        } catch (LinuxException | IllegalStateException e) {
            unreadable.put("sysconf(_SC_CLK_TCK)", Reads.reason(e) + " (taken as " + USER_HZ + ")");
            return USER_HZ;
        }
    }

    /** The file's text, or "" and why. */
    private static String read(String file, SortedMap<String, String> unreadable) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            unreadable.put(file, Reads.reason(e));
            return "";
        }
    }
}
