package org.tsnlat.tune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tsnlat.exit.Reasons;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.Scheduling;

/**
 * Holds a host to its plan: {@link #check} reads (and changes nothing), {@link #apply} changes what can
 * change at run time (thread affinity, policy and priority; IRQ affinity; RPS/XPS masks and RFS flow
 * counts), writing each old value to the state file first, and {@link #undo} puts those values back.
 */
public final class Tuner {
    private Tuner() {
    }

    /** Every item of the plan, in the plan's order of topics: kernel, threads, IRQs, interfaces, the rest. */
    public static List<Finding> check(HostPlan plan) {
        return check(plan, t -> true);
    }

    /**
     * As {@link #check(HostPlan)}, the thread rules judging only the threads {@code judged} accepts
     * (the other threads still count on the isolated CPUs).
     */
    static List<Finding> check(HostPlan plan, java.util.function.Predicate<Tasks.Task> judged) {
        List<Finding> f = new ArrayList<>(KernelCheck.check(plan.kernel()));
        List<Tasks.Task> tasks = List.of();
        String tasksUnreadable = null;
        if (!plan.threads().isEmpty() || plan.isolated() != null) {
            try {
                tasks = Tasks.all();
            } catch (IOException e) {
                tasksUnreadable = Reasons.of(e);
            }
        }
        f.addAll(ThreadCheck.check(plan.threads(), tasks.stream().filter(judged).toList(), tasksUnreadable));
        f.addAll(IrqCheck.check(plan.irqs()));
        f.addAll(NetCheck.check(plan.interfaces()));
        if (plan.rfs() != null) f.add(NetCheck.sockFlowEntries(plan.rfs()));
        if (plan.pmqos() != null) f.add(SystemCheck.pmqos(plan.pmqos()));
        if (plan.rtThrottling() != null) f.addAll(SystemCheck.rtThrottling(plan.rtThrottling()));
        if (plan.cpufreq() != null) f.add(SystemCheck.cpufreq(plan.cpufreq()));
        if (plan.cpuidle() != null) f.add(SystemCheck.cpuidle(plan.cpuidle()));
        if (plan.isolated() != null) f.add(SystemCheck.isolated(plan.isolated(), tasks, tasksUnreadable));
        return f;
    }

    /** A change that could not be made, and why. */
    public record Failure(Change change, String reason) {}

    /**
     * What apply did: the check before, the changes made, those that failed, and the check after
     * (what is still violated there needs a reboot, a command of its own, or failed).
     */
    public record Applied(List<Finding> before, List<Change> made, List<Failure> failed, List<Finding> after) {}

    /** Makes the violated items hold where a change at run time can; every old value goes to {@code state} first. */
    public static Applied apply(HostPlan plan, String planName, Path state) {
        List<Finding> before = check(plan);
        TuneState s = TuneState.read(state).orElse(TuneState.empty()).withPlan(planName);
        List<Change> made = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (Finding f : before) {
            for (Change c : f.fixes()) {
                TuneState next = s.with(c);
                next.write(state);
                String why = make(c);
                if (why == null) {
                    made.add(c);
                    s = next;
                } else {
                    failed.add(new Failure(c, why));
                    s.write(state);
                }
            }
        }
        if (s.changes().isEmpty()) TuneState.delete(state);
        return new Applied(before, made, failed, check(plan));
    }

    /** What undo did: the changes reversed, those whose thread is gone, and those that failed. */
    public record Undone(List<Change> restored, List<Change> gone, List<Failure> failed, boolean hadState) {}

    /** Puts back every value of {@code state}, newest first; the state file is deleted unless a restore failed. */
    public static Undone undo(Path state) {
        var read = TuneState.read(state);
        if (read.isEmpty()) return new Undone(List.of(), List.of(), List.of(), false);
        List<Change> changes = new ArrayList<>(read.get().changes());
        List<Change> restored = new ArrayList<>();
        List<Change> gone = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        List<Change> left = new ArrayList<>();
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change c = changes.get(i);
            if (c.tid() != null && !sameThread(c)) {
                gone.add(c);
                continue;
            }
            String why = make(c.reversed());
            if (why == null) {
                restored.add(c);
            } else {
                failed.add(new Failure(c, why));
                left.addFirst(c);
            }
        }
        if (left.isEmpty()) {
            TuneState.delete(state);
        } else {
            read.get().withChanges(left).write(state);
        }
        return new Undone(restored, gone, failed, true);
    }

    /** Makes one change; null, or why it failed. */
    static String make(Change c) {
        try {
            switch (c.kind()) {
                case Change.AFFINITY -> {
                    if (!sameThread(c)) return "the thread is gone";
                    Scheduling.setAffinityOf(c.tid(), Cpus.parseList(c.after()));
                }
                case Change.SCHEDULER -> {
                    if (!sameThread(c)) return "the thread is gone";
                    String[] p = c.after().split(" ");
                    HostPlan.Policy policy = HostPlan.Policy.named(p[0]);
                    if (policy == null) return "policy " + p[0] + " cannot be set";
                    Scheduling.setSchedulerOf(c.tid(), policy.id, Integer.parseInt(p[1]));
                }
                case Change.FILE -> {
                    return SysFiles.write(c.netns(), c.path(), c.after());
                }
                default -> {
                    return "unknown kind of change '" + c.kind().toLowerCase(Locale.ROOT) + "'";
                }
            }
            return null;
        } catch (LinuxException e) {
            return e.getMessage();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static boolean sameThread(Change c) {
        Tasks.Task t = Tasks.of(c.tid());
        return t != null && c.startTime() != null && t.stat().startTime() == c.startTime();
    }
}
