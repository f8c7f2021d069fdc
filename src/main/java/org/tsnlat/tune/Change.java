package org.tsnlat.tune;

/**
 * One setting {@code tune apply} changes, with the value it had, as the state file keeps it
 * (docs/tune.md, "The state file"). Three kinds:
 * <ul>
 * <li>{@code affinity}: thread {@code tid} (started at {@code startTime}, named {@code comm}), CPU lists;
 * <li>{@code scheduler}: the same thread, "fifo 50", "other 0" (policy and static priority);
 * <li>{@code file}: a file of /proc or /sys ({@code path}, inside network namespace {@code netns}
 *     when not null), its text: IRQ affinity, rps_cpus, xps_cpus, rps_flow_cnt, rps_sock_flow_entries.
 * </ul>
 *
 * @param kind      affinity, scheduler or file
 * @param target    what it is, for people: "thread vhost-1234 (tid 1240)", "IRQ 45 eth0-rx-2", "veth0 rx-0 rps_cpus"
 * @param netns     the network namespace of a file, or null
 * @param path      the file, or null
 * @param tid       the thread, or null
 * @param startTime the thread's start time (stat field 22): a tid reused by another thread is left alone
 * @param comm      the thread's name when changed
 * @param before    the value before apply, restored by undo
 * @param after     the value apply set
 */
public record Change(String kind, String target, String netns, String path, Integer tid, Long startTime, String comm,
        String before, String after) {
    static final String AFFINITY = "affinity";
    static final String SCHEDULER = "scheduler";
    static final String FILE = "file";

    /** Whether this change and {@code other} set the same thing (the first one's before is the original). */
    boolean sameSetting(Change other) {
        return kind.equals(other.kind) && java.util.Objects.equals(netns, other.netns)
                && java.util.Objects.equals(path, other.path) && java.util.Objects.equals(tid, other.tid)
                && java.util.Objects.equals(startTime, other.startTime);
    }

    /** This change the other way round: what undo does. */
    Change reversed() {
        return new Change(kind, target, netns, path, tid, startTime, comm, after, before);
    }
}
