package org.tsnlat.env;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Threads that decide latency: vhost workers, QEMU vCPUs ("CPU 0/KVM"), ksoftirqd/N, threaded
 * IRQ handlers (irq/N-name), ktimers/N, ptp4l, phc2sys, and tsnlat's own threads.
 *
 * <p>Stable keys: a thread is keyed by its comm, except "vhost-&lt;qemu pid&gt;" which becomes
 * "vhost" (the pid changes with every VM start). When several threads share a key, the one with
 * the lowest (pid, tid) keeps it and the others get "#2", "#3"... in (pid, tid) order, which is
 * their creation order within one VM. tsnlat's threads are keyed by the name the request gives.
 */
final class ThreadProbe {
    private static final Pattern INTERESTING = Pattern.compile(
            "vhost-\\d+|CPU \\d+/(KVM|TCG)|ksoftirqd/\\d+|irq/.+|ktimers/\\d+|ptp4l|phc2sys");
    private static final Pattern VHOST = Pattern.compile("vhost-\\d+");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final String K = "threads";

    private record Found(int pid, int tid, String comm) {}

    private ThreadProbe() {
    }

    static SortedMap<String, EnvSnapshot.ThreadInfo> collect(Map<String, Integer> tsnlatThreads, Reads reads) {
        SortedMap<String, EnvSnapshot.ThreadInfo> threads = new TreeMap<>();
        List<Found> found = scan(reads);
        found.sort(Comparator.comparingInt(Found::pid).thenComparingInt(Found::tid));
        for (Found f : found) {
            String key = IrqProbe.unique(threads, stableName(f.comm()));
            EnvSnapshot.ThreadInfo info = read(f.pid(), f.tid(), key, reads);
            if (info != null) {
                threads.put(key, info);
            }
        }
        new TreeMap<>(tsnlatThreads).forEach((name, tid) -> {
            EnvSnapshot.ThreadInfo info = read(tid, tid, name, reads);
            if (info != null) {
                threads.put(name, info);
            }
        });
        return threads;
    }

    /** The comm with what changes between VM starts taken out: "vhost-4321" -> "vhost". */
    static String stableName(String comm) {
        return VHOST.matcher(comm).matches() ? "vhost" : comm;
    }

    private static List<Found> scan(Reads reads) {
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                p -> NUMBER.matcher(p.getFileName().toString()).matches())) {
            for (Path proc : procs) {
                int pid = Integer.parseInt(proc.getFileName().toString());
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                    for (Path task : tasks) {
                        String comm = Reads.strip(Files.readString(task.resolve("comm")));
                        if (INTERESTING.matcher(comm).matches()) {
                            found.add(new Found(pid, Integer.parseInt(task.getFileName().toString()), comm));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked, or hides its tasks: not one of ours
                }
            }
        } catch (IOException e) {
            reads.unreadable(K, Reads.reason(e));
        }
        return found;
    }

    /** One thread by pid/tid (any thread is reachable as /proc/TID/task/TID); null if gone. */
    private static EnvSnapshot.ThreadInfo read(int pid, int tid, String key, Reads reads) {
        Path task = Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid));
        if (!Files.isDirectory(task)) {
            reads.unreadable(K + "." + key, "no thread " + tid);
            return null;
        }
        String stat = reads.file(K + "." + key, task.resolve("stat"));
        String status = reads.file(K + "." + key + ".affinity", task.resolve("status"));
        TaskStat s = null;
        try {
            s = stat == null ? null : TaskStat.parse(stat);
        } catch (IllegalArgumentException e) {
            reads.unreadable(K + "." + key, e.getMessage());
        }
        String tgid = status == null ? null : HostProbe.field(status, "Tgid");
        return new EnvSnapshot.ThreadInfo(s == null ? null : s.comm(),
                tgid == null ? pid : Integer.parseInt(tgid), tid,
                status == null ? null : HostProbe.field(status, "Cpus_allowed_list"),
                s == null ? null : s.policyName(), s == null ? null : s.rtPriority(),
                s == null ? null : s.nice(), s == null ? null : s.lastCpu());
    }
}
