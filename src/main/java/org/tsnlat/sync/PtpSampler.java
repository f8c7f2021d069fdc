package org.tsnlat.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Reads one side's ptp4l once a second during a run and appends each reading (or why there was
 * none) to the sync log. Never sends anything but GET. A ptp4l that stops answering is recorded
 * as such every second, and picked up again if it comes back. A slave's master offset is the
 * median of {@value #OFFSET_READINGS} readings of TIME_STATUS_NP {@value #OFFSET_GAP_MS} ms apart:
 * ptp4l reports the raw offset of its last Sync, and one Sync that waited behind a frame reads as
 * an offset of up to that frame's time on the wire (seen: 50.7 us through an idle bridge, 237 us
 * under load), which one reading a second would hand to the verdicts as the clocks' (docs/trust.md).
 */
public final class PtpSampler implements AutoCloseable {
    public static final long INTERVAL_NS = OncePerSecond.INTERVAL_NS;
    static final int OFFSET_READINGS = 3;
    static final long OFFSET_GAP_MS = 150;

    private final String side;
    private final Path socket;
    private final int domain;
    private final int transportSpecific;
    private final LongSupplier clockNs;
    private final SyncLog log;
    private final OncePerSecond ticker;
    private volatile java.util.function.Consumer<PtpSample> listener = s -> { };
    /** The sampler thread's own. */
    private PtpManagementClient client;

    /**
     * @param side    "tx" or "rx"
     * @param clockNs that side's run clock, to time-stamp each reading
     */
    public PtpSampler(String side, Path socket, int domain, int transportSpecific, LongSupplier clockNs, SyncLog log) {
        this.side = side;
        this.socket = socket;
        this.domain = domain;
        this.transportSpecific = transportSpecific;
        this.clockNs = clockNs;
        this.log = log;
        this.ticker = new OncePerSecond("tsnlat-ptp-" + side, this::read, this::closeClient);
    }

    /** Also hands each reading to {@code l} (on the sampler's thread), e.g. to forward it. */
    public PtpSampler onSample(java.util.function.Consumer<PtpSample> l) {
        this.listener = l;
        return this;
    }

    public void start() {
        ticker.start();
    }

    private void read() {
        long t = clockNs.getAsLong();
        try {
            if (client == null) {
                client = PtpManagementClient.open(socket, domain, transportSpecific, Duration.ofMillis(300));
            }
            PtpHealth h = client.health();
            PtpSample s = PtpSample.of(side, t, h);
            if ("SLAVE".equals(s.portState())) s = s.withMasterOffsetNs(medianOffset(s.masterOffsetNs()));
            record(s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: this second's reading is not recorded
        } catch (RuntimeException e) {
            record(PtpSample.failed(side, t, e.getMessage()));
            closeClient();
        }
    }

    /** The median of {@code first} and the offsets of further readings {@value #OFFSET_GAP_MS} ms apart. */
    private long medianOffset(long first) throws InterruptedException {
        long[] offsets = new long[OFFSET_READINGS];
        offsets[0] = first;
        for (int i = 1; i < offsets.length; i++) {
            Thread.sleep(OFFSET_GAP_MS);
            offsets[i] = client.timeStatus().masterOffsetNs();
        }
        java.util.Arrays.sort(offsets);
        return offsets[offsets.length / 2];
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private void record(PtpSample s) {
        log.append(s);
        listener.accept(s);
    }

    @Override
    public void close() {
        ticker.close();
    }
}
