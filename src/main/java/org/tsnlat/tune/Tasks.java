package org.tsnlat.tune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.tsnlat.env.TaskStat;
import org.tsnlat.linux.Cpus;

/** Every thread of this host as /proc shows it: name, process, CPUs, policy and priority. */
final class Tasks {
    private Tasks() {
    }

    /**
     * One thread.
     *
     * @param pid         its process (thread group)
     * @param tid         its id
     * @param comm        its name (/proc/PID/task/TID/comm)
     * @param processName its process's name (/proc/PID/comm)
     * @param affinity    status Cpus_allowed_list
     * @param stat        policy, priority, start time, flags
     */
    record Task(int pid, int tid, String comm, String processName, BitSet affinity, TaskStat stat) {
        String scheduler() {
            return HostPlan.Policy.nameOf(stat.policy()) + " " + stat.rtPriority();
        }

        String describe() {
            return "thread " + comm + " (tid " + tid + (pid == tid ? "" : ", pid " + pid + " " + processName) + ")";
        }
    }

    /** Every thread that could be read, by (pid, tid); one that ends while read is left out. */
    static List<Task> all() throws IOException {
        List<Task> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                int pid = Integer.parseInt(proc.getFileName().toString());
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                    String processName = strip(Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8));
                    for (Path task : tasks) {
                        Task t = read(pid, Integer.parseInt(task.getFileName().toString()), processName);
                        if (t != null) found.add(t);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        }
        found.sort(Comparator.comparingInt(Task::pid).thenComparingInt(Task::tid));
        return found;
    }

    /** Thread {@code tid} now, or null when it is gone. */
    static Task of(int tid) {
        Path task = Path.of("/proc", Integer.toString(tid));
        try {
            String status = Files.readString(task.resolve("status"), StandardCharsets.UTF_8);
            int pid = Integer.parseInt(field(status, "Tgid"));
            String processName = strip(Files.readString(Path.of("/proc", Integer.toString(pid), "comm"),
                    StandardCharsets.UTF_8));
            return read(pid, tid, processName);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Task read(int pid, int tid, String processName) {
        Path task = Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid));
        try {
            TaskStat stat = TaskStat.parse(Files.readString(task.resolve("stat"), StandardCharsets.UTF_8));
            String status = Files.readString(task.resolve("status"), StandardCharsets.UTF_8);
            String comm = strip(Files.readString(task.resolve("comm"), StandardCharsets.UTF_8));
            return new Task(pid, tid, comm, processName, Cpus.parseList(field(status, "Cpus_allowed_list")), stat);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1).strip();
        }
        throw new IllegalArgumentException("no " + name + " in status");
    }

    private static String strip(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
