package org.tsnlat.sync;

import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread that runs a reading once a second on an absolute schedule (a late reading
 * does not shift the next; one later than a whole period starts the schedule again), until
 * closed; then runs {@code atEnd} on the same thread. Shared by the samplers of the sync log.
 */
final class OncePerSecond implements AutoCloseable {
    static final long INTERVAL_NS = 1_000_000_000L;

    private final Thread thread;
    private volatile boolean stopping;

    OncePerSecond(String threadName, Runnable reading, Runnable atEnd) {
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(() -> {
            long next = System.nanoTime();
            while (!stopping) {
                reading.run();
                next += INTERVAL_NS;
                long wait = next - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                else next = System.nanoTime();
            }
            atEnd.run();
        });
    }

    void start() {
        thread.start();
    }

    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
