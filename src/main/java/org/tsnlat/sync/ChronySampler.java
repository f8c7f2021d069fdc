package org.tsnlat.sync;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads one side's chronyd ({@code tracking}, through {@link Chronyc}) once a second during a
 * run and appends each reading, or why there was none, to the sync log as a {@code chrony}
 * line. A chronyd that stops answering is recorded as such every second.
 */
public final class ChronySampler implements AutoCloseable {
    /** How long one reading may take: chronyc answers a local chronyd in a few ms. */
    public static final Duration TIMEOUT = Duration.ofMillis(500);

    private final String side;
    private final Chronyc chronyc;
    private final LongSupplier clockNs;
    private final SyncLog log;
    private final OncePerSecond ticker;
    private volatile Consumer<ChronySample> listener = s -> { };

    /**
     * @param side    "tx" or "rx"
     * @param clockNs that side's run clock, to time-stamp each reading
     */
    public ChronySampler(String side, Chronyc chronyc, LongSupplier clockNs, SyncLog log) {
        this.side = side;
        this.chronyc = chronyc;
        this.clockNs = clockNs;
        this.log = log;
        this.ticker = new OncePerSecond("tsnlat-chrony-" + side, this::read, () -> { });
    }

    /** Also hands each reading to {@code l} (on the sampler's thread), e.g. to forward it. */
    public ChronySampler onSample(Consumer<ChronySample> l) {
        this.listener = l;
        return this;
    }

    public void start() {
        ticker.start();
    }

    /** One reading, now (the sampler's thread calls it once a second). */
    ChronySample read() {
        long t = clockNs.getAsLong();
        ChronySample s;
        try {
            s = ChronySample.of(side, t, chronyc.tracking());
        } catch (RuntimeException e) {
            s = ChronySample.failed(side, t, e.getMessage());
        }
        log.append(s);
        listener.accept(s);
        return s;
    }

    @Override
    public void close() {
        ticker.close();
    }
}
