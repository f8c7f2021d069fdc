package org.tsnlat.env;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SortedMap;

/**
 * What the host did while a run measured: the differences of its counters between a reading when
 * the measurement's warm-up ended (at most {@link DuringSampler#BEFORE_FIGURES_NS} before) and one
 * when the loops ended. meta.json's {@code envDuring}, format {@value #FORMAT} version
 * {@value #VERSION}; docs/environment.md describes every field. Fields are only ever added within a
 * version; a reader ignores those it does not know.
 *
 * @param format         always {@value #FORMAT}
 * @param version        {@value #VERSION}
 * @param from           the first reading, ISO-8601 UTC; null when there is none
 * @param to             the second reading
 * @param spanNs         between the two readings (the denominator of every share below)
 * @param startBeforeFiguresNs how long before the end of the warm-up the first reading was taken
 * @param noDeltas       why there are no differences (the run ended within its warm-up), else null
 * @param measuringThreads this run's measuring threads by name ("tsnlat-tx") and tid (threads of
 *                       another tsnlat have the same names)
 * @param cpusOfInterest the CPUs the measuring threads could run on ("0-1", kernel list format), or
 *                       every CPU when there are none
 * @param cpus           time spent by each CPU ("cpu0") in each state during the span
 * @param softirqs       softirqs raised by kind ("NET_RX") and CPU, the kinds that changed only
 * @param interrupts     interrupts by line of /proc/interrupts that changed, the most first,
 *                       at most {@link DuringDeltas#TOP_INTERRUPTS}
 * @param interruptLinesChanged how many lines of /proc/interrupts changed in all
 * @param threadTime     how the threads' CPU time was read: "schedstat" (ns) or "ticks" (utime + stime)
 * @param threads        by CPU of interest ("cpu1"): the threads that used CPU time during the span
 *                       and were last seen on it
 * @param notes          what to know when reading these figures (threads that ended unseen, ...)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvDuring(String format, int version, String from, String to, Long spanNs, Long startBeforeFiguresNs,
        String noDeltas, SortedMap<String, Integer> measuringThreads, String cpusOfInterest, SortedMap<String, CpuTime> cpus,
        SortedMap<String, SortedMap<String, Long>> softirqs, List<IrqCount> interrupts, Integer interruptLinesChanged,
        String threadTime, SortedMap<String, CpuThreads> threads, List<String> notes) {

    public static final String FORMAT = "tsnlat-env-during";
    public static final int VERSION = 1;

    /** The order of CPU keys: "cpu2" before "cpu10", any other key after every CPU. */
    public static final java.util.Comparator<String> BY_CPU = java.util.Comparator.comparingInt(EnvDuring::cpuNumber)
            .thenComparing(java.util.Comparator.naturalOrder());

    private static int cpuNumber(String key) {
        try {
            return Integer.parseInt(key.substring(3));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** No differences, and why. */
    static EnvDuring none(String why) {
        return new EnvDuring(FORMAT, VERSION, null, null, null, null, why, null, null, null, null, null, null, null,
                null, List.of());
    }

    /**
     * Time one CPU spent in each state of /proc/stat during the span, ms.
     *
     * @param stealPercent steal as a share of the span: the hypervisor ran something else while
     *                     this virtual CPU wanted to run
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CpuTime(double userMs, double niceMs, double systemMs, double idleMs, double iowaitMs, double irqMs,
            double softirqMs, double stealMs, double stealPercent) {}

    /**
     * One line of /proc/interrupts that changed.
     *
     * @param irq   its label: the IRQ number ("38") or the kind ("LOC", "RES", "CAL")
     * @param name  the action name ("virtio2-input.0") or the kind's description ("Local timer interrupts")
     * @param total the interrupts on every CPU
     * @param byCpu the interrupts by CPU ("cpu0"), every CPU column
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IrqCount(String irq, String name, long total, SortedMap<String, Long> byCpu) {}

    /**
     * The threads that ran on one CPU during the span, the most CPU time first.
     *
     * @param top      at most {@link DuringDeltas#TOP_THREADS}
     * @param others   how many more used CPU time there
     * @param othersMs their CPU time together
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CpuThreads(List<ThreadTime> top, int others, double othersMs) {}

    /**
     * One thread's CPU time during the span.
     *
     * @param comm       its name (/proc/PID/task/TID/stat), from outside: escape before printing
     * @param pid        its process
     * @param tid        its id
     * @param policy     SCHED_OTHER, SCHED_FIFO... at the end
     * @param rtPriority its real-time priority (0 for OTHER)
     * @param nice       its nice value
     * @param cpuMs      its time on a CPU during the span
     * @param fromCpu    the CPU it was on at the first reading when that was another (it moved),
     *                   -1 when it started during the span, else null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThreadTime(String comm, int pid, int tid, String policy, int rtPriority, int nice, double cpuMs,
            Integer fromCpu) {}
}
