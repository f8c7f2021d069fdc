package org.tsnlat.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The resources of one lifecycle (a measurement's sockets, threads, files), closed in the reverse
 * order of opening, on every path: a failure half-way still closes what was opened (threads
 * stopped, record files flushed and fsynced). A resource that fails to close does not stop the
 * others; its failure is kept, named, for the run's end.
 */
final class Resources implements AutoCloseable {
    private record Entry(String name, AutoCloseable resource) {}

    private final Deque<Entry> open = new ArrayDeque<>();
    private final List<String> failures = new ArrayList<>();

    /** Takes {@code resource} (null: nothing) to close later, named for messages; returns it. */
    <T extends AutoCloseable> T add(String name, T resource) {
        if (resource != null) {
            open.push(new Entry(name, resource));
        }
        return resource;
    }

    /** Closes everything taken so far, newest first. */
    @Override
    public void close() {
        while (!open.isEmpty()) {
            Entry e = open.pop();
            try {
                e.resource().close();
            } catch (Exception | LinkageError | AssertionError ex) {
                failures.add(e.name() + ": " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            }
        }
    }

    /** What failed to close, one line each. */
    List<String> failures() {
        return List.copyOf(failures);
    }
}
