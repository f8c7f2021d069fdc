package org.tsnlat.run;

import com.sun.management.ThreadMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the JVM did behind the measuring threads between two moments (the end of the warm-up
 * and the end of the run): bytes each hot thread allocated, and garbage collections. The hot
 * loops are written to allocate nothing; every run shows whether they did.
 */
final class JvmHealth {
    private final Map<String, Thread> threads;
    private final Map<String, Long> allocatedAtStart = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> allocatedAtEnd = new java.util.concurrent.ConcurrentHashMap<>();
    private long gcCountAtStart;
    private long gcMillisAtStart;
    private volatile boolean started;

    JvmHealth(Map<String, Thread> threads) {
        this.threads = threads;
    }

    /** The collections counted until {@link #stop()}: -1 while measuring. */
    private volatile long gcCountAtStop = -1;
    private volatile long gcMillisAtStop = -1;

    /** When the loops have ended: later collections (of the reports' work) are not the measurement's. */
    void stop() {
        if (!started || gcCountAtStop >= 0) return;
        gcMillisAtStop = gcMillis();
        gcCountAtStop = gcCount();
    }

    /** Called from another thread when the warm-up ends. */
    void start() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.forEach((name, t) -> {
            long b = mx.getThreadAllocatedBytes(t.threadId());
            if (b >= 0) allocatedAtStart.put(name, b);
        });
        gcCountAtStart = gcCount();
        gcMillisAtStart = gcMillis();
        started = true;
    }

    /**
     * What a hot thread had allocated when its steady loop ended (the sender's last probe, the
     * receiver's end of session), before the once-per-run end-of-session work: read by the
     * thread itself, since a finished thread can no longer be asked.
     */
    void ended(String name, long allocatedBytes) {
        if (allocatedBytes >= 0) allocatedAtEnd.put(name, allocatedBytes);
    }

    /** The figures since {@link #start()}, or null when it was never reached (a run shorter than its warm-up). */
    Map<String, Object> since() {
        if (!started) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        threads.forEach((name, t) -> {
            Long start = allocatedAtStart.get(name);
            Long end = allocatedAtEnd.get(name);
            // -1: unknown, also when the loop's steady part ended before the warm-up did
            bytes.put(name, start == null || end == null || end < start ? -1 : end - start);
        });
        m.put("allocatedBytesAfterWarmup", bytes);
        m.put("gcCountAfterWarmup", (gcCountAtStop >= 0 ? gcCountAtStop : gcCount()) - gcCountAtStart);
        m.put("gcMillisAfterWarmup", (gcMillisAtStop >= 0 ? gcMillisAtStop : gcMillis()) - gcMillisAtStart);
        return m;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }
}
