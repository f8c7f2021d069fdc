package org.tsnlat.env;

import java.util.Map;

/**
 * Reads the host's counters when a measurement's figures begin and again when its loops end, and
 * gives their differences ({@link EnvDuring}). Both readings run on threads of their own (the
 * warm-up's end watcher, the main thread), never on the measuring threads: a reading allocates
 * and reads a few hundred small files. The first reading is taken just before the warm-up ends,
 * so that its own work falls into the warm-up; a run whose loops end before it has no differences.
 */
public final class DuringSampler {
    /** The first reading is taken this long before the figures begin (the end of the warm-up), at most. */
    public static final long BEFORE_FIGURES_NS = 300_000_000L;

    private final Map<String, Integer> tsnlatTids;
    private HostSample start;
    private long startBeforeFiguresNs;
    private boolean ended;

    /** @param tsnlatTids the measuring threads by name ("tsnlat-rx") and tid: their CPUs are the CPUs of interest */
    public DuringSampler(Map<String, Integer> tsnlatTids) {
        this.tsnlatTids = Map.copyOf(tsnlatTids);
    }

    /**
     * The first reading, unless the loops have ended already.
     *
     * @param figuresStartNanoTime System.nanoTime() at which the warm-up ends
     */
    public synchronized void start(long figuresStartNanoTime) {
        if (ended || start != null) return;
        start = HostSample.take(tsnlatTids);
        startBeforeFiguresNs = Math.max(0, figuresStartNanoTime - start.monotonicNs());
    }

    /** The second reading, once the loops have ended, and the differences; no first reading: none, and why. */
    public EnvDuring end() {
        HostSample first;
        synchronized (this) {
            ended = true;
            first = start;
        }
        if (first == null) {
            return EnvDuring.none("the run ended within its warm-up (before the first reading, taken as the warm-up"
                    + " ends): no differences");
        }
        try {
            return DuringDeltas.between(first, HostSample.take(tsnlatTids), tsnlatTids, startBeforeFiguresNs);
        } catch (RuntimeException e) {
            return EnvDuring.none("the differences could not be made: " + e);
        }
    }
}
