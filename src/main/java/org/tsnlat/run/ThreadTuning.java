package org.tsnlat.run;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.Scheduling;

/**
 * What a measuring thread asks of the kernel (policy, priority, CPUs, timer slack) and what it
 * got. Nothing is silently degraded: each request either holds or is named in {@link #notes()}.
 *
 * @param policy       scheduling policy asked for; {@code null} means "FIFO when root, else OTHER"
 * @param priority     real-time priority for FIFO/RR (1-99)
 * @param cpus         CPUs to pin the thread to; {@code null} leaves affinity alone
 * @param timerSlackNs timer slack for the thread (1 ns makes sleeps end on time)
 */
public record ThreadTuning(Scheduling.Policy policy, int priority, BitSet cpus, long timerSlackNs) {

    public static final int DEFAULT_PRIORITY = 80;

    public static ThreadTuning defaults() {
        return new ThreadTuning(null, DEFAULT_PRIORITY, null, 1);
    }

    /** What is in force on a thread after {@link #apply()}. */
    public record InForce(String thread, String policy, int priority, String cpus, long timerSlackNs,
                          List<String> notes) {
        public String describe() {
            String p = policy.equals("OTHER") ? "SCHED_OTHER" : "SCHED_" + policy + " " + priority;
            return thread + ": " + p + ", CPUs " + cpus + ", timer slack " + timerSlackNs + " ns";
        }
    }

    /** The policy asked for: the one given, else FIFO when root and OTHER when not. */
    public Scheduling.Policy wantedPolicy() {
        return policy != null ? policy : Scheduling.geteuid() == 0 ? Scheduling.Policy.FIFO : Scheduling.Policy.OTHER;
    }

    /** Applies the tuning to the calling thread and reports what holds. */
    public InForce apply() {
        List<String> notes = new ArrayList<>();
        String name = Thread.currentThread().getName();
        boolean root = Scheduling.geteuid() == 0;
        Scheduling.Policy wanted = wantedPolicy();
        if (wanted != Scheduling.Policy.OTHER) {
            try {
                Scheduling.setScheduler(wanted, priority);
            } catch (LinuxException e) {
                notes.add(name + ": SCHED_" + wanted + " " + priority + " not in force (" + e.getMessage()
                        + "; needs root or CAP_SYS_NICE)");
            }
        } else if (!root && policy == null) {
            notes.add(name + ": SCHED_OTHER (not root: no real-time scheduling)");
        }
        if (cpus != null) {
            try {
                Scheduling.setAffinity(cpus);
            } catch (LinuxException e) {
                notes.add(name + ": CPU affinity " + Cpus.formatList(cpus) + " not in force (" + e.getMessage() + ")");
            }
        }
        if (timerSlackNs > 0) {
            try {
                Scheduling.setTimerSlackNs(timerSlackNs);
            } catch (LinuxException e) {
                notes.add(name + ": timer slack not set (" + e.getMessage() + ")");
            }
        }
        return new InForce(name, Scheduling.getScheduler().name(), Scheduling.getPriority(),
                Cpus.formatList(Scheduling.getAffinity()), Scheduling.getTimerSlackNs(), List.copyOf(notes));
    }
}
