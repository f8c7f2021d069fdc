package org.tsnlat.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tsnlat.linux.Scheduling;

/**
 * The measuring threads: each applies its tuning, reports what is in force and its thread id,
 * then waits for {@link #go()} so that nothing is scheduled before the run is ready (the
 * environment snapshot needs the threads' ids and settings). A loop that throws is reported to
 * {@code onFailure} instead of dying with a stack trace. Closing releases threads still waiting for
 * {@code go()} without running their loops (a start that failed half-way), and joins them all.
 * With {@link #holdAtEnd()} a thread whose loop has ended stays until {@link #join()}, so that
 * what is checked of it at the end (--plan: its CPUs, its policy) is still there to see.
 */
final class LoopThreads implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> inForce = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean aborted;
    private final Map<String, Integer> tids = Collections.synchronizedMap(new TreeMap<>());
    private final CountDownLatch go = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, CountDownLatch> ended = new java.util.HashMap<>();
    private volatile boolean hold;
    private final Consumer<String> onFailure;
    private CountDownLatch tuned;
    private JvmHealth health;

    LoopThreads(Consumer<String> onFailure) {
        this.onFailure = onFailure;
    }

    void add(String name, ThreadTuning tuning, Runnable loop) {
        CountDownLatch loopEnded = new CountDownLatch(1);
        ended.put(name, loopEnded);
        threads.add(Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                try {
                    ThreadTuning.InForce f = tuning.apply();
                    notes.addAll(f.notes());
                    refused.addAll(f.refused());
                    inForce.add(f.describe());
                    tids.put(name, Scheduling.gettid());
                } finally {
                    tuned.countDown();
                }
                go.await();
                if (aborted) return;
                loop.run();
                if (health != null) health.ended(name, steadyEnd(loop));
                loopEnded.countDown();
                if (hold) release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                onFailure.accept(name + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            } finally {
                loopEnded.countDown();
            }
        }));
    }

    /** Threads whose loop has ended stay until {@link #join()} (before {@link #startAndAwaitTuned()}). */
    void holdAtEnd() {
        hold = true;
    }

    /** Watches the threads' allocation and the GC from {@link JvmHealth#start()} to their end. */
    JvmHealth health() {
        if (health == null) {
            Map<String, Thread> byName = new java.util.LinkedHashMap<>();
            for (Thread t : threads) byName.put(t.getName(), t);
            health = new JvmHealth(byName);
        }
        return health;
    }

    private static long steadyEnd(Runnable loop) {
        if (loop instanceof Sender s) return s.allocatedAtSteadyEnd();
        if (loop instanceof Receiver r) return r.allocatedAtSteadyEnd();
        return AllocationMeter.current();
    }

    /** Waits up to {@code timeoutMs} for the loop named {@code name} to end (its thread may be held); true when it has. */
    boolean awaitEnd(String name, long timeoutMs) throws InterruptedException {
        CountDownLatch e = ended.get(name);
        return e == null || e.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** How long the threads may take to apply their tuning (seconds on a busy machine, never this). */
    static final long TUNING_WAIT_S = 30;

    /** Starts the threads and waits until each has applied its tuning; fails when one has not in time. */
    void startAndAwaitTuned() throws InterruptedException {
        tuned = new CountDownLatch(threads.size());
        threads.forEach(Thread::start);
        if (!tuned.await(TUNING_WAIT_S, TimeUnit.SECONDS)) {
            throw new SetupException(org.tsnlat.exit.Exit.FAILED, "the measuring threads did not start within "
                    + TUNING_WAIT_S + " s (a machine this busy cannot measure)", null);
        }
    }

    void go() {
        go.countDown();
    }

    /** What a thread was asked for explicitly (required) and did not get; empty when all holds. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    /** Releases the threads without running their loops if {@link #go()} was not called, and joins them. */
    @Override
    public void close() {
        if (go.getCount() > 0) {
            aborted = true;
            go.countDown();
        }
        join();
    }

    /** Lets the threads held at their end go ({@link #holdAtEnd()}) and joins them all. */
    void join() {
        release.countDown();
        boolean wasInterrupted = false;
        for (Thread t : threads) {
            if (t.getState() == Thread.State.NEW) continue;
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    wasInterrupted = true;
                }
            }
        }
        if (wasInterrupted) Thread.currentThread().interrupt();
    }

    /** What is in force on each thread, sorted by thread name. */
    List<String> inForce() {
        return inForce.stream().sorted().toList();
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    /** Thread name to Linux thread id, for the environment snapshot. */
    Map<String, Integer> tids() {
        return Map.copyOf(tids);
    }
}
