package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.linux.PacketSocket;
import org.tsnlat.linux.ProbeSocket;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.RecordHeader;
import org.tsnlat.record.RecordKind;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.report.TxAnalysis;
import org.tsnlat.sync.TwoWayEstimate;

/**
 * After warm-up, the send and receive loops allocate nothing per probe: measured with the JVM's
 * per-thread allocation counter over 50 000 probes on the real loops over loopback, with the
 * recorder writing and analysing beside them. Every 10th probe asks to be reflected, so the
 * receive loop also sends reflections back, and the sender's reflection thread takes them.
 *
 * <p>Warm-up here means until the JIT has compiled the loops: on JDK 25 a downcall that
 * captures errno allocates a 40-byte segment per call until C2 compiles its caller (escape
 * analysis then removes it). With four busy threads on two cores that can take a few hundred
 * thousand calls, so the test watches windows of 10 000 probes until one allocates nothing on
 * both threads three times in a row, after at least 100 000 probes (in the full suite the
 * loops' last tier-4 OSR compilation landed around probe 55 000 and allocated once more while
 * it switched over; after it, 740 000 probes allocated nothing), then measures 50 000 more.
 */
class HotLoopsAllocateNothingTest {
    private static final long PERIOD_NS = 20_000;
    private static final long WINDOW = 10_000;
    private static final int MIN_WARMUP_WINDOWS = 10;
    private static final int MAX_WARMUP_WINDOWS = 60;
    private static final long MEASURED = 50_000;

    @TempDir Path dir;

    /**
     * Plain, in authenticated mode (every probe, END and reflection sealed and checked), and with
     * a launch time on every probe (--txtime: SO_TXTIME on REALTIME, which needs CAP_NET_ADMIN).
     */
    @ParameterizedTest(name = "authenticated: {0}, txtime: {1}, layer 2: {2}, tagged: {3}")
    @org.junit.jupiter.params.provider.CsvSource({"false, false, false, false", "true, false, false, false",
        "false, true, false, false", "false, false, true, false", "false, false, true, true"})
    void sendAndReceiveLoopsAllocateZeroBytesPerProbe(boolean authenticated, boolean txtime, boolean layer2, boolean tagged)
            throws Exception {
        if (txtime) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Scheduling.geteuid() == 0, "SO_TXTIME on REALTIME needs root");
        }
        if (layer2) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Scheduling.geteuid() == 0, "a packet socket needs root (CAP_NET_RAW)");
        }
        org.tsnlat.wire.ProbeKey key = authenticated ? org.tsnlat.wire.ProbeKey.of(new byte[32]) : null;
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        var tuning = new ThreadTuning(Scheduling.Policy.OTHER, 1, null, 1);
        try (ProbeSocket rxSocket = layer2 ? packetSocket(true, tagged) : UdpSocket.open(StandardProtocolFamily.INET);
             ProbeSocket txSocket = layer2 ? packetSocket(false, tagged) : UdpSocket.open(StandardProtocolFamily.INET)) {
            InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
            if (rxSocket instanceof UdpSocket rxUdp && txSocket instanceof UdpSocket txUdp) {
                rxUdp.bind(bind);
                rxUdp.enableTimestamping(true, false, null);
                bind = rxUdp.localAddress();
                txUdp.connect(bind);
                txUdp.enableTimestamping(true, true, null);
            }
            rxSocket.setReceiveTimeoutMs(100);
            txSocket.setReceiveTimeoutMs(100);
            RecordPipe rxPipe = new RecordPipe(1 << 16);
            RecordPipe txPipe = new RecordPipe(1 << 16);
            Recorder recorder = new Recorder(null, why -> { throw new AssertionError(why); });
            recorder.add(rxPipe, RecordFileWriter.create(dir.resolve("rx.records"),
                    RecordHeader.of(RecordKind.RX, 1, 0, PERIOD_NS, 0, 0)), new RxAnalysis(0)::accept);
            recorder.add(txPipe, RecordFileWriter.create(dir.resolve("tx.records"),
                    RecordHeader.of(RecordKind.TX, 1, 0, PERIOD_NS, 0, 0)), new TxAnalysis(0, PERIOD_NS)::accept);
            long total = Long.MAX_VALUE;
            var receiver = new Receiver(new ReceiverConfig(bind, Long.MAX_VALUE, 60_000_000_000L,
                    ClockId.REALTIME, 1, tuning, null), rxSocket, rxPipe, 0);
            var senderConfig = new SenderConfig(bind, PERIOD_NS, total, authenticated ? 80 : 64, ClockId.REALTIME,
                    SenderConfig.ALIGNED, -1, tuning, null, 10, ClockFault.NONE)
                    .withTxTime(txtime ? PERIOD_NS / 2 : SenderConfig.NO_TXTIME, false);
            if (txtime) ((UdpSocket) txSocket).enableTxTime(ClockId.REALTIME, false);
            var sender = new Sender(senderConfig, txSocket, txPipe, 1, 0);
            List<TwoWayEstimate> estimates = Collections.synchronizedList(new ArrayList<>());
            sender.plan();
            var reflections = new ReflectionReceiver(sender, senderConfig, txSocket, 0, estimates::add, null);
            if (key != null) {
                receiver.authenticate(key);
                sender.authenticate(key);
                reflections.authenticate(key);
            }
            recorder.start();
            reflections.start();
            Thread rx = Thread.ofPlatform().name("rx").start(receiver);
            Thread tx = Thread.ofPlatform().name("tx").start(sender);

            int clean = 0;
            for (int windows = 0; clean < 3 && windows < MAX_WARMUP_WINDOWS; windows++) {
                long before = mx.getThreadAllocatedBytes(tx.threadId()) + mx.getThreadAllocatedBytes(rx.threadId());
                awaitReceived(receiver, receiver.received() + WINDOW);
                long allocated = mx.getThreadAllocatedBytes(tx.threadId()) + mx.getThreadAllocatedBytes(rx.threadId()) - before;
                clean = allocated == 0 && windows >= MIN_WARMUP_WINDOWS ? clean + 1 : 0;
            }
            long tx0 = mx.getThreadAllocatedBytes(tx.threadId());
            long rx0 = mx.getThreadAllocatedBytes(rx.threadId());
            long received0 = receiver.received();
            awaitReceived(receiver, received0 + MEASURED);
            long tx1 = mx.getThreadAllocatedBytes(tx.threadId());
            long rx1 = mx.getThreadAllocatedBytes(rx.threadId());
            long probes = receiver.received() - received0;
            sender.stop();

            tx.join(TimeUnit.SECONDS.toMillis(60));
            rx.join(TimeUnit.SECONDS.toMillis(60));
            reflections.finishAndJoin();
            recorder.close();
            assertThat(receiver.reflected()).as("reflections sent").isGreaterThanOrEqualTo(probes / 10);
            assertThat(receiver.reflectFailures()).isZero();
            assertThat(estimates).as("two-way estimates").isNotEmpty();
            assertThat(reflections.failure()).isNull();
            assertThat(probes).isGreaterThanOrEqualTo(MEASURED);
            assertThat(tx1 - tx0).as("bytes allocated by the send loop over %d probes", probes).isZero();
            assertThat(rx1 - rx0).as("bytes allocated by the receive loop over %d probes", probes).isZero();
            assertThat(sender.overflows() + receiver.overflows()).isZero();
            assertThat(receiver.rejected()).as("nothing refused").allSatisfy((kind, n) -> assertThat(n).as(kind).isZero());
            assertThat(reflections.unauthenticated()).isZero();
            assertThat(txSocket.txtimeMissed() + txSocket.txtimeInvalid()).as("launch-time drops (none on lo)").isZero();
        }
    }

    /**
     * A packet socket on lo taking the probes' EtherType, framed to lo's MAC (tagged VLAN 7, PCP 5
     * when {@code tagged}: the kernel strips the tag on receive, PACKET_AUXDATA brings it), with timestamps.
     */
    private static PacketSocket packetSocket(boolean receiver, boolean tagged) {
        PacketSocket s = PacketSocket.openReceiving("lo", org.tsnlat.wire.EthernetFraming.DEFAULT_ETHER_TYPE);
        s.frame(new byte[6], tagged ? 7 : org.tsnlat.wire.EthernetFraming.NO_TAG, tagged ? 5 : 0,
                org.tsnlat.wire.EthernetFraming.DEFAULT_ETHER_TYPE);
        s.enableTimestamping(true, !receiver);
        return s;
    }

    private static void awaitReceived(Receiver r, long n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (r.received() < n) {
            assertThat(System.nanoTime()).as("waiting for %d probes, have %d", n, r.received()).isLessThan(until);
            Thread.sleep(1);
        }
    }
}
