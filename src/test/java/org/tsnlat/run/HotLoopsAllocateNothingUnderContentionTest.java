package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.RecordHeader;
import org.tsnlat.record.RecordKind;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.report.TxAnalysis;

/**
 * The send and receive loops allocate nothing after their warm-up on a busy machine too: with a
 * busy thread per CPU in this JVM, and with receives that time out, as they do when the sender is
 * starved for longer than the receive timeout.
 *
 * <p>What went wrong on busy machines: the recvmsg downcall captures errno, and on JDK 25 that
 * allocates a 40-byte segment per call except in C2-compiled code, where escape analysis removes
 * it. The JIT warm-up never sees a receive time out, so C2 compiled the timeout branch as an
 * uncommon trap; the first timeout of the run (sender starved for over 100 ms, or the wait before
 * the first probe) threw the receive path back to the interpreter and C1 until C2 compiled it again.
 * On a quiet machine that lands inside the run's 2 s warm-up; on a busy one C2 is slow and each
 * datagram allocated 40 bytes for seconds after it (75-295 KB per run).
 *
 * <p>The test follows a run: (1) a JIT warm-up pair of loops over its own loopback sockets, fast
 * and without a receive timeout firing (as {@link JitWarmup}), until the JIT has compiled them;
 * (2) the measured pair on new sockets, one probe every 10 ms, a 2 s warm-up, then the receive
 * timeout cut to 1 ms so that most periods have a receive that times out (a deterministic
 * stand-in for a starved sender), and 8 s measured. The busy threads run from the start to the
 * end. Run on its own (-Dtest=...) before a timeout took the same branches as a datagram
 * (RxPath#outcome), it failed 7 times in 7 (the receive loop allocated 52-61 KB); in a JVM whose
 * profile already holds receive timeouts from earlier tests C2 would not have compiled the trap,
 * so there it proves less.
 */
class HotLoopsAllocateNothingUnderContentionTest {
    private static final long JIT_PERIOD_NS = 20_000;
    private static final long WINDOW = 10_000;
    private static final int MIN_JIT_WINDOWS = 10;
    private static final int MAX_JIT_WINDOWS = 60;
    /** Long enough that no receive times out while the JIT learns the loops (the sender's lead is 200 ms). */
    private static final int LONG_TIMEOUT_MS = 1_000;
    private static final long PERIOD_NS = 10_000_000;
    private static final int SHORT_TIMEOUT_MS = 1;
    private static final long RUN_WARMUP_NS = 2_000_000_000L;
    private static final long MEASURED_NS = 8_000_000_000L;

    @TempDir Path dir;

    @Test
    void loopsAllocateZeroBytesAfterWarmupBesideBusyThreadsAndReceiveTimeouts() throws Exception {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Hogs hogs = new Hogs(Runtime.getRuntime().availableProcessors());
        try {
            jitWarmup(mx);
            measure(mx);
        } finally {
            hogs.stop();
        }
    }

    /** (1) Until the JIT has compiled the loops: windows of probes until three in a row allocate nothing. */
    private void jitWarmup(ThreadMXBean mx) throws Exception {
        try (Pair p = new Pair(JIT_PERIOD_NS, "jit")) {
            p.start();
            int clean = 0;
            int windows = 0;
            for (; clean < 3 && windows < MAX_JIT_WINDOWS; windows++) {
                long before = p.allocated(mx);
                awaitReceived(p.receiver, p.receiver.received() + WINDOW);
                long allocated = p.allocated(mx) - before;
                clean = allocated == 0 && windows >= MIN_JIT_WINDOWS ? clean + 1 : 0;
            }
            assertThat(clean).as("clean windows after %d windows of %d probes (JIT still compiling?)", windows, WINDOW)
                    .isEqualTo(3);
            // the receiver stops after its next probe (the sender is still sending): no receive times out
            p.receiver.stop();
            p.rxThread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(p.rx.emptyReceives()).as("receives timed out during the JIT warm-up").isZero();
        }
    }

    /**
     * (2) The measured loops: 2 s warm-up, then 8 s with receives timing out between the probes
     * (a 1 ms SO_RCVTIMEO is one jiffy, up to 4 ms at HZ=250: well inside the 10 ms period).
     */
    private void measure(ThreadMXBean mx) throws Exception {
        try (Pair p = new Pair(PERIOD_NS, "run")) {
            p.start();
            long warmupEnd = p.baseNs + RUN_WARMUP_NS;
            LockSupport.parkNanos(Math.max(0, warmupEnd - org.tsnlat.linux.Clock.readNs(ClockId.REALTIME)));
            p.rx.setReceiveTimeoutMs(SHORT_TIMEOUT_MS);
            long rx0 = mx.getThreadAllocatedBytes(p.rxThread.threadId());
            long tx0 = mx.getThreadAllocatedBytes(p.txThread.threadId());
            long empty0 = p.rx.emptyReceives();
            long received0 = p.receiver.received();
            LockSupport.parkNanos(MEASURED_NS);
            long rx1 = mx.getThreadAllocatedBytes(p.rxThread.threadId());
            long tx1 = mx.getThreadAllocatedBytes(p.txThread.threadId());
            long empty = p.rx.emptyReceives() - empty0;
            long probes = p.receiver.received() - received0;
            p.sender.stop();
            p.txThread.join(TimeUnit.SECONDS.toMillis(10));
            p.rxThread.join(TimeUnit.SECONDS.toMillis(10));
            System.out.printf("measured beside %d busy threads: %d probes, %d receive timeouts;"
                    + " receive loop allocated %d bytes, send loop %d bytes%n",
                    Runtime.getRuntime().availableProcessors(), probes, empty, rx1 - rx0, tx1 - tx0);

            assertThat(probes).as("probes measured").isGreaterThan(MEASURED_NS / PERIOD_NS / 2);
            assertThat(empty).as("receives that timed out while measured").isGreaterThan(probes / 10);
            assertThat(p.receiver.reflected()).as("reflections sent").isGreaterThan(0);
            assertThat(tx1 - tx0).as("bytes allocated by the send loop over %d probes", probes).isZero();
            assertThat(rx1 - rx0).as("bytes allocated by the receive loop over %d probes, %d receive timeouts",
                    probes, empty).isZero();
            assertThat(p.sender.overflows() + p.receiver.overflows()).isZero();
        }
    }

    /** A receiver and a sender over loopback, each on its own thread, recorded; reflections requested. */
    private final class Pair implements AutoCloseable {
        final UdpSocket rx = UdpSocket.open(StandardProtocolFamily.INET);
        final UdpSocket tx = UdpSocket.open(StandardProtocolFamily.INET);
        final Recorder recorder = new Recorder(null, why -> { throw new AssertionError(why); });
        final Receiver receiver;
        final Sender sender;
        long baseNs;
        Thread rxThread;
        Thread txThread;

        Pair(long periodNs, String name) throws Exception {
            var tuning = new ThreadTuning(Scheduling.Policy.OTHER, 1, null, 1);
            rx.bind(new InetSocketAddress("127.0.0.1", 0));
            rx.setReceiveTimeoutMs(LONG_TIMEOUT_MS);
            rx.enableTimestamping(true, false, null);
            tx.connect(rx.localAddress());
            tx.enableTimestamping(false, true, null);
            RecordPipe rxPipe = new RecordPipe(1 << 16);
            RecordPipe txPipe = new RecordPipe(1 << 16);
            recorder.add(rxPipe, RecordFileWriter.create(dir.resolve(name + "-rx.records"),
                    RecordHeader.of(RecordKind.RX, 1, 0, periodNs, 0, 0)), new RxAnalysis(0)::accept);
            recorder.add(txPipe, RecordFileWriter.create(dir.resolve(name + "-tx.records"),
                    RecordHeader.of(RecordKind.TX, 1, 0, periodNs, 0, 0)), new TxAnalysis(0, periodNs)::accept);
            receiver = new Receiver(new ReceiverConfig(rx.localAddress(), Long.MAX_VALUE, 60_000_000_000L,
                    ClockId.REALTIME, 1, tuning, null), rx, rxPipe, 0);
            // reflections are asked for and sent back, as in a run; nobody reads them on tx (as in JitWarmup)
            sender = new Sender(new SenderConfig(rx.localAddress(), periodNs, Long.MAX_VALUE, 64, ClockId.REALTIME,
                    SenderConfig.ALIGNED, -1, tuning, null, 10, ClockFault.NONE), tx, txPipe, 1, 0);
        }

        void start() {
            baseNs = sender.plan();
            recorder.start();
            txThread = Thread.ofPlatform().name("tx").start(sender);
            rxThread = Thread.ofPlatform().name("rx").start(receiver);
        }

        long allocated(ThreadMXBean mx) {
            return mx.getThreadAllocatedBytes(txThread.threadId()) + mx.getThreadAllocatedBytes(rxThread.threadId());
        }

        @Override
        public void close() throws InterruptedException {
            sender.stop();
            receiver.stop();
            if (txThread != null) txThread.join(TimeUnit.SECONDS.toMillis(10));
            rx.close(); // wakes a receive still blocked
            if (rxThread != null) rxThread.join(TimeUnit.SECONDS.toMillis(10));
            recorder.close();
            tx.close();
        }
    }

    /** One busy thread per CPU, as other work on a shared machine; stopped in a finally. */
    private static final class Hogs {
        private volatile boolean running = true;
        private final List<Thread> threads = new ArrayList<>();

        Hogs(int n) {
            for (int i = 0; i < n; i++) {
                threads.add(Thread.ofPlatform().daemon(true).name("hog-" + i).start(() -> {
                    while (running) {
                        Thread.onSpinWait();
                    }
                }));
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    private static void awaitReceived(Receiver r, long n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (r.received() < n) {
            assertThat(System.nanoTime()).as("waiting for %d probes, have %d", n, r.received()).isLessThan(until);
            Thread.sleep(1);
        }
    }
}
