package org.tsnlat.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.linux.PacketSocket;
import org.tsnlat.linux.ProbeSocket;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.wire.EthernetFraming;
import org.tsnlat.record.RecordPipe;

/**
 * Runs the real send and receive loops over a private loopback pair, as fast as they go, before
 * a measurement, until the JIT has compiled them: a loop still interpreted, or compiled by C1,
 * is slower and allocates (a downcall that captures errno allocates until C2 compiles its
 * caller), so the warm-up watches its two threads' allocation counters and stops once both have
 * sent or received for a while without allocating a byte; then it waits (within its bound) for
 * the compilers to go quiet.
 *
 * <p>Two sessions, each a fresh sender and receiver on the same sockets, so that the compiled
 * code has also seen what a measurement does once and would otherwise deoptimise for (the loop
 * then runs interpreted, allocating, until compiled again): a session's first probe and its
 * end, a receive that times out (the receiving socket times out after 1 ms, and the second
 * receiver listens a few ms before its sender starts), a record ring that wraps (the rings here
 * are small and drained as a recorder drains them). The first session is short; the second
 * sends until the loops are clean. Its schedule is fixed with the first's, so it starts at once.
 *
 * <p>Bounded: {@link #run} returns within {@link #BOUND_NS} (3 s) on any machine, whatever its
 * loops do. It stops them cooperatively (their {@code stop()}) and joins them before it closes
 * any socket, also when it is interrupted or a loop throws; a loop that has not ended by the
 * bound keeps its socket, which a daemon thread closes once that loop has ended. It never throws
 * for a warm-up problem: the {@link Outcome} names it, and the caller decides what to say (a
 * warm-up that failed costs only speed, and allocation, in the first seconds of the run).
 *
 * <p>{@link #run} warms up on the calling thread, before the measurement; {@link #start} does it
 * on a thread of its own, so that it can go on beside the measurement's first seconds (its
 * warm-up, kept out of the figures) and the first probe need not wait for it, until
 * {@link Background#finish} ends it.
 */
final class JitWarmup {
    /** The hard bound on {@link #run}: set-up, both sessions, stopping and joining the loops. */
    static final long BOUND_NS = 3_000_000_000L;
    /** Time kept at the end of the bound for the loops to see stop() and end. */
    static final long STOP_NS = 500_000_000L;
    /** Probes of the first session. */
    static final long FIRST_PROBES = 1_000;
    private static final long PERIOD_NS = 5_000;
    /**
     * Every other probe asks to be reflected (a measurement: every 10th by default), so that the
     * receiver's reflection path is called as often as C2 needs (some 5000 calls) before the loops
     * are clean, and both of the sender's branches are seen.
     */
    private static final int REFLECT_EVERY = 2;
    /** The second receiver listens this long (timing out every ms) before its sender starts. */
    private static final long LISTEN_FIRST_MS = 10;
    /** The loops are clean after this many checks in a row, 10 ms apart, without allocation... */
    private static final int CLEAN_CHECKS = 3;
    /** ...with at least this many probes sent between two checks. */
    private static final long PROBES_PER_CHECK = 50;
    /**
     * A small ring, drained every millisecond or so: it wraps many times during the warm-up, so
     * the JIT also sees the producer's branch that refreshes its view of the ring (taken once per
     * ring's length), which a measurement takes after 65 536 records.
     */
    private static final int PIPE_RECORDS = 1 << 9;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * What the warm-up did.
     *
     * @param tookNs  how long {@link #run} took, from its call to its return
     * @param failure null when the loops ran until compiled and ended; otherwise one line saying
     *                what went wrong, beginning with "JIT warm-up: "
     */
    record Outcome(long tookNs, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    /** One of the warm-up's loops: run on a thread of its own, ended by {@link #stop()}. */
    interface Loop extends Runnable {
        /** Asks the loop to end soon; it must not block. */
        void stop();

        /** Takes the records the loop has handed on so far, as a measurement's recorder would. */
        default void drain() {}

        /** Probes sent or received so far. */
        default long probes() {
            return 0;
        }
    }

    /**
     * Makes the warm-up's loops over its sockets (the real Receiver and Sender, or a test's): a
     * receiver and a sender per session, all before the first session starts.
     */
    interface Loops {
        Loop receiver(ProbeSocket rx, ClockId clock);

        /** @param probes how many to send; {@link Long#MAX_VALUE} until stopped */
        Loop sender(ProbeSocket tx, InetSocketAddress to, ClockId clock, long probes);

        /** Over packet sockets on loopback (the layer-2 path), not UDP. */
        default boolean layer2() {
            return false;
        }

        /** The EtherType of the warm-up's frames on lo: never the measurement's, whose receiver would take them. */
        default int etherType() {
            return warmupEtherType(EthernetFraming.DEFAULT_ETHER_TYPE);
        }
    }

    /**
     * The warm-up's EtherType beside a measurement's {@code measured}: one of the two IEEE local
     * experimental ones, the other one (a receiver of the measurement on lo keeps it out).
     */
    static int warmupEtherType(int measured) {
        return measured == 0x88B6 ? 0x88B5 : 0x88B6;
    }

    /**
     * The real loops, as a measurement runs them, at one probe every {@value #PERIOD_NS} ns; each
     * session with an id of its own, so that the second receiver ignores what the first sender
     * sent late (its end-of-session probes) instead of ending with it.
     */
    static final class RealLoops implements Loops {
        private static final long SESSION = 0x5eed_0000_0000_0001L;
        private final ThreadTuning plain = new ThreadTuning(Scheduling.Policy.OTHER, 1, null, 0);
        private long receivers;
        private long senders;
        /** Authenticated mode's path too, with a throwaway key of its own; null: the plain path only. */
        private final org.tsnlat.wire.ProbeKey key;

        RealLoops() {
            this(false);
        }

        /** The launch-time path (SO_TXTIME) too, as a run with --txtime sends. */
        private boolean txtime;

        /** With the launch-time path (SO_TXTIME) when {@code txtime}. */
        RealLoops txtime(boolean on) {
            this.txtime = on;
            return this;
        }

        /** Over packet sockets (--transport l2): the measurement's framing, or null over UDP. */
        private Layer2 layer2;

        /**
         * Over packet sockets on loopback, as a run with {@code l2} measures: tagged as its probes
         * are (the receive path with a stripped tag warmed too), on another EtherType.
         */
        RealLoops layer2(Layer2 l2) {
            this.layer2 = l2;
            return this;
        }

        @Override
        public boolean layer2() {
            return layer2 != null;
        }

        @Override
        public int etherType() {
            return warmupEtherType(layer2 != null ? layer2.etherType() : EthernetFraming.DEFAULT_ETHER_TYPE);
        }

        private int vlan() {
            return layer2 != null ? layer2.vlan() : EthernetFraming.NO_TAG;
        }

        private int pcp() {
            return layer2 != null ? layer2.pcp() : 0;
        }

        RealLoops(boolean authenticated) {
            byte[] k = new byte[32];
            new java.security.SecureRandom().nextBytes(k);
            this.key = authenticated ? org.tsnlat.wire.ProbeKey.of(k) : null;
        }

        @Override
        public Loop receiver(ProbeSocket rx, ClockId clock) {
            InetSocketAddress bind = LOOPBACK_ANY_PORT;
            if (rx instanceof UdpSocket u) {
                u.setReceiveTimeoutMs(1);
                u.enableTimestamping(true, false, null);
                bind = u.localAddress();
            } else if (rx instanceof PacketSocket p) {
                p.setReceiveTimeoutMs(1);
                p.enableTimestamping(true, false);
                p.frame(new byte[EthernetFraming.MAC_BYTES], vlan(), pcp(), etherType());
            }
            RecordPipe pipe = new RecordPipe(PIPE_RECORDS);
            var r = new Receiver(new ReceiverConfig(bind, Long.MAX_VALUE, BOUND_NS, clock,
                    SESSION + receivers++, plain, null, true), rx, pipe, 0);
            if (key != null) r.authenticate(key);
            return loop(r, r::stop, pipe, r::received);
        }

        @Override
        public Loop sender(ProbeSocket tx, InetSocketAddress to, ClockId clock, long probes) {
            if (tx instanceof UdpSocket u) {
                u.connect(to);
                u.enableTimestamping(false, true, null);
                if (txtime) u.enableTxTime(clock, false); // over loopback: accepted, not enforced
            } else if (tx instanceof PacketSocket p) {
                p.frame(new byte[EthernetFraming.MAC_BYTES], vlan(), pcp(), etherType()); // lo's MAC
                p.enableTimestamping(false, true);
                if (txtime) p.enableTxTime(clock, false);
            }
            RecordPipe pipe = new RecordPipe(PIPE_RECORDS);
            int size = key != null ? org.tsnlat.wire.ProbeHeader.AUTH_HEADER_BYTES : 64;
            var s = new Sender(new SenderConfig(to, PERIOD_NS, probes, size, clock, SenderConfig.ALIGNED, -1, plain,
                    null).withTwoWay(REFLECT_EVERY, ClockFault.NONE).withTxTime(txtime ? PERIOD_NS / 2 : SenderConfig.NO_TXTIME,
                    false), tx, pipe, SESSION + senders++, 0);
            if (key != null) s.authenticate(key);
            s.plan();
            // its end right after its loop, as a measurement with both ends here sends it: the
            // receiver's end-of-session path is warmed too
            return loop(() -> {
                s.run();
                s.sendEnd();
            }, s::stop, pipe, s::sent);
        }
    }

    private static Loop loop(Runnable body, Runnable stop, RecordPipe pipe, java.util.function.LongSupplier probes) {
        return new Loop() {
            @Override
            public void run() {
                body.run();
            }

            @Override
            public void stop() {
                stop.run();
            }

            @Override
            public void drain() {
                try {
                    pipe.drainTo(r -> { }, PIPE_RECORDS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // a sink that keeps nothing does not throw
                }
            }

            @Override
            public long probes() {
                return probes.getAsLong();
            }
        };
    }

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private final long start;
    private final long boundNs;
    private final long deadline;
    /**
     * When the loops are asked to stop, whatever they are doing: the bound less STOP_NS, or
     * earlier when {@link Background#finish} says so.
     */
    private volatile long sendUntil;
    private final List<Running> started = new ArrayList<>();
    private ProbeSocket rxSocket;
    private ProbeSocket txSocket;
    private boolean interrupted;

    private JitWarmup(long start, long boundNs) {
        this.start = start;
        this.boundNs = boundNs;
        this.deadline = start + boundNs;
        this.sendUntil = deadline - Math.min(STOP_NS, boundNs / 2);
    }

    /** Warms the real loops up; within {@link #BOUND_NS}, never throws. */
    static Outcome run(ClockId clock) {
        return run(clock, false);
    }

    /** Warms the real loops up, with authenticated mode's path when {@code authenticated}. */
    static Outcome run(ClockId clock, boolean authenticated) {
        return run(clock, authenticated, false);
    }

    /** ... and with the launch-time path (SO_TXTIME) when {@code txtime}. */
    static Outcome run(ClockId clock, boolean authenticated, boolean txtime) {
        return run(clock, authenticated, txtime, null);
    }

    /** ... and over packet sockets (the layer-2 path, framed as {@code layer2}) when it is not null. */
    static Outcome run(ClockId clock, boolean authenticated, boolean txtime, Layer2 layer2) {
        return run(clock, new RealLoops(authenticated).txtime(txtime).layer2(layer2), BOUND_NS);
    }

    /** The warm-up with these loops and this bound (tests). */
    static Outcome run(ClockId clock, Loops loops, long boundNs) {
        return new JitWarmup(System.nanoTime(), boundNs).execute(clock, loops);
    }

    /**
     * Starts the warm-up of the real loops on a thread of its own, so that it can go on beside
     * the measurement's own warm-up (whose probes are kept out of the figures) instead of before
     * the first probe; {@link Background#finish} ends it. The same bound holds.
     */
    static Background start(ClockId clock) {
        return start(clock, false);
    }

    /** {@link #start(ClockId)}, with authenticated mode's path when {@code authenticated}. */
    static Background start(ClockId clock, boolean authenticated) {
        return start(clock, authenticated, false);
    }

    /** ... and with the launch-time path (SO_TXTIME) when {@code txtime}. */
    static Background start(ClockId clock, boolean authenticated, boolean txtime) {
        return start(clock, authenticated, txtime, null);
    }

    /** ... and over packet sockets (the layer-2 path, framed as {@code layer2}) when it is not null. */
    static Background start(ClockId clock, boolean authenticated, boolean txtime, Layer2 layer2) {
        return start(clock, new RealLoops(authenticated).txtime(txtime).layer2(layer2), BOUND_NS);
    }

    /** {@link #start(ClockId)} with these loops and this bound (tests). */
    static Background start(ClockId clock, Loops loops, long boundNs) {
        return new Background(new JitWarmup(System.nanoTime(), boundNs), clock, loops);
    }

    /** A warm-up running on a thread of its own ("tsnlat-warmup"). */
    static final class Background {
        private final JitWarmup warmup;
        private final Thread thread;
        private volatile Outcome outcome;

        private Background(JitWarmup warmup, ClockId clock, Loops loops) {
            this.warmup = warmup;
            this.thread = Thread.ofPlatform().name("tsnlat-warmup").daemon(true)
                    .start(() -> outcome = warmup.execute(clock, loops));
        }

        /**
         * Has the loops stopped by {@code stopByNanoTime} (a {@link System#nanoTime()} value) at
         * the latest, sooner when they are clean or the bound comes first, waits for the warm-up to
         * end and says what it did. Never throws; an interrupt of the calling thread stops the
         * warm-up (outcome "interrupted") and is kept.
         */
        Outcome finish(long stopByNanoTime) {
            if (stopByNanoTime - warmup.sendUntil < 0) warmup.sendUntil = stopByNanoTime;
            boolean interrupted = false;
            long waitUntil = warmup.deadline + 1_000_000_000L;
            while (thread.isAlive() && System.nanoTime() - waitUntil < 0) {
                try {
                    thread.join(Math.max(1, (waitUntil - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                    thread.interrupt();
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            Outcome o = outcome;
            return o != null ? o : new Outcome(System.nanoTime() - warmup.start,
                    "JIT warm-up: did not end within " + seconds(warmup.boundNs));
        }
    }

    /** The warm-up on the calling thread: the sessions, then stopping, joining, closing. */
    private Outcome execute(ClockId clock, Loops loops) {
        String failure = null;
        try {
            failure = sessions(clock, loops);
        } catch (InterruptedException e) {
            interrupted = true;
            failure = "interrupted";
        } catch (RuntimeException | Error e) {
            failure = "internal error: " + reason(e);
        } finally {
            failure = end(failure);
        }
        if (failure == null) awaitCompilerQuiet();
        return new Outcome(System.nanoTime() - start, failure == null ? null : "JIT warm-up: " + failure);
    }

    /**
     * Waits, until the deadline at most, for the JIT compilers to have been idle for 150 ms: what
     * the loops queued is then installed, and the compiler threads no longer take CPU time from
     * the measurement's first seconds (with {@code --warmup 0} those count; a reflection thread
     * woken late there skews the two-way clock check by tens of microseconds).
     */
    private void awaitCompilerQuiet() {
        var jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return;
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        try {
            while (quiet < 3 && System.nanoTime() - deadline < 0) {
                Thread.sleep(50);
                long now = jit.getTotalCompilationTime();
                quiet = now == last ? quiet + 1 : 0;
                last = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The two sessions; null when both went as planned, else what went wrong. */
    private String sessions(ClockId clock, Loops loops) throws InterruptedException {
        Loop rx1, tx1, rx2, tx2;
        try {
            InetSocketAddress to = LOOPBACK_ANY_PORT;
            if (loops.layer2()) {
                PacketSocket rx = PacketSocket.openReceiving("lo", loops.etherType());
                rxSocket = rx;
                if (!rx.interfaceUp()) {
                    return "skipped: lo is down in this network namespace (ip link set lo up), so the loops were not "
                            + "warmed up before the first probes: the measurement's own warm-up (--warmup) is all they get";
                }
                txSocket = PacketSocket.openSending("lo");
            } else {
                UdpSocket rx = UdpSocket.open(StandardProtocolFamily.INET);
                rxSocket = rx;
                txSocket = UdpSocket.open(StandardProtocolFamily.INET);
                rx.bind(LOOPBACK_ANY_PORT);
                to = rx.localAddress();
            }
            rx1 = loops.receiver(rxSocket, clock);
            tx1 = loops.sender(txSocket, to, clock, FIRST_PROBES);
            rx2 = loops.receiver(rxSocket, clock);
            tx2 = loops.sender(txSocket, to, clock, Long.MAX_VALUE);
        } catch (RuntimeException | Error e) {
            return "cannot set up its loopback loops: " + reason(e);
        }
        // first session: its schedule's lead (the receiver times out meanwhile), probes, its end
        Running rx = start("receiver", rx1);
        Running tx = start("sender", tx1);
        String failure = await(rx, tx, false);
        if (failure != null) return failure;
        if ((failure = stopAndJoin(deadline, rx, tx)) != null) return failure;
        // second session: the receiver first, alone, then the sender until the loops are clean
        rx = start("receiver", rx2);
        long listenUntil = System.nanoTime() + LISTEN_FIRST_MS * 1_000_000;
        while (System.nanoTime() - listenUntil < 0 && rx.failure.get() == null) {
            Thread.sleep(1);
            rx.loop.drain();
        }
        tx = start("sender", tx2);
        failure = await(rx, tx, true);
        String stopped = stopAndJoin(deadline, rx, tx);
        return failure != null ? failure : stopped;
    }

    private Running start(String role, Loop loop) {
        Running r = new Running(role, loop);
        started.add(r);
        return r;
    }

    /**
     * Drains the rings while both loops run, until the sender ends on its own or (with
     * {@code untilClean}) both loops went {@value #CLEAN_CHECKS} checks without allocating. Null
     * when it ended so; else what went wrong (a loop that failed or ended early, or time up).
     */
    private String await(Running rx, Running tx, boolean untilClean) throws InterruptedException {
        long nextCheck = System.nanoTime();
        long lastBytes = -1;
        long lastProbes = 0;
        int clean = 0;
        while (tx.thread.isAlive() && rx.thread.isAlive()) {
            long until = sendUntil;
            if (System.nanoTime() - until >= 0) {
                String after = seconds(until - start);
                return !untilClean ? "the sender did not finish within " + after
                        : tx.loop.probes() == 0 ? "the sender sent nothing within " + after
                        : "the loops still allocated after " + after + " (the JIT had not compiled them yet)";
            }
            tx.thread.join(1);
            rx.loop.drain();
            tx.loop.drain();
            if (untilClean && System.nanoTime() - nextCheck >= 0) {
                nextCheck = System.nanoTime() + 10_000_000;
                long bytes = allocated(rx, tx);
                long probes = tx.loop.probes();
                clean = bytes >= 0 && bytes == lastBytes && probes - lastProbes >= PROBES_PER_CHECK ? clean + 1 : 0;
                if (clean >= CLEAN_CHECKS) return null;
                lastBytes = bytes;
                lastProbes = probes;
            }
        }
        String failure = firstFailure(tx, rx);
        return failure != null || !tx.thread.isAlive() ? failure : "the receiver ended before its sender";
    }

    /** Bytes the two loop threads have allocated so far; -1 when either has ended. */
    private static long allocated(Running rx, Running tx) {
        long a = THREADS.getThreadAllocatedBytes(rx.thread.threadId());
        long b = THREADS.getThreadAllocatedBytes(tx.thread.threadId());
        return a < 0 || b < 0 ? -1 : a + b;
    }

    /** A loop on a thread of its own, with what it threw. */
    private static final class Running {
        final String role;
        final Loop loop;
        final Thread thread;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Running(String role, Loop loop) {
            this.role = role;
            this.loop = loop;
            this.thread = Thread.ofPlatform().name(role.equals("sender") ? "tsnlat-warmup-tx" : "tsnlat-warmup-rx")
                    .daemon(true).unstarted(() -> {
                        try {
                            loop.run();
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    });
            thread.start();
        }
    }

    /**
     * Asks the loops to stop and waits for each until {@code until} (at least 100 ms when that has
     * passed); an interrupt does not cut the wait short but is remembered. Null when they all
     * ended without failing, else what went wrong.
     */
    private String stopAndJoin(long until, Running... loops) {
        for (Running r : loops) r.loop.stop();
        for (Running r : loops) {
            while (r.thread.isAlive()) {
                try {
                    r.thread.join(Math.max(100, (until - System.nanoTime()) / 1_000_000));
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    until = Math.min(until, System.nanoTime());
                }
            }
        }
        for (Running r : loops) {
            if (r.thread.isAlive()) return "the " + r.role + " did not stop within " + seconds(boundNs);
        }
        return interrupted ? "interrupted" : firstFailure(loops);
    }

    /**
     * Stops and joins every loop still running (until the deadline), then closes the sockets, or,
     * when a loop is still running, leaves that to a daemon thread once it has ended. Returns the
     * failure to report.
     */
    private String end(String failure) {
        Running[] all = started.toArray(Running[]::new);
        String stopped = stopAndJoin(deadline, all);
        List<Running> running = started.stream().filter(r -> r.thread.isAlive()).toList();
        if (running.isEmpty()) {
            close(rxSocket);
            close(txSocket);
        } else {
            closeWhenEnded(running, rxSocket, txSocket);
            if (failure == null || !failure.contains("failed")) {
                failure = describe(running) + " did not stop within " + seconds(boundNs)
                        + " (its socket is closed once it ends)";
            }
        }
        if (failure == null) failure = stopped;
        if (interrupted) {
            Thread.currentThread().interrupt();
            if (failure == null || running.isEmpty()) failure = "interrupted";
        }
        return failure;
    }

    /** Closes the sockets, on a daemon thread, once the loops still running have ended. */
    private static void closeWhenEnded(List<Running> running, ProbeSocket rxSocket, ProbeSocket txSocket) {
        Thread.ofPlatform().name("tsnlat-warmup-close").daemon(true).start(() -> {
            for (Running r : running) {
                while (r.thread.isAlive()) {
                    try {
                        r.thread.join();
                    } catch (InterruptedException e) {
                        // nobody else waits for this thread: keep waiting
                    }
                }
            }
            close(rxSocket);
            close(txSocket);
        });
    }

    private static String firstFailure(Running... loops) {
        for (Running r : loops) {
            Throwable t = r.failure.get();
            if (t != null) return "the " + r.role + " failed: " + reason(t);
        }
        return null;
    }

    private static String describe(List<Running> running) {
        boolean rx = running.stream().anyMatch(r -> r.role.equals("receiver"));
        boolean tx = running.stream().anyMatch(r -> r.role.equals("sender"));
        return rx && tx ? "the sender and the receiver" : rx ? "the receiver" : "the sender";
    }

    private static void close(ProbeSocket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (RuntimeException e) {
            // a socket no loop uses any more: nothing to report
        }
    }

    private static String reason(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static String seconds(long ns) {
        return ns % 1_000_000_000L == 0 ? ns / 1_000_000_000L + " s"
                : String.format(Locale.ROOT, "%.1f s", ns / 1e9);
    }
}
