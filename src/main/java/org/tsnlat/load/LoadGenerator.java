package org.tsnlat.load;

import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.UdpSocket;

/**
 * Sends a paced UDP stream on a connected socket: every {@value #TICK_NS} ns it sends what the
 * target rate allows since the start (a token bucket with no burst carried past one tick), or
 * as fast as it can at rate 0. Refused sends (a full qdisc answers ENOBUFS) are counted, not
 * retried: like netperf's UDP_STREAM, the stream does not slow down for the path.
 */
public final class LoadGenerator implements Runnable {
    static final long TICK_NS = 1_000_000L;

    private final UdpSocket socket;
    private final LoadSpec spec;
    private final long durationNs;
    private volatile boolean stopRequested;
    private volatile long sentDatagrams;
    private volatile long refused;
    private volatile long ranNs;

    public LoadGenerator(UdpSocket socket, LoadSpec spec, long durationNs) {
        this.socket = socket;
        this.spec = spec;
        this.durationNs = durationNs;
    }

    public void stop() {
        stopRequested = true;
    }

    @Override
    public void run() {
        Clock clock = Clock.open(ClockId.MONOTONIC);
        int size = spec.sizeBytes();
        socket.txBuffer().put(0, new byte[size]);
        long start = clock.nowNs();
        long end = durationNs == Long.MAX_VALUE ? Long.MAX_VALUE : start + durationNs;
        long bitsPerDatagram = size * 8L;
        long sent = 0;
        long refusedSends = 0;
        long now = start;
        while (!stopRequested && now - end < 0) {
            long due = spec.rateBitsPerSecond() == 0 ? sent + 64
                    : (long) ((double) (now - start) * spec.rateBitsPerSecond() / 1e9 / bitsPerDatagram);
            while (sent + refusedSends < due && !stopRequested) {
                if (socket.trySend(size) >= 0) {
                    sent++;
                } else {
                    refusedSends++;
                }
            }
            sentDatagrams = sent;
            refused = refusedSends;
            if (spec.rateBitsPerSecond() != 0) {
                clock.sleepUntilNs(now + TICK_NS);
            }
            now = clock.nowNs();
        }
        ranNs = now - start;
    }

    /** Figures so far (final once {@link #run()} has returned). */
    public LoadResult result(long receivedDatagrams, long receivedBytes) {
        long sent = sentDatagrams;
        return new LoadResult(sent, sent * spec.sizeBytes(), refused, receivedDatagrams, receivedBytes, ranNs, null);
    }
}
