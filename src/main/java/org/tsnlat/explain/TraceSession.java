package org.tsnlat.explain;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.TraceFiles;

/**
 * The flight recorder of {@code --explain}: a private tracefs instance ({@code instances/tsnlat-<pid>},
 * never the global buffer) recording the scheduler, IRQ and softirq events of every CPU on the
 * probes' clock (trace_clock {@code tai}), read as it comes by a thread of its own into a ring of
 * the last {@value #RING_CHUNKS} x 16 KiB of trace in memory, while the measuring threads mark each
 * probe in it ({@link #marker}) and the recorder tells it each probe's times ({@link #consider}):
 * only the trace around the late ones reaches the run directory's {@code trace/trace.txt}
 * ({@link TraceRing}, {@link OutlierTrigger}), so a day's run keeps megabytes, not the 100 MB a
 * minute the kernel writes. Closed in reverse order of what it made: tracing off, the copy
 * drained and its kept chunks written, the instance removed, tracefs unmounted if this session
 * mounted it. An instance left by a process that died is removed by the next session.
 * docs/explain.md describes the file.
 */
public final class TraceSession implements AutoCloseable {
    public static final String DIRECTORY = "trace";
    public static final String FILE = "trace.txt";
    /** Per CPU: the copy drains it continuously, so this only has to hold the reader's stalls (seconds). */
    static final int BUFFER_KB_PER_CPU = 4096;
    /** The file stops growing past this (a note says so). */
    static final long MAX_BYTES = 2L << 30;
    /**
     * The trace held in memory, in chunks of 16 KiB: 16 MiB, some 8 s of a busy 2-CPU machine's
     * trace (2 MB/s); a probe found late later than that after its schedule loses its window.
     */
    static final int RING_CHUNKS = 1024;
    /**
     * The events recorded: those the analysis reads (who ran, who was woken, interrupts). The
     * network's and the timers' (net, napi, hrtimer) doubled the trace (40 % of its lines) and are
     * left out. Those this kernel lacks are named in {@link #missingEvents()}.
     */
    static final List<String> EVENTS = List.of("sched/sched_switch", "sched/sched_waking", "irq/irq_handler_entry",
            "irq/irq_handler_exit", "irq/softirq_entry", "irq/softirq_exit");
    static final String INSTANCE_PREFIX = "tsnlat-";
    private static final List<String> MOUNT_POINTS = List.of("/sys/kernel/tracing", "/sys/kernel/debug/tracing");

    private final Path tracefs;
    private final boolean mountedHere;
    private final Path instance;
    private final Path out;
    private final List<String> missing;
    private final List<String> notes = new ArrayList<>();
    private final List<TraceFiles.Marker> markers = new ArrayList<>();
    private final TraceRing ring;
    private final OutlierTrigger trigger;
    private final OutputStream file;
    private final Thread copier;
    private volatile boolean stopping;
    private volatile long copiedBytes;
    private volatile String copyFailure;
    private boolean closed;

    /** Why a session could not start: the run goes on without it, saying so. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private TraceSession(Path tracefs, boolean mountedHere, Path instance, Path out, List<String> missing,
                         long runMinusTraceNs, ExplainThreshold explainAbove, Breaktrace.Rule breaktrace) throws IOException {
        this.tracefs = tracefs;
        this.mountedHere = mountedHere;
        this.instance = instance;
        this.out = out;
        this.missing = missing;
        this.file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
        this.ring = new TraceRing(RING_CHUNKS, file, MAX_BYTES);
        this.trigger = new OutlierTrigger(ring, runMinusTraceNs, explainAbove, breaktrace);
        this.copier = Thread.ofPlatform().daemon().name("tsnlat-trace").unstarted(this::copy);
    }

    /**
     * Starts recording into {@code runDirectory/trace/trace.txt}.
     *
     * @param breaktrace {@code --breaktrace} ({@link Breaktrace.Rule#OFF} for none): the probe that passes it
     *                   is handed to its callback (on the recorder's thread, once, its trace kept), which stops the run
     * @throws Unavailable not root, no tracefs, or the instance cannot be made: the reason in plain words
     */
    public static TraceSession start(Path runDirectory, org.tsnlat.linux.ClockId runClock, ExplainThreshold explainAbove,
                                     Breaktrace.Rule breaktrace) throws Unavailable {
        if (!isRoot()) throw new Unavailable("--explain needs root (a tracefs instance): running without it");
        Path tracefs = null;
        for (String p : MOUNT_POINTS) {
            if (Files.exists(Path.of(p, "instances"))) {
                tracefs = Path.of(p);
                break;
            }
        }
        boolean mounted = false;
        if (tracefs == null) {
            try {
                TraceFiles.mountTracefs(MOUNT_POINTS.get(0));
            } catch (LinuxException e) {
                throw new Unavailable("--explain: tracefs is not mounted and could not be (" + e.getMessage() + ")");
            }
            tracefs = Path.of(MOUNT_POINTS.get(0));
            mounted = true;
        }
        removeStale(tracefs);
        Path instance = tracefs.resolve("instances").resolve(INSTANCE_PREFIX + ProcessHandle.current().pid());
        TraceSession s = null;
        try {
            Files.createDirectory(instance);
            write(instance.resolve("buffer_size_kb"), Integer.toString(BUFFER_KB_PER_CPU));
            write(instance.resolve("trace_clock"), "tai");
            List<String> missing = new ArrayList<>();
            for (String e : EVENTS) {
                Path enable = instance.resolve("events").resolve(e).resolve("enable");
                if (Files.exists(enable)) write(enable, "1");
                else missing.add(e.replace('/', ':'));
            }
            Path dir = Files.createDirectories(runDirectory.resolve(DIRECTORY));
            long runMinusTraceNs = org.tsnlat.linux.Clock.offsetNs(runClock, org.tsnlat.linux.ClockId.TAI);
            s = new TraceSession(tracefs, mounted, instance, dir.resolve(FILE), List.copyOf(missing), runMinusTraceNs,
                    explainAbove, breaktrace);
            new TraceClock("tai", runClock.name(), runMinusTraceNs, explainAbove).write(runDirectory);
            write(instance.resolve("tracing_on"), "1");
            s.copier.start();
            return s;
        } catch (IOException | RuntimeException e) {
            if (s != null) s.close();
            else removeInstance(instance, mounted ? tracefs : null);
            throw new Unavailable("--explain: could not set up the trace instance " + instance + " (" + e.getMessage() + ")");
        }
    }

    /** A marker for one measuring thread, tagged e.g. "tsnlat-rx"; closed with the session, after the threads. */
    public synchronized TraceFiles.Marker marker(String tag) {
        TraceFiles.Marker m = TraceFiles.Marker.open(instance.resolve("trace_marker").toString(), tag);
        markers.add(m);
        return m;
    }

    /** Events this kernel has none of (e.g. napi:napi_poll), as "group:event". */
    public List<String> missingEvents() {
        return missing;
    }

    /** What the reader must know: missing events, a copy cut short, marks lost. Valid after {@link #close()}. */
    public synchronized List<String> notes() {
        List<String> n = new ArrayList<>(notes);
        if (!missing.isEmpty()) n.add(0, "kernel trace: no " + String.join(", ", missing) + " on this kernel");
        return n;
    }

    public Path file() {
        return out;
    }

    /**
     * Probe {@code seq}'s times (run clock): scheduled, and done (app RX, or the kernel's TX time on
     * a sender alone); the trace around it is kept when it was late, and with --breaktrace the run
     * may be stopped at it (recorder thread only).
     */
    public void consider(long seq, long scheduledNs, long endNs) {
        trigger.consider(seq, scheduledNs, endNs);
    }

    private void copy() {
        byte[] buf = new byte[1 << 16];
        try (TraceFiles.Pipe pipe = TraceFiles.Pipe.open(instance.resolve("trace_pipe").toString(), buf.length);
                OutputStream o = file) {
            int idle = 0;
            long total = 0;
            while (true) {
                int n = pipe.read(buf);
                if (n > 0) {
                    idle = 0;
                    ring.append(buf, n);
                    total += n;
                    copiedBytes = total;
                } else if (stopping && ++idle >= 3) {
                    break; // tracing is off and the pipe stayed empty: all of it is read
                } else {
                    Thread.sleep(20);
                }
            }
            ring.finish();
        } catch (IOException | RuntimeException e) {
            copyFailure = e.getMessage() != null ? e.getMessage() : e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            write(instance.resolve("tracing_on"), "0");
        } catch (IOException e) {
            notes.add("kernel trace: could not stop the instance's tracing (" + e.getMessage() + ")");
        }
        stopping = true;
        try {
            copier.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long lost = 0;
        for (TraceFiles.Marker m : markers) {
            lost += m.failures();
            m.close();
        }
        if (lost > 0) notes.add("kernel trace: " + lost + " probe marks could not be written");
        if (copyFailure != null) notes.add("kernel trace: the copy failed (" + copyFailure + ")");
        if (ring.droppedBytes() > 0) {
            notes.add("kernel trace: " + FILE + " stopped at " + MAX_BYTES + " bytes; " + ring.droppedBytes()
                    + " bytes of trace around later late probes not kept");
        }
        notes.add(String.format("kernel trace: %.1f MB of %.1f MB kept, around %d late probes (%s)",
                ring.bytesWritten() / 1e6, copiedBytes / 1e6, ring.windows(), DIRECTORY + "/" + FILE));
        if (ring.windowsLate() > 0) {
            notes.add("kernel trace: " + ring.windowsLate() + " of " + ring.windows() + " late probes were found after"
                    + " part of their trace had left memory (" + RING_CHUNKS * TraceRing.CHUNK_BYTES / (1 << 20)
                    + " MiB held): their windows may be cut short");
        }
        String left = removeInstance(instance, mountedHere ? tracefs : null);
        if (left != null) notes.add(left);
    }

    /** Removes an instance (and unmounts tracefs when given); a note when something stays. */
    private static String removeInstance(Path instance, Path unmount) {
        String note = null;
        try {
            if (Files.exists(instance)) Files.delete(instance); // rmdir: the kernel frees the instance
        } catch (IOException e) {
            note = "kernel trace: could not remove " + instance + " (" + e.getMessage() + ")";
        }
        if (unmount != null) {
            try {
                TraceFiles.unmount(unmount.toString());
            } catch (LinuxException e) {
                note = (note == null ? "" : note + "; ") + "kernel trace: tracefs mounted for the run left mounted (" + e.getMessage() + ")";
            }
        }
        return note;
    }

    /** Instances of tsnlat processes that no longer run (killed mid-run) are removed. */
    static void removeStale(Path tracefs) {
        try (Stream<Path> s = Files.list(tracefs.resolve("instances"))) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(INSTANCE_PREFIX)) continue;
                long pid;
                try {
                    pid = Long.parseLong(name.substring(INSTANCE_PREFIX.length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isPresent()) continue;
                removeInstance(p, null);
            }
        } catch (IOException e) {
            // a stale instance costs memory, not correctness: the next session tries again
        }
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    private static boolean isRoot() {
        return org.tsnlat.linux.Scheduling.geteuid() == 0;
    }
}
