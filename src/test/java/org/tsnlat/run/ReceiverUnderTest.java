package org.tsnlat.run;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.Scheduling;

/** A `recv` measurement on a free loopback port, running in the background while a test sends to it. */
final class ReceiverUnderTest {
    final int port;
    private final CompletableFuture<Measurement.Result> result;

    private ReceiverUnderTest(int port, CompletableFuture<Measurement.Result> result) {
        this.port = port;
        this.result = result;
    }

    /** Starts receiving at once (no JIT warm-up: the test sends right after) and waits until it says it is ready. */
    static ReceiverUnderTest start(Path runs, long count, long sessionId) throws Exception {
        return start(runs, count, sessionId, null);
    }

    /** The same, in authenticated mode with {@code key} (null: none). */
    static ReceiverUnderTest start(Path runs, long count, long sessionId, org.tsnlat.wire.ProbeKey key) throws Exception {
        return start(runs, count, sessionId, key, 60_000_000_000L);
    }

    /** The same, listening at most {@code durationNs}. */
    static ReceiverUnderTest start(Path runs, long count, long sessionId, org.tsnlat.wire.ProbeKey key, long durationNs)
            throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var config = new ReceiverConfig(new InetSocketAddress("127.0.0.1", port), count, durationNs,
                ClockId.REALTIME, sessionId, new ThreadTuning(Scheduling.Policy.OTHER, 1, null, 1), null);
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        Measurement m = new Measurement("recv", null, config, 0, runs, List.of("test"), null).jitWarmup(false).key(key)
                .progress(new Progress() {
                    @Override
                    public void ready(org.tsnlat.rundir.RunDirectory dir, String listening) {
                        ready.countDown();
                    }
                });
        var result = CompletableFuture.supplyAsync(() -> {
            try {
                return m.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the receiver did not get ready within 30 s: " + result);
        }
        return new ReceiverUnderTest(port, result);
    }

    /** The measurement's result, or null when it has not ended by itself within {@code seconds}. */
    Measurement.Result result(int seconds) throws Exception {
        try {
            return result.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        }
    }
}
