package org.tsnlat.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * A record file with its own daemon writer thread: the hot thread {@link #offer}s records (never
 * blocking, never allocating), the writer thread drains them into a {@link RecordFileWriter} and
 * flushes at least every {@value #FLUSH_INTERVAL_MS} ms, so a kill -9 loses at most the records
 * of the last few tens of milliseconds.
 *
 * <p>Nothing is lost silently: a full pipe counts {@link #overflows()}, and if the disk fails the
 * error is kept ({@link #failure()}), later records are counted in {@link #lostRecords()} and
 * {@link #close()} reports both.
 */
public final class RecordWriterThread implements AutoCloseable {
    static final long FLUSH_INTERVAL_MS = 20;
    private static final long FLUSH_INTERVAL_NS = FLUSH_INTERVAL_MS * 1_000_000;
    private static final long IDLE_PARK_NS = 5_000_000;
    private static final int DRAIN_BATCH = 4096;

    private final RecordPipe pipe;
    private final RecordFileWriter writer;
    private final Thread thread;
    private final RecordSink discard;
    private volatile boolean closing;
    private volatile IOException failure;
    private volatile long recordsWritten;
    private volatile long lostRecords;
    private boolean closed;

    private RecordWriterThread(RecordFileWriter writer, int capacityRecords) {
        this.writer = writer;
        this.pipe = new RecordPipe(capacityRecords);
        this.discard = r -> lostRecords++;
        this.thread = Thread.ofPlatform().daemon().name("tsnlat-records-" + writer.header().kind())
                .unstarted(this::run);
    }

    /** Creates {@code file} (which must not exist) and starts its writer thread. */
    public static RecordWriterThread start(Path file, RecordHeader header, int capacityRecords)
            throws IOException {
        RecordWriterThread w = new RecordWriterThread(RecordFileWriter.create(file, header), capacityRecords);
        w.thread.start();
        return w;
    }

    /** Hot thread only: queues a copy of {@code r}; false (counted as overflow) when full. */
    public boolean offer(PacketRecord r) {
        return pipe.offer(r);
    }

    /** Records refused because the pipe was full. */
    public long overflows() {
        return pipe.overflows();
    }

    /** Records handed to the kernel so far. */
    public long recordsWritten() {
        return recordsWritten;
    }

    /** Records taken from the pipe but not written because writing had failed. */
    public long lostRecords() {
        return lostRecords;
    }

    /** The first write error, or null. */
    public IOException failure() {
        return failure;
    }

    private void run() {
        long lastFlushNs = System.nanoTime();
        try {
            while (!closing) {
                int drained = drain();
                long nowNs = System.nanoTime();
                if (nowNs - lastFlushNs >= FLUSH_INTERVAL_NS) {
                    flush();
                    lastFlushNs = nowNs;
                }
                if (drained == 0) {
                    LockSupport.parkNanos(this, IDLE_PARK_NS);
                }
            }
            while (drain() > 0) {
                // the hot thread has stopped: take everything that is left
            }
            flush();
        } catch (RuntimeException | Error e) {
            fail(new IOException(writer.file() + ": record writer thread died", e));
        } finally {
            try {
                writer.close();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    private int drain() {
        try {
            return pipe.drainTo(failure == null ? writer : discard, DRAIN_BATCH);
        } catch (IOException e) {
            lostRecords++;
            fail(e);
            return 1;
        }
    }

    private void flush() {
        if (failure != null) {
            return;
        }
        try {
            writer.flush();
            recordsWritten = writer.recordsWritten();
        } catch (IOException e) {
            lostRecords += writer.recordsAppended() - writer.recordsWritten();
            fail(e);
        }
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /**
     * Stops the writer thread after it has drained everything, flushed, forced and closed the
     * file. Idempotent and safe from a shutdown hook; the hot thread should stop offering first.
     *
     * @throws IOException if writing failed at any time, with the number of records lost
     */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            closing = true;
            LockSupport.unpark(thread);
            joinUninterruptibly();
            lostRecords += pipe.size();
        }
        IOException e = failure;
        if (e != null) {
            throw new IOException(writer.file() + ": writing records failed, " + lostRecords
                    + " records lost: " + e.getMessage(), e);
        }
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
