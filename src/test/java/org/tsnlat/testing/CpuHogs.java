package org.tsnlat.testing;

import java.util.ArrayList;
import java.util.List;

/** One busy SCHED_OTHER thread on every CPU until closed: the "CPU hog" of issue 12's acceptance. */
public final class CpuHogs implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();

    private CpuHogs() {
    }

    public static CpuHogs onEveryCpu() {
        CpuHogs hogs = new CpuHogs();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            hogs.threads.add(Thread.ofPlatform().name("cpu-hog-" + i).daemon().start(() -> {
                long x = 0;
                while (!Thread.currentThread().isInterrupted()) x += System.nanoTime() & 1;
                if (x == 42) System.out.print("");
            }));
        }
        return hogs;
    }

    /** No busy thread: the same shape for a test's run without them. */
    public static CpuHogs none() {
        return new CpuHogs();
    }

    public int count() {
        return threads.size();
    }

    @Override
    public void close() throws InterruptedException {
        for (Thread t : threads) t.interrupt();
        for (Thread t : threads) t.join();
    }
}
