package org.tsnlat.run;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.record.RecordPipe;

/**
 * Runs the real send and receive loops over a private loopback pair, as fast as they go, before
 * a measurement: the JIT then compiles them (and the downcalls they make) before the first
 * measured probe instead of during the first seconds of the run, when the loops would still
 * be interpreted, slower and allocating (a downcall that captures errno allocates until C2
 * compiles its caller). Takes about half a second.
 */
final class JitWarmup {
    static final int PROBES = 60_000;
    private static final long PERIOD_NS = 5_000;

    private JitWarmup() {}

    /**
     * Waits (at most 3 s) until the JIT compilers have been idle for 150 ms, so the loops'
     * compiled code is installed before the measurement, not during its first seconds.
     */
    static void awaitCompilerQuiet() throws InterruptedException {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return;
        long until = System.nanoTime() + 3_000_000_000L;
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < until) {
            Thread.sleep(50);
            long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    static void run(ClockId clock) {
        ThreadTuning plain = new ThreadTuning(Scheduling.Policy.OTHER, 1, null, 0);
        try (UdpSocket rx = UdpSocket.open(StandardProtocolFamily.INET);
             UdpSocket tx = UdpSocket.open(StandardProtocolFamily.INET)) {
            rx.bind(new InetSocketAddress("127.0.0.1", 0));
            rx.setReceiveTimeoutMs(50);
            rx.enableTimestamping(true, false, null);
            tx.connect(rx.localAddress());
            tx.enableTimestamping(false, true, null);
            RecordPipe rxPipe = new RecordPipe(1 << 16);
            RecordPipe txPipe = new RecordPipe(1 << 16);
            var receiver = new Receiver(new ReceiverConfig(rx.localAddress(), PROBES, 5_000_000_000L, clock, 0, plain,
                    null, true), rx, rxPipe, 0);
            var sender = new Sender(new SenderConfig(rx.localAddress(), PERIOD_NS, PROBES, 64, clock,
                    SenderConfig.ALIGNED, -1, plain, null).withTwoWay(10, ClockFault.NONE), tx, txPipe,
                    0x5eed_0000_0000_0001L, 0);
            Thread r = Thread.ofPlatform().name("tsnlat-warmup-rx").start(receiver);
            Thread s = Thread.ofPlatform().name("tsnlat-warmup-tx").start(sender);
            s.join(10_000);
            receiver.stop();
            r.join(10_000);
            awaitCompilerQuiet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a warm-up that fails costs only speed in the first seconds: the measurement says nothing of it
        }
    }
}
