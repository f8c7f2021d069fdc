package org.tsnlat.run;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** One hot loop's records: its pipe, the file they go to, and the analysis that sees them first. */
    private record Channel(RecordPipe pipe, RecordFileWriter writer, RecordSink sink) {}

    private final List<Channel> channels = new ArrayList<>();
    private final Runnable everySecond;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;

    /** @param everySecond called on the recorder thread once a second, may be null */
    public Recorder(Runnable everySecond) {
        this.everySecond = everySecond;
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
        long nextFlushMs = System.currentTimeMillis() + FLUSH_INTERVAL_MS;
        long nextTickMs = System.currentTimeMillis() + 1000;
        try {
            while (!stopping) {
                int moved = drainAll();
                long nowMs = System.currentTimeMillis();
                if (nowMs >= nextFlushMs) {
                    flushAll();
                    nextFlushMs = nowMs + FLUSH_INTERVAL_MS;
                }
                if (everySecond != null && nowMs >= nextTickMs) {
                    everySecond.run();
                    nextTickMs += 1000;
                }
                if (moved == 0) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            drainAll();
            flushAll();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private int drainAll() throws IOException {
        int moved = 0;
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

    /** Drains what is left, flushes and closes the record files; rethrows a failure of the thread. */
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
                throw new UncheckedIOException(e);
            }
        }
        if (failure != null) {
            throw new IllegalStateException("recording failed: " + failure, failure);
        }
    }
}
