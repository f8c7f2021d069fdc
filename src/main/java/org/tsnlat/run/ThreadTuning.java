package org.tsnlat.run;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.Scheduling;

/**
 * What a measuring thread asks of the kernel (policy, priority, CPUs, timer slack) and what it
 * got. Nothing is silently degraded: each request either holds or is named in {@link InForce#notes()};
 * what was asked for explicitly and {@code required} and did not hold is in {@link InForce#refused()},
 * and the run does not start with it ({@link org.tsnlat.exit.Exit#NOT_GRANTED}).
 *
 * @param policy       scheduling policy asked for; {@code null} means "FIFO when root, else OTHER"
 * @param priority     real-time priority for FIFO/RR (1-99)
 * @param cpus         CPUs to pin the thread to; {@code null} leaves affinity alone
 * @param timerSlackNs timer slack for the thread (1 ns makes sleeps end on time)
 * @param required     an explicit policy or CPU set must hold (false: best effort, say what did not)
 */
public record ThreadTuning(Scheduling.Policy policy, int priority, BitSet cpus, long timerSlackNs, boolean required) {

    public static final int DEFAULT_PRIORITY = 80;

    /** Best effort: whatever does not hold is only noted. */
    public ThreadTuning(Scheduling.Policy policy, int priority, BitSet cpus, long timerSlackNs) {
        this(policy, priority, cpus, timerSlackNs, false);
    }

    public static ThreadTuning defaults() {
        return new ThreadTuning(null, DEFAULT_PRIORITY, null, 1);
    }

    /** The same request pinned to other CPUs. */
    public ThreadTuning pinnedTo(BitSet set) {
        return new ThreadTuning(policy, priority, set, timerSlackNs, required);
    }

    /**
     * What is in force on a thread after {@link #apply()}.
     *
     * @param refused what was asked for explicitly (and required) and did not hold, one line each
     */
    public record InForce(String thread, String policy, int priority, String cpus, long timerSlackNs,
                          List<String> notes, List<String> refused) {
        public String describe() {
            String p = policy.equals("OTHER") ? "SCHED_OTHER" : "SCHED_" + policy + " " + priority;
            return thread + ": " + p + ", CPUs " + cpus + ", timer slack " + timerSlackNs + " ns";
        }
    }

    /** The policy asked for: the one given, else FIFO when root and OTHER when not. */
    public Scheduling.Policy wantedPolicy() {
        return policy != null ? policy : Scheduling.geteuid() == 0 ? Scheduling.Policy.FIFO : Scheduling.Policy.OTHER;
    }

    /**
     * Whether this tuning can be applied, tried on a thread of its own that ends at once (so this
     * process keeps its settings): what a required request would be refused, one line each.
     */
    public List<String> check() throws InterruptedException {
        if (!required) return List.of();
        AtomicReference<List<String>> refused = new AtomicReference<>(List.of());
        Thread t = Thread.ofPlatform().name("tsnlat-tuning-check").start(() -> refused.set(apply().refused()));
        t.join();
        return refused.get();
    }

    /** Applies the tuning to the calling thread and reports what holds. */
    public InForce apply() {
        List<String> notes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        String name = Thread.currentThread().getName();
        boolean root = Scheduling.geteuid() == 0;
        Scheduling.Policy wanted = wantedPolicy();
        if (wanted != Scheduling.Policy.OTHER) {
            try {
                Scheduling.setScheduler(wanted, priority);
            } catch (LinuxException e) {
                String line = "SCHED_" + wanted + " " + priority + " not in force (" + e.getMessage()
                        + "; needs root or CAP_SYS_NICE)";
                notes.add(name + ": " + line);
                if (required && policy != null) refused.add("--policy " + wanted + ": " + line);
            }
        } else if (!root && policy == null) {
            notes.add(name + ": SCHED_OTHER (not root: no real-time scheduling)");
        }
        if (cpus != null) {
            try {
                Scheduling.setAffinity(cpus);
            } catch (LinuxException e) {
                String line = "CPU affinity " + Cpus.formatList(cpus) + " not in force (" + e.getMessage() + ")";
                notes.add(name + ": " + line);
                if (required) refused.add("--cpu " + Cpus.formatList(cpus) + ": " + line);
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
                Cpus.formatList(Scheduling.getAffinity()), Scheduling.getTimerSlackNs(), List.copyOf(notes),
                List.copyOf(refused));
    }
}
