package org.tsnlat.tune;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tsnlat.linux.Cpus;

/**
 * The plan's threads: each rule against the threads whose name (and process name) it matches. A
 * thread is judged by the first rule that matches it, so a rule for "vhost-*" before one for "*"
 * wins for vhost threads. A rule that matches no running thread is unknown, never held.
 */
final class ThreadCheck {
    private ThreadCheck() {
    }

    static List<Finding> check(List<HostPlan.ThreadRule> rules, List<Tasks.Task> tasks, String tasksUnreadable) {
        List<Finding> findings = new ArrayList<>();
        Set<Integer> claimed = new HashSet<>();
        for (HostPlan.ThreadRule rule : rules) {
            String item = "thread " + rule.name() + (rule.process() == null ? "" : " (process " + rule.process() + ")");
            if (tasksUnreadable != null) {
                findings.add(Finding.unknown(item, "/proc: " + tasksUnreadable));
                continue;
            }
            Glob name = Glob.of(rule.name());
            Glob process = rule.process() == null ? null : Glob.of(rule.process());
            List<String> evidence = new ArrayList<>();
            List<Change> fixes = new ArrayList<>();
            int matched = 0;
            for (Tasks.Task t : tasks) {
                if (!name.matches(t.comm()) || (process != null && !process.matches(t.processName()))
                        || !claimed.add(t.tid())) {
                    continue;
                }
                matched++;
                judge(rule, t, evidence, fixes);
            }
            if (matched == 0) {
                findings.add(Finding.unknown(item, "no thread named " + rule.name()
                        + (process == null ? "" : " in a process named " + rule.process()) + " runs"));
            } else if (evidence.isEmpty()) {
                findings.add(Finding.held(item, matched + (matched == 1 ? " thread" : " threads") + " as planned"
                        + planned(rule)));
            } else {
                findings.add(Finding.violated(item, evidence, fixes, null));
            }
        }
        return findings;
    }

    private static void judge(HostPlan.ThreadRule rule, Tasks.Task t, List<String> evidence, List<Change> fixes) {
        if (rule.cpus() != null) {
            BitSet want = Cpus.parseList(rule.cpus());
            if (!want.equals(t.affinity())) {
                evidence.add(t.describe() + " allowed on " + CpuMask.words(t.affinity()) + ", plan says "
                        + Cpus.formatList(want));
                fixes.add(new Change(Change.AFFINITY, t.describe(), null, null, t.tid(), t.stat().startTime(), t.comm(),
                        Cpus.formatList(t.affinity()), Cpus.formatList(want)));
            }
        }
        if (rule.policy() != null) {
            HostPlan.Policy p = HostPlan.Policy.named(rule.policy());
            int priority = rule.priority() == null ? 0 : rule.priority();
            if (t.stat().policy() != p.id || t.stat().rtPriority() != priority) {
                String want = p.name().toLowerCase(java.util.Locale.ROOT) + " " + priority;
                evidence.add(t.describe() + " runs " + t.scheduler() + ", plan says " + want);
                fixes.add(new Change(Change.SCHEDULER, t.describe(), null, null, t.tid(), t.stat().startTime(), t.comm(),
                        t.scheduler(), want));
            }
        }
    }

    private static String planned(HostPlan.ThreadRule rule) {
        List<String> parts = new ArrayList<>();
        if (rule.cpus() != null) parts.add("CPUs " + rule.cpus());
        if (rule.policy() != null) parts.add(rule.policy() + (rule.priority() == null ? "" : " " + rule.priority()));
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
