package org.tsnlat.explain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's events of a span of time around one outlier, cut from the trace, with the task each
 * CPU was running when the span began; {@link #breakdown} splits a part of it on one CPU into who
 * had the CPU: the running task, or the hard or soft interrupt that held it (an interrupt's time is
 * its own, never also its task's, so nothing is counted twice).
 */
final class Window {
    record Task(String comm, long pid, int prio) {
        String label() {
            if (pid == 0) return "idle";
            String policy = prio < 100 ? ", real-time priority " + (99 - prio) : "";
            return "thread " + comm + " (pid " + pid + policy + ")";
        }
    }

    private record Event(long timeNs, int cpu, String comm, long pid, TraceLine.Kind kind, String name, long number, int prio,
                         long prevPid, boolean prevBlocked) {}

    /** A measuring thread's mark of one probe: the CPU it ran on and its pid (its thread id). */
    record Mark(int cpu, long pid) {}

    /** Who had the CPU for how long, in the order first met; a task's longest stretch on it within the window (else 0). */
    record Share(String cause, long ns, long stretchNs) {}

    final long fromNs;
    final long toNs;
    private final Map<Integer, Task> initial = new HashMap<>();
    private final List<Event> events = new ArrayList<>();
    private boolean started;

    Window(long fromNs, long toNs) {
        this.fromNs = fromNs;
        this.toNs = toNs;
    }

    boolean started() {
        return started;
    }

    /** The window begins: the tasks running on each CPU now. */
    void begin(Map<Integer, Task> running) {
        started = true;
        initial.putAll(running);
    }

    void add(TraceLine l) {
        boolean sw = l.kind == TraceLine.Kind.SWITCH;
        events.add(new Event(l.timeNs, l.cpu, l.comm, l.pid, l.kind, l.name, l.number, l.prio, sw ? l.prevPid : -1, sw && l.prevBlocked));
    }

    /** The mark "tag seq": the CPU it was written on and by which thread; null when the window has none. */
    Mark markOf(String tag, long seq) {
        for (Event e : events) {
            if (e.kind == TraceLine.Kind.MARK && e.number == seq && tag.equals(e.name)) return new Mark(e.cpu, e.pid);
        }
        return null;
    }

    /** Whether task {@code pid} was asleep at {@code t} (its last switch-out asleep, not woken since); asleep when the window does not say. */
    boolean asleepAt(long pid, long t) {
        boolean asleep = true;
        for (Event e : events) {
            if (e.timeNs > t) break;
            if (e.kind == TraceLine.Kind.SWITCH && e.prevPid == pid) asleep = e.prevBlocked;
            if (e.kind == TraceLine.Kind.SWITCH && e.number == pid) asleep = false;
            if (e.kind == TraceLine.Kind.WAKING && e.number == pid) asleep = false;
        }
        return asleep;
    }

    /** When task {@code pid} was first woken within [from, to], or -1 (it was runnable already, or never woken). */
    long wokenAt(long pid, long from, long to) {
        for (Event e : events) {
            if (e.kind == TraceLine.Kind.WAKING && e.timeNs >= from && e.timeNs <= to && e.number == pid) return e.timeNs;
        }
        return -1;
    }

    /** Task {@code pid}'s kernel priority (0-99 real-time, 100-139 normal) as the window's wake-ups and switches say, or -1. */
    int prioOf(long pid) {
        for (Event e : events) {
            if ((e.kind == TraceLine.Kind.WAKING || e.kind == TraceLine.Kind.SWITCH) && e.number == pid) return e.prio;
        }
        return -1;
    }

    /** The CPU that first woke task {@code pid} within [from, to] (where its waker ran), or -1. */
    int wakerCpu(long pid, long from, long to) {
        for (Event e : events) {
            if (e.kind == TraceLine.Kind.WAKING && e.timeNs >= from && e.timeNs <= to && e.number == pid) return e.cpu;
        }
        return -1;
    }

    /**
     * The spans within [from, to) in which task {@code pid} slept (switched out asleep, until woken
     * again), taken to be runnable at {@code from}: its own blocking, not another's doing.
     */
    List<long[]> asleep(long pid, long from, long to) {
        List<long[]> spans = new ArrayList<>();
        long since = -1;
        for (Event e : events) {
            if (e.timeNs < from) continue;
            if (e.timeNs >= to) break;
            if (e.kind == TraceLine.Kind.SWITCH && e.prevBlocked && e.prevPid == pid && since < 0) since = e.timeNs;
            if (e.kind == TraceLine.Kind.WAKING && e.number == pid && since >= 0) {
                spans.add(new long[] {since, e.timeNs});
                since = -1;
            }
        }
        if (since >= 0) spans.add(new long[] {since, to});
        return spans;
    }

    /** Whether the trace holds anything for this CPU in the window (else the breakdown is all "not traced"). */
    boolean sawCpu(int cpu) {
        return initial.containsKey(cpu) || events.stream().anyMatch(e -> e.cpu == cpu);
    }

    /** Who had {@code cpu} over [from, to): the shares add up to to - from. */
    List<Share> breakdown(int cpu, long from, long to) {
        Map<String, long[]> shares = new LinkedHashMap<>(); // cause -> {ns, longest stretch}
        Task task = initial.get(cpu);
        long taskSince = fromNs;
        List<String> stack = new ArrayList<>();
        // an exit before any entry: the interrupt was already running when the window began
        for (Event e : events) {
            if (e.cpu != cpu) continue;
            if (e.kind == TraceLine.Kind.IRQ_ENTRY || e.kind == TraceLine.Kind.SOFTIRQ_ENTRY) break;
            if (e.kind == TraceLine.Kind.SOFTIRQ_EXIT) stack.add(softirq(e.name));
            if (e.kind == TraceLine.Kind.IRQ_EXIT) stack.add("IRQ " + e.number);
        }
        Map<Long, Integer> prios = new HashMap<>(); // the kernel priority of each task woken in the window
        for (Event e : events) {
            if (e.kind == TraceLine.Kind.WAKING) prios.put(e.number, e.prio);
            if (e.kind == TraceLine.Kind.SWITCH) prios.put(e.number, e.prio);
        }
        long t = fromNs;
        for (Event e : events) {
            if (e.cpu != cpu) continue;
            if (task == null) { // nothing known of this CPU before: "not traced" until this event names its task
                credit(shares, holder(null, stack), t, e.timeNs, from, to);
                t = Math.max(t, e.timeNs);
            }
            if (task == null || e.pid != task.pid()) {
                // a switch the trace does not show (the idle task's to the task it woke): the task named
                // by this event ran since the CPU's previous event
                stretch(shares, task, taskSince, t);
                task = new Task(e.pid == 0 ? "swapper" : e.comm, e.pid, prios.getOrDefault(e.pid, 120));
                taskSince = t;
            }
            if (e.kind == TraceLine.Kind.MARK || e.kind == TraceLine.Kind.WAKING) {
                credit(shares, holder(task, stack), t, e.timeNs, from, to);
                t = Math.max(t, e.timeNs);
                continue;
            }
            credit(shares, holder(task, stack), t, e.timeNs, from, to);
            t = Math.max(t, e.timeNs);
            switch (e.kind) {
                case SWITCH -> {
                    stretch(shares, task, taskSince, e.timeNs);
                    task = new Task(e.name, e.number, e.prio);
                    taskSince = e.timeNs;
                }
                case IRQ_ENTRY -> stack.add("IRQ " + e.number + " " + e.name);
                case SOFTIRQ_ENTRY -> stack.add(softirq(e.name));
                case IRQ_EXIT, SOFTIRQ_EXIT -> {
                    if (!stack.isEmpty()) stack.remove(stack.size() - 1);
                }
                default -> { }
            }
        }
        credit(shares, holder(task, stack), t, toNs, from, to);
        stretch(shares, task, taskSince, toNs);
        List<Share> out = new ArrayList<>();
        shares.forEach((k, v) -> out.add(new Share(k, v[0], v[1])));
        return out;
    }

    private static String softirq(String name) {
        return name + " softirq";
    }

    private static String holder(Task task, List<String> stack) {
        if (!stack.isEmpty()) return stack.get(stack.size() - 1);
        return task == null ? "not traced" : task.label();
    }

    /** Adds the part of [a, b) inside [from, to) to {@code cause}. */
    private static void credit(Map<String, long[]> shares, String cause, long a, long b, long from, long to) {
        long lo = Math.max(a, from);
        long hi = Math.min(b, to);
        if (hi <= lo) return;
        shares.computeIfAbsent(cause, k -> new long[2])[0] += hi - lo;
    }

    /** A task that had part of the CPU ran from {@code since} to {@code until} in one stretch. */
    private static void stretch(Map<String, long[]> shares, Task task, long since, long until) {
        if (task == null) return;
        long[] s = shares.get(task.label());
        if (s != null) s[1] = Math.max(s[1], until - since);
    }
}
