package org.tsnlat.agent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an agent has done since it started: requests accepted, runs started, and every refusal
 * counted under its reason (docs/agent.md, "Refusals"). Read by the authenticated {@code stats} op.
 */
public final class AgentStats {
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

    void accepted() {
        accepted.incrementAndGet();
    }

    void started() {
        started.incrementAndGet();
    }

    void refused(String reason) {
        refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** Requests carried out. */
    public long acceptedCount() {
        return accepted.get();
    }

    /** Child processes started. */
    public long startedCount() {
        return started.get();
    }

    /** Refusals of this reason so far. */
    public long refusedCount(String reason) {
        AtomicLong n = refused.get(reason);
        return n == null ? 0 : n.get();
    }

    /** Every reason refused so far, with its count, by name. */
    public Map<String, Long> refusedByReason() {
        Map<String, Long> m = new TreeMap<>();
        refused.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
