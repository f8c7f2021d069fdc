package org.tsnlat.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Follows one side's phc2sys log ({@link Phc2sysLog}) during a run and once a second appends
 * what its new lines say to the sync log as a {@code phc2sys} line, or why the log could not be
 * read. phc2sys has no management socket of its own to ask (docs/sync-samples.md), so its output
 * is the only place its view is found. The log is opened at the first reading, at its end; one
 * that becomes unreadable is recorded as such every second and opened again, from its start.
 */
public final class Phc2sysSampler implements AutoCloseable {
    private final String side;
    private final Path file;
    private final LongSupplier clockNs;
    private final SyncLog log;
    private final OncePerSecond ticker;
    private final Phc2sysSecond second = new Phc2sysSecond();
    private volatile Consumer<Phc2sysSample> listener = s -> { };
    private Phc2sysLog follower;
    private boolean opened;
    /** System.nanoTime of the last offset or summary line read (of the start, before the first). */
    private long lastLineNano = System.nanoTime();

    /**
     * @param side    "tx" or "rx"
     * @param file    the log phc2sys writes to ({@code phc2sys -m ... > FILE}, or syslog's file)
     * @param clockNs that side's run clock, to time-stamp each sample
     */
    public Phc2sysSampler(String side, Path file, LongSupplier clockNs, SyncLog log) {
        this.side = side;
        this.file = file;
        this.clockNs = clockNs;
        this.log = log;
        this.ticker = new OncePerSecond("tsnlat-phc2sys-" + side, this::read, this::closeFollower);
    }

    /** Also hands each sample to {@code l} (on the sampler's thread), e.g. to forward it. */
    public Phc2sysSampler onSample(Consumer<Phc2sysSample> l) {
        this.listener = l;
        return this;
    }

    public void start() {
        ticker.start();
    }

    /** One sample, now: the lines since the last (the sampler's thread calls it once a second). */
    Phc2sysSample read() {
        String error = null;
        try {
            if (follower == null) {
                follower = Phc2sysLog.follow(file, !opened);
                opened = true;
            }
            follower.readNew(second::add);
        } catch (IOException e) {
            error = "phc2sys log " + file + ": " + org.tsnlat.exit.Reasons.of(e);
            closeFollower();
        } catch (RuntimeException e) { // a sampler never ends the run: the failure is its sample
            error = "phc2sys log " + file + ": " + e;
            closeFollower();
        }
        long nowNano = System.nanoTime();
        if (second.anyLine()) lastLineNano = nowNano;
        long t = clockNs.getAsLong();
        Phc2sysSample s = second.sample(side, t, nowNano - lastLineNano);
        if (error != null) s = Phc2sysSample.failed(side, t, error, nowNano - lastLineNano);
        log.append(s);
        listener.accept(s);
        return s;
    }

    private void closeFollower() {
        if (follower == null) return;
        try {
            follower.close();
        } catch (IOException e) {
            // a read-only file: nothing is lost
        }
        follower = null;
    }

    @Override
    public void close() {
        ticker.close();
    }
}
