package org.tsnlat.load;

import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.linux.UdpSocket;

/**
 * A generator and, optionally, its sink running beside a measurement. Each socket is opened by
 * a caller-supplied opener, so a lab run can open the generator's socket in the talker's
 * network namespace and the sink's in the listener's.
 */
public final class LoadRun implements AutoCloseable {
    private final UdpSocket genSocket;
    private final UdpSocket sinkSocket;
    private final LoadGenerator generator;
    private final LoadSink sink;
    private final Thread genThread;
    private final Thread sinkThread;
    private volatile String unpinned;

    private LoadRun(UdpSocket genSocket, UdpSocket sinkSocket, LoadSpec spec, long durationNs) {
        this.genSocket = genSocket;
        this.sinkSocket = sinkSocket;
        this.generator = new LoadGenerator(genSocket, spec, durationNs);
        this.sink = sinkSocket != null ? new LoadSink(sinkSocket) : null;
        this.sinkThread = sink != null ? Thread.ofPlatform().name("tsnlat-load-sink").daemon(true)
                .unstarted(pinnedTo(spec.sinkCpus(), "the load sink", sink)) : null;
        this.genThread = Thread.ofPlatform().name("tsnlat-load").daemon(true)
                .unstarted(pinnedTo(spec.generatorCpus(), "the load generator", generator));
    }

    /** {@code body}, run on {@code cpus} (null: where it lands); a pinning refused is said in the result, and the load runs. */
    private Runnable pinnedTo(BitSet cpus, String who, Runnable body) {
        if (cpus == null) return body;
        return () -> {
            try {
                Scheduling.setAffinity(cpus);
            } catch (RuntimeException e) {
                unpinned = who + " not pinned to CPU " + Cpus.formatList(cpus) + ": " + e.getMessage();
            }
            body.run();
        };
    }

    /**
     * Opens the sockets (through {@code inNamespace}, which runs its argument where the socket
     * must live: {@code "sink"} or {@code "generator"}) and starts both threads.
     *
     * @param sinkAt where the sink listens, or null to send to {@code destination} with no sink here
     */
    public static LoadRun start(LoadSpec spec, InetSocketAddress destination, InetSocketAddress sinkAt, long durationNs,
                                Function<String, Function<Callable<UdpSocket>, UdpSocket>> inNamespace) {
        UdpSocket sinkSocket = null;
        if (sinkAt != null) {
            sinkSocket = inNamespace.apply("sink").apply(() -> {
                UdpSocket s = UdpSocket.open(UdpSocket.familyOf(sinkAt));
                s.bind(sinkAt);
                s.setReceiveTimeoutMs(100);
                s.setReceiveBufferBytes(4 << 20);
                return s;
            });
        }
        UdpSocket gen;
        try {
            gen = inNamespace.apply("generator").apply(() -> {
                UdpSocket s = UdpSocket.open(UdpSocket.familyOf(destination));
                s.connect(destination);
                if (spec.soPriority() >= 0) s.setPriority(spec.soPriority());
                return s;
            });
        } catch (RuntimeException e) {
            if (sinkSocket != null) sinkSocket.close();
            throw e;
        }
        LoadRun run = new LoadRun(gen, sinkSocket, spec, durationNs);
        if (run.sinkThread != null) run.sinkThread.start();
        run.genThread.start();
        return run;
    }

    /** Opens sockets in the current namespace. */
    public static Function<String, Function<Callable<UdpSocket>, UdpSocket>> here() {
        return role -> body -> {
            try {
                return body.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Waits for the generator to end by itself (its duration). */
    public void awaitGenerator() throws InterruptedException {
        genThread.join();
    }

    /** Stops both, waits a moment for the last datagrams, closes the sockets and returns the figures. */
    public LoadResult stop() {
        generator.stop();
        join(genThread);
        if (sink != null) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sink.stop();
            join(sinkThread);
        }
        close();
        return generator.result(sink != null ? sink.datagrams() : -1, sink != null ? sink.bytes() : -1).withUnpinned(unpinned);
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        genSocket.close();
        if (sinkSocket != null) sinkSocket.close();
    }
}
