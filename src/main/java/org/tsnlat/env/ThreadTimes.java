package org.tsnlat.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of every thread of this host so far, and the CPU each last ran on: /proc/PID/task/TID/stat
 * (field 39, and utime + stime in clock ticks) and, where the kernel keeps it, the first field of
 * /proc/PID/task/TID/schedstat: the time on a CPU in ns, exact where ticks count only the 10 ms
 * slices a timer interrupt caught. Two files a thread, nothing more: cheap enough to read at the
 * start and at the end of a measurement (some 10 ms for a few hundred threads).
 */
final class ThreadTimes {
    private ThreadTimes() {
    }

    /**
     * One thread as read.
     *
     * @param pid    its process
     * @param tid    its id
     * @param stat   its stat line: comm, processor, policy, priority, start time, ticks
     * @param runNs  its time on a CPU so far, ns: schedstat's, else the ticks' (a multiple of one tick)
     */
    record Thread(int pid, int tid, TaskStat stat, long runNs) {}

    /** Every thread that could be read, by tid, and whether schedstat gave their times. */
    record Found(Map<Integer, Thread> byTid, boolean schedstat) {}

    static Found read(long ticksPerSecond) {
        Map<Integer, Thread> byTid = new HashMap<>();
        boolean schedstat = Files.isReadable(Path.of("/proc/self/schedstat")); // CONFIG_SCHED_INFO
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                p -> Character.isDigit(p.getFileName().toString().charAt(0)))) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                    int pid = Integer.parseInt(proc.getFileName().toString());
                    for (Path task : tasks) {
                        Thread t = thread(pid, task, ticksPerSecond, schedstat);
                        if (t != null) byTid.put(t.tid(), t);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: nothing found
        }
        return new Found(byTid, schedstat);
    }

    private static Thread thread(int pid, Path task, long ticksPerSecond, boolean schedstat) {
        try {
            TaskStat stat = TaskStat.parse(Files.readString(task.resolve("stat"), StandardCharsets.UTF_8));
            long runNs;
            if (schedstat) {
                String s = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
                runNs = Long.parseLong(s.substring(0, s.indexOf(' ')));
            } else {
                runNs = (stat.utimeTicks() + stat.stimeTicks()) * (1_000_000_000L / ticksPerSecond);
            }
            return new Thread(pid, Integer.parseInt(task.getFileName().toString()), stat, runNs);
        } catch (IOException | RuntimeException e) {
            return null; // ended while read
        }
    }
}
