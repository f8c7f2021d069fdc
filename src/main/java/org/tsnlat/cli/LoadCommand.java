package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import org.tsnlat.load.LoadResult;
import org.tsnlat.load.LoadRun;
import org.tsnlat.load.LoadSpec;
import org.tsnlat.run.Measurement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Background UDP load, like netperf UDP_STREAM: a paced stream to HOST:PORT, and with --sink a "
                + "receiver here that counts it. Reports the achieved throughput.",
                "Without --sink, run 'tsnlat load --sink --bind ADDR:PORT' on the receiving host."},
        usageHelpAutoWidth = true)
final class LoadCommand implements Callable<Integer> {
    /** The sink's readiness line, once its socket is bound: a generator may start. */
    static final String SINK_LISTENING = "load sink: listening on";

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST[:PORT]", converter = HostPort.class,
            description = "Where to send the stream (port default " + HostPort.DEFAULT_PORT + ").")
    InetSocketAddress destination;

    @Option(names = "--sink", description = "Only receive and count a stream (at --bind) until --duration or Ctrl-C.")
    boolean sinkOnly;

    @Option(names = {"-b", "--bind"}, paramLabel = "HOST[:PORT]", defaultValue = "0.0.0.0:" + HostPort.DEFAULT_PORT,
            converter = HostPort.class, description = "Where the sink listens (default: ${DEFAULT-VALUE}).")
    InetSocketAddress bind;

    @Option(names = {"-r", "--rate"}, paramLabel = "RATE", defaultValue = "100mbit",
            description = "Target rate of UDP payload, e.g. 100mbit, 1gbit; 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "" + LoadSpec.DEFAULT_SIZE_BYTES,
            description = "UDP payload per datagram (default: ${DEFAULT-VALUE}, a full 1500-byte frame).")
    int sizeBytes;

    @Option(names = {"-d", "--duration"}, paramLabel = "SPAN", defaultValue = "10s", converter = Durations.Positive.class,
            description = "How long (default: ${DEFAULT-VALUE}).")
    long durationNs;

    @Option(names = "--so-priority", paramLabel = "PRIO", converter = Ranges.SoPriority.class,
            description = "SO_PRIORITY of the stream's socket (its egress traffic class). decimal or hexadecimal, e.g. 0x10010 for htb class 1:10 of the lab. Default: unchanged.")
    Integer soPriority;

    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        LoadSpec spec = new LoadSpec(LoadSpec.parseRate(rate), sizeBytes, soPriority == null ? -1 : soPriority);
        if (!sinkOnly && destination == null) {
            throw new UsageException("give HOST[:PORT] to send to, or --sink to receive");
        }
        if (sinkOnly) {
            return sink();
        }
        root.out.println("tsnlat load: " + (spec.rateBitsPerSecond() == 0 ? "unlimited" : LoadSpec.formatRate(spec.rateBitsPerSecond()))
                + " of " + sizeBytes + "-byte datagrams to " + Measurement.hostPort(destination));
        LoadRun run = LoadRun.start(spec, destination, null, durationNs, LoadRun.here());
        run.awaitGenerator();
        LoadResult r = run.stop();
        root.out.println(r.describe());
        if (r.refusedSends() > 0 && r.refusedSends() >= r.sentDatagrams() - 1) {
            // on a connected UDP socket each datagram that finds no listener makes the next send fail
            root.err.println("tsnlat load: nothing reached a listener: every datagram sent drew a refusal "
                    + "(ICMP port unreachable); is a sink listening at " + Measurement.hostPort(destination) + "?");
            return ExitCodes.NOTHING_MEASURED;
        }
        return ExitCodes.OK;
    }

    private int sink() throws InterruptedException {
        var socket = org.tsnlat.linux.UdpSocket.open(org.tsnlat.linux.UdpSocket.familyOf(bind));
        try (socket) {
            try {
                socket.bind(bind);
            } catch (org.tsnlat.linux.LinuxException e) {
                throw new org.tsnlat.run.SetupException("cannot listen on " + Measurement.hostPort(bind) + ": " + e.getMessage(), e);
            }
            socket.setReceiveTimeoutMs(100);
            socket.setReceiveBufferBytes(8 << 20); // a busy CPU delays the sink: its buffer rides it out, as run's sink does
            var sink = new org.tsnlat.load.LoadSink(socket);
            Thread t = Thread.ofPlatform().name("tsnlat-load-sink").start(sink);
            // Ctrl-C or SIGTERM: the hook stops the sink and waits for the figures to be printed here
            java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);
            Thread hook = new Thread(() -> {
                sink.stop();
                try {
                    printed.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            // ready once a SIGTERM would still print the count; the address as bound (for port 0, the kernel's choice)
            root.out.println(SINK_LISTENING + " " + Measurement.hostPort(socket.localAddress()));
            root.out.flush();
            t.join(durationNs / 1_000_000);
            sink.stop();
            t.join();
            root.out.printf("load sink: received %d datagrams, %d bytes (%s from first to last)%n", sink.datagrams(),
                    sink.bytes(), LoadSpec.formatRate(sink.bitsPerSecond()));
            root.out.flush();
            printed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the figures are printed above
            }
        }
        return ExitCodes.OK;
    }
}
