package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import java.util.BitSet;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.run.ThreadTuning;
import picocli.CommandLine.Option;

/** Scheduling of the measuring threads; shared by send, recv and run. */
final class TuningOptions {
    @Option(names = "--policy", paramLabel = "POLICY",
            description = "Scheduling policy of the measuring threads: FIFO, RR or OTHER. "
                    + "Default: FIFO when root (needs root or CAP_SYS_NICE), else OTHER.")
    Scheduling.Policy policy;

    @Option(names = {"-p", "--priority"}, paramLabel = "PRIO", defaultValue = "80", converter = Ranges.Priority.class,
            description = "Real-time priority for FIFO/RR, 1-99 (default: ${DEFAULT-VALUE}, as cyclictest -p 80).")
    int priority;

    @Option(names = "--cpu", paramLabel = "CPUS",
            description = "Pin the measuring thread(s) to these CPUs, e.g. 1 or 2-3 (default: leave affinity alone; "
                    + "'tsnlat run', when real-time, places its sender and receiver itself: see 'tsnlat run --help').")
    String cpus;

    @Option(names = "--best-effort",
            description = "Run even when an explicit --policy or --cpu cannot be applied (say what was not in force); "
                    + "without it such a run does not start (exit 9).")
    boolean bestEffort;

    ThreadTuning tuning() {
        BitSet set = cpus == null ? null : cpuList("--cpu", cpus);
        return new ThreadTuning(policy, priority, set, 1, !bestEffort && (policy != null || set != null));
    }

    /** {@code cpus} given to {@code option} ("1", "2-3"), refused (exit 2) unless every one is a CPU of this machine. */
    static BitSet cpuList(String option, String cpus) {
        BitSet set = Cpus.parseList(cpus);
        int online = Cpus.online();
        if (set.isEmpty() || set.length() > online) {
            throw new UsageException(option + " " + cpus + ": this machine has CPUs 0-" + (online - 1));
        }
        return set;
    }
}
