package org.tsnlat.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.record.RecordSink;

/**
 * The one thread that does the slow work for the hot loops: takes their records from the pipes,
 * lets the analyses see them (which may set flags), appends them to the record files, flushes
 * at least every {@value #FLUSH_INTERVAL_MS} ms (so a {@code kill -9} loses at most that much),
 * and calls the live printer once a second. Disk I/O never delays a probe.
 */
public final class Recorder implements AutoCloseable {
    static final long FLUSH_INTERVAL_MS = 50;
    /**
     * How long the recorder sleeps when the pipes are empty: long enough that its wake-ups do not
     * crowd the measuring threads on a small machine (10 ms), short enough that the pipes (65 536
     * records each) never fill: 500 records at 50 kHz.
     */
    static final long IDLE_PARK_NS = 10_000_000L;

    /** One hot loop's records: its pipe, the file they go to, and the analysis that sees them first. */
    private record Channel(RecordPipe pipe, RecordFileWriter writer, RecordSink sink) {}

    private final List<Channel> channels = new ArrayList<>();
    private final List<SideChannel> sideChannels = new ArrayList<>();
    private final List<java.util.function.BiConsumer<java.nio.ByteBuffer, Integer>> sideSinks = new ArrayList<>();
    private final Runnable everySecond;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;

    private final java.util.function.Consumer<String> onFailure;

    /**
     * @param everySecond called on the recorder thread once a second, may be null
     * @param onFailure   told (once, from the recorder thread) why recording stopped, so the
     *                    measurement can stop too instead of running on with nothing recorded
     */
    public Recorder(Runnable everySecond, java.util.function.Consumer<String> onFailure) {
        this.everySecond = everySecond;
        this.onFailure = onFailure;
        this.thread = Thread.ofPlatform().name("tsnlat-recorder").daemon(true).unstarted(this::loop);
    }

    public void add(RecordPipe pipe, RecordFileWriter writer, Consumer<PacketRecord> analysis) {
        channels.add(new Channel(pipe, writer, r -> {
            analysis.accept(r);
            writer.append(r);
        }));
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        // monotonic: a step of the wall clock (phc2sys, NTP) must not stall flushing
        long nextFlushNs = System.nanoTime() + FLUSH_INTERVAL_MS * 1_000_000;
        long nextTickNs = System.nanoTime() + 1_000_000_000L;
        try {
            while (!stopping) {
                int moved = drainAll();
                long nowNs = System.nanoTime();
                if (nowNs - nextFlushNs >= 0) {
                    flushAll();
                    nextFlushNs = nowNs + FLUSH_INTERVAL_MS * 1_000_000;
                }
                if (everySecond != null && nowNs - nextTickNs >= 0) {
                    everySecond.run();
                    nextTickNs = Math.max(nextTickNs + 1_000_000_000L, nowNs);
                }
                if (moved == 0) {
                    LockSupport.parkNanos(IDLE_PARK_NS);
                }
            }
            drainAll();
            flushAll();
        } catch (Throwable t) {
            failure = t;
            onFailure.accept(describe(t));
        }
    }

    /** Also drains {@code channel} into {@code sink} (on this thread). */
    void add(SideChannel channel, java.util.function.BiConsumer<java.nio.ByteBuffer, Integer> sink) {
        sideChannels.add(channel);
        sideSinks.add(sink);
    }

    private int drainAll() throws IOException {
        int moved = 0;
        for (int i = 0; i < sideChannels.size(); i++) {
            sideChannels.get(i).drain(sideSinks.get(i));
        }
        for (Channel c : channels) {
            moved += c.pipe.drainTo(c.sink, Integer.MAX_VALUE);
        }
        return moved;
    }

    private void flushAll() throws IOException {
        for (Channel c : channels) {
            c.writer.flush();
        }
    }

    private String describe(Throwable t) {
        if (full(t)) {
            return "the disk filled: recording stopped (" + t.getMessage() + ")";
        }
        return "recording: " + (t.getMessage() != null ? t.getMessage() : t.toString());
    }

    /** Whole records handed to the kernel, by record file name (for meta.json's end). */
    public java.util.Map<String, Long> recordsWritten() {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        for (Channel c : channels) {
            m.put(c.writer.file().getFileName().toString(), c.writer.recordsWritten());
        }
        return m;
    }

    /** Whether recording stopped because the file system was full. */
    public boolean diskFull() {
        return failure != null && full(failure);
    }

    private boolean full(Throwable t) {
        if (DiskFull.is(t)) return true;
        for (Channel c : channels) {
            if (DiskFull.noRoomAt(c.writer.file())) return true;
        }
        return false;
    }

    /** Why recording stopped early, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Drains what is left, flushes and closes the record files (a failure is in {@link #failure()}). */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Channel c : channels) {
            try {
                c.writer.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                    onFailure.accept(describe(e));
                }
            }
        }
    }
}
