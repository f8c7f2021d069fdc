package org.tsnlat.load;

import org.tsnlat.linux.RxInfo;
import org.tsnlat.linux.UdpSocket;

/** Receives and counts a load stream until stopped. */
public final class LoadSink implements Runnable {
    private final UdpSocket socket;
    private final RxInfo info = new RxInfo();
    private volatile boolean stopRequested;
    private volatile long datagrams;
    private volatile long bytes;
    private volatile long firstNs;
    private volatile long lastNs;

    /** @param socket bound, with a receive timeout so that {@link #stop()} is seen */
    public LoadSink(UdpSocket socket) {
        this.socket = socket;
    }

    public void stop() {
        stopRequested = true;
    }

    @Override
    public void run() {
        long n = 0;
        long b = 0;
        while (!stopRequested) {
            int len = socket.receive(info);
            if (len >= 0) {
                long now = System.nanoTime();
                if (n == 0) firstNs = now;
                lastNs = now;
                n++;
                b += len;
                datagrams = n;
                bytes = b;
            }
        }
    }

    public long datagrams() {
        return datagrams;
    }

    public long bytes() {
        return bytes;
    }

    /** Throughput from the first to the last datagram received, in bits per second. */
    public double bitsPerSecond() {
        long span = lastNs - firstNs;
        return datagrams < 2 || span <= 0 ? 0 : (bytes - bytes / datagrams) * 8e9 / span;
    }
}
