package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.report.Summary;
import org.tsnlat.stats.MetricSummary;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;
import org.tsnlat.wire.Probe;
import org.tsnlat.wire.ProbeEncoder;
import org.tsnlat.wire.ProbeHeader;
import org.tsnlat.wire.SyncDatagram;

/**
 * Issue 11: one forged datagram (or a flood of them) with the session id, which travels in clear
 * text, must not change what the real probes measure. A real sender here is a socket of the test
 * sending probes on a steady schedule; a forgery comes either from that very socket (an attacker
 * who spoofs the sender's address and port) or from another (another port, or 127.0.0.2: another
 * host). Each test checks the real figures (every probe received, none lost or duplicated, the
 * latencies of loopback) and that the forgery is counted under its kind.
 */
class ForgedDatagramsTest {
    static final long SESSION = 0x5eed_f00d_0000_0011L;
    static final long PERIOD_NS = 1_000_000;
    /** Latencies on loopback, even on a busy machine, stay far below this. */
    private static final long LOOPBACK_MAX_NS = 1_000_000_000L;

    @TempDir Path runs;

    /** A sender of real probes from one socket, with the forger's hooks between them. */
    static final class Sender implements AutoCloseable {
        final DatagramChannel ch;
        final ByteBuffer buf = ByteBuffer.allocateDirect(ProbeHeader.AUTH_HEADER_BYTES);
        /** Authenticated mode: the real probes sealed with the key; null: plain. */
        final org.tsnlat.wire.Hmac hmac;
        final Probe p = new Probe();
        final Clock clock = Clock.open(ClockId.REALTIME);
        long base;

        Sender(int port) throws IOException {
            this(port, null);
        }

        Sender(int port, org.tsnlat.wire.ProbeKey key) throws IOException {
            hmac = key != null ? key.hmac() : null;
            ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            ch.connect(new InetSocketAddress("127.0.0.1", port));
        }

        /** Real probe {@code seq}, at its time on the schedule. */
        void probe(long seq) throws IOException {
            if (seq == 0) base = clock.nowNs();
            long due = base + seq * PERIOD_NS;
            long wait = due - clock.nowNs();
            if (wait > 0) LockSupport.parkNanos(wait);
            p.clear();
            p.sessionId = SESSION;
            p.seq = seq;
            p.scheduledNs = due;
            p.appTxNs = clock.nowNs();
            sendReal(p);
        }

        void end(long count) throws IOException {
            p.clear();
            p.sessionId = SESSION;
            p.flags = ProbeHeader.FLAG_END;
            p.seq = count;
            p.scheduledNs = clock.nowNs();
            p.appTxNs = p.scheduledNs;
            sendReal(p);
        }

        /** A real probe: sealed in authenticated mode. */
        void sendReal(Probe probe) throws IOException {
            int size = hmac != null ? ProbeHeader.AUTH_HEADER_BYTES : ProbeHeader.MIN_PAYLOAD_BYTES;
            int n = ProbeEncoder.encode(buf, probe, size);
            if (hmac != null) hmac.sealProbe(buf, n);
            buf.position(0).limit(n);
            ch.write(buf);
            buf.clear();
        }

        /** The last datagram sent, again (a replay). */
        void replayLast(int length) throws IOException {
            buf.position(0).limit(length);
            ch.write(buf);
            buf.clear();
        }

        void send(Probe probe) throws IOException {
            send(ch, buf, probe);
        }

        static void send(DatagramChannel ch, ByteBuffer buf, Probe probe) throws IOException {
            int n = ProbeEncoder.encode(buf, probe, ProbeHeader.MIN_PAYLOAD_BYTES);
            buf.position(0).limit(n);
            ch.write(buf);
            buf.clear();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** A probe of {@code session} with these fields (flags: END or 0). */
    static Probe forged(long session, long seq, long scheduledNs, long appTxNs, int flags) {
        Probe f = new Probe();
        f.sessionId = session;
        f.seq = seq;
        f.scheduledNs = scheduledNs;
        f.appTxNs = appTxNs;
        f.flags = flags;
        return f;
    }

    /** What a forger does once, between two real probes. */
    interface Forgery {
        void after(Sender tx) throws IOException;
    }

    /** {@code n} real probes and their END, with {@code forgery} done right after probe {@code at}. */
    private static void sendWithForgery(ReceiverUnderTest rx, long n, long at, Forgery forgery) throws IOException {
        try (Sender tx = new Sender(rx.port)) {
            for (long seq = 0; seq < n; seq++) {
                tx.probe(seq);
                if (seq == at) forgery.after(tx);
            }
            tx.end(n);
        }
    }

    /** A receiver on loopback (with its side channel for sync datagrams: a recv alone). */
    private ReceiverUnderTest receiver() throws Exception {
        return ReceiverUnderTest.start(runs, Long.MAX_VALUE, 0);
    }

    /** The real figures of {@code n} probes, exactly as without any forgery. */
    static Summary assertRealFigures(Measurement.Result result, long n) {
        assertThat(result).as("the receiver ended by the sender's END").isNotNull();
        Summary s = result.summary();
        assertThat(s.packets().received()).as("received").isEqualTo(n);
        assertThat(s.packets().lost()).as("lost").isZero();
        assertThat(s.packets().duplicates()).as("duplicated").isZero();
        assertThat(s.packets().expected()).as("expected").isEqualTo(n);
        MetricSummary latency = s.metrics().get("latency");
        assertThat(latency.count()).as("latency count").isEqualTo(n - s.warmupPackets());
        assertThat(latency.maxNs()).as("largest latency").isLessThan(LOOPBACK_MAX_NS);
        assertThat(latency.minNs()).as("smallest latency").isGreaterThan(-LOOPBACK_MAX_NS);
        assertThat(s.outcome().exit()).as("exit code").isZero();
        return s;
    }

    private static Map<String, Long> rejected(Summary s) {
        return s.rejected();
    }

    @Test
    void aSequenceNumberOf2To63Minus1IsImplausibleAndMovesNothing() throws Exception {
        ReceiverUnderTest rx = receiver();
        sendWithForgery(rx, 2000, 500,
                tx -> tx.send(forged(SESSION, Long.MAX_VALUE, tx.base + 501 * PERIOD_NS, tx.clock.nowNs(), 0)));
        Summary s = assertRealFigures(rx.result(30), 2000);
        assertThat(rejected(s)).containsEntry("implausible-seq", 1L);
    }

    @Test
    void aGapLeftByProbesTheKernelDroppedWhileTheReceiverWasHeldUpIsPlausible() throws Exception {
        // as a receive thread held up for 2 s sees it: the probes queued in the socket are read in a
        // burst, and the first after those the kernel dropped comes at once, 2000 numbers ahead
        ReceiverUnderTest rx = receiver();
        try (Sender tx = new Sender(rx.port)) {
            for (long seq = 0; seq < 50; seq++) tx.probe(seq);
            LockSupport.parkNanos(2_100 * PERIOD_NS);
            for (long seq = 50; seq < 100; seq++) {
                tx.sendReal(forged(SESSION, seq, tx.base + seq * PERIOD_NS, tx.clock.nowNs(), 0));
            }
            for (long seq = 2100; seq < 3000; seq++) tx.probe(seq);
            tx.end(3000);
        }
        Measurement.Result result = rx.result(30);
        assertThat(result).isNotNull();
        Summary s = result.summary();
        assertThat(s.packets().received()).isEqualTo(1000);
        assertThat(s.packets().lost()).isEqualTo(2000);
        assertThat(rejected(s)).doesNotContainKey("implausible-seq");
    }

    @Test
    void anEndAnnouncingTenProbesIsIgnoredAndTheRunGoesOn() throws Exception {
        ReceiverUnderTest rx = receiver();
        sendWithForgery(rx, 2000, 500, tx -> tx.end(10));
        Summary s = assertRealFigures(rx.result(30), 2000);
        assertThat(rejected(s)).containsEntry("implausible-end", 1L);
    }

    @Test
    void anAppTxTimeOfZeroOnANearFutureNumberIsImplausibleAndTheRealProbeIsNoDuplicate() throws Exception {
        ReceiverUnderTest rx = receiver();
        sendWithForgery(rx, 2000, 500, tx -> tx.send(forged(SESSION, 505, tx.base + 505 * PERIOD_NS, 0, 0)));
        Summary s = assertRealFigures(rx.result(30), 2000);
        assertThat(rejected(s)).containsEntry("implausible-latency", 1L);
    }

    @Test
    void aProbeOfAMadeUpSessionBeforeTheSenderStartsLocksNothing() throws Exception {
        ReceiverUnderTest rx = receiver();
        try (DatagramChannel forger = DatagramChannel.open()) {
            forger.connect(new InetSocketAddress("127.0.0.1", rx.port));
            long now = Clock.readNs(ClockId.REALTIME);
            Sender.send(forger, ByteBuffer.allocateDirect(ProbeHeader.MIN_PAYLOAD_BYTES), forged(0xbad_5e55L, 0, now, now, 0));
        }
        try (Sender tx = new Sender(rx.port)) {
            for (long seq = 0; seq < 1000; seq++) tx.probe(seq);
            tx.end(1000);
        }
        Measurement.Result result = rx.result(30);
        Summary s = assertRealFigures(result, 1000);
        assertThat(s.sessionId()).isEqualTo(String.format("%016x", SESSION));
        assertThat(rejected(s)).containsEntry("unconfirmed", 1L);
    }

    @Test
    void probesAndEndsOfTheSessionFromAnotherSocketAreNotBelieved() throws Exception {
        ReceiverUnderTest rx = receiver();
        try (DatagramChannel forger = DatagramChannel.open()) {
            forger.connect(new InetSocketAddress("127.0.0.1", rx.port));
            ByteBuffer buf = ByteBuffer.allocateDirect(ProbeHeader.MIN_PAYLOAD_BYTES);
            sendWithForgery(rx, 1000, 300, tx -> {
                long now = tx.clock.nowNs(); // a plausible but false latency of 50 ms, then an END of 400
                Sender.send(forger, buf, forged(SESSION, 301, tx.base + 301 * PERIOD_NS, now - 50_000_000, 0));
                Sender.send(forger, buf, forged(SESSION, 400, now, now, ProbeHeader.FLAG_END));
            });
        }
        Summary s = assertRealFigures(rx.result(30), 1000);
        assertThat(s.metrics().get("latency").maxNs()).as("the forged 50 ms latency").isLessThan(50_000_000);
        assertThat(rejected(s)).containsEntry("other-source", 2L);
    }

    @Test
    void syncDatagramsAreTakenOnlyFromTheSendersHostAndEachIsCounted() throws Exception {
        ReceiverUnderTest rx = receiver();
        long sentFromSendersHost = 0;
        try (Sender tx = new Sender(rx.port);
             DatagramChannel elsewhere = DatagramChannel.open();
             DatagramChannel sameHost = DatagramChannel.open()) {
            elsewhere.bind(new InetSocketAddress("127.0.0.2", 0)); // another host
            elsewhere.connect(new InetSocketAddress("127.0.0.1", rx.port));
            sameHost.connect(new InetSocketAddress("127.0.0.1", rx.port)); // the sender's host, another port
            ByteBuffer buf = ByteBuffer.allocate(2048);
            for (long seq = 0; seq < 2000; seq++) {
                tx.probe(seq);
                if (seq >= 100 && seq < 114) { // 14 estimates claiming the clocks are 5 ms apart
                    String json = "{\"kind\":\"twoway\",\"timeNs\":" + tx.clock.nowNs()
                            + ",\"samples\":100,\"offsetNs\":5000000,\"delayNs\":20000}";
                    int n = SyncDatagram.encode(buf, SESSION, json);
                    elsewhere.write(buf.position(0).limit(n));
                    buf.clear();
                }
                if (seq == 200) { // from the sender's host: without the fields an estimate needs
                    int n = SyncDatagram.encode(buf, SESSION, "{\"kind\":\"twoway\"}");
                    sameHost.write(buf.position(0).limit(n));
                    buf.clear();
                    sentFromSendersHost++;
                }
                if (seq == 300) { // from the sender's host: longer than any sync datagram may be
                    int n = SyncDatagram.encode(buf, SESSION, "{\"kind\":\"twoway\"}");
                    buf.putShort(6, (short) 1600);
                    sameHost.write(buf.position(0).limit(SyncDatagram.HEADER_BYTES + 1600));
                    buf.clear();
                    sentFromSendersHost++;
                }
                if (seq >= 400 && seq < 600) { // a burst, well-formed, from the sender's host
                    String json = "{\"kind\":\"twoway\",\"timeNs\":" + tx.clock.nowNs()
                            + ",\"samples\":1,\"offsetNs\":0,\"delayNs\":20000}";
                    int n = SyncDatagram.encode(buf, SESSION, json);
                    for (int copy = 0; copy < 10; copy++) {
                        sameHost.write(buf.position(0).limit(n));
                        sentFromSendersHost++;
                    }
                    buf.clear();
                }
            }
            tx.end(2000);
        }
        Measurement.Result result = rx.result(30);
        Summary s = assertRealFigures(result, 2000);
        Map<String, Long> r = rejected(s);
        assertThat(r).containsEntry("sync-other-source", 14L).containsEntry("sync-too-long", 1L);
        long accepted = Files.readAllLines(result.dir().file("sync.jsonl"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"kind\":\"twoway\"")).count();
        // the summary leaves out kinds counted 0
        assertThat(accepted + r.getOrDefault("sync-refused", 0L) + r.getOrDefault("sync-dropped", 0L)
                + r.getOrDefault("sync-too-long", 0L))
                .as("every sync datagram from the sender's host counted: %s", r).isEqualTo(sentFromSendersHost);
        assertThat(r.get("sync-refused")).as("the one without fields").isGreaterThanOrEqualTo(1);
        assertThat(Files.readString(result.dir().file("sync.jsonl"))).doesNotContain("\"offsetNs\":5000000");
        assertThat(s.trust()).as("the clock verdicts (the sender's estimates were taken)").isNotNull();
        assertThat(s.trust().untrusted()).as("no interval untrusted by a forgery: %s", s.trust()).isZero();
    }

    @Test
    // as root the receive buffer is large enough (SO_RCVBUFFORCE) that the kernel drops none of the flood,
    // where nothing could count it
    @Needs(Need.ROOT)
    void aFloodOfAHundredThousandForgeriesWithTheSessionIdChangesNothingAndEachIsCounted() throws Exception {
        ReceiverUnderTest rx = receiver();
        SplittableRandom random = new SplittableRandom(11);
        long forged = 0;
        try (Sender tx = new Sender(rx.port)) {
            Probe f = new Probe();
            for (long seq = 0; seq < 10_002; seq++) {
                tx.probe(seq);
                for (int i = 0; i < 10 && seq >= 2; i++) { // after the lock: from the sender's own socket
                    f.clear();
                    f.sessionId = SESSION;
                    boolean end = random.nextInt(4) == 0;
                    f.flags = end ? ProbeHeader.FLAG_END : 0;
                    // numbers far ahead, or near with a time of another day, or an END below what came
                    int kind = random.nextInt(3);
                    f.seq = end ? (kind == 0 ? random.nextLong(0, seq) : seq + 1_000_000 + random.nextLong(1L << 62))
                            : kind == 0 ? seq + 1_000_000 + random.nextLong(1L << 62) : seq + 1 + random.nextLong(10);
                    f.scheduledNs = random.nextLong();
                    f.appTxNs = kind == 0 && !end ? tx.clock.nowNs() : random.nextLong();
                    if (!end && kind != 0) { // a near number: its time must be implausible
                        long rxNow = tx.clock.nowNs();
                        while (Math.abs(f.appTxNs - rxNow) < ReceiverConfig.DEFAULT_MAX_LATENCY_NS * 2) {
                            f.appTxNs = random.nextLong();
                        }
                    }
                    tx.send(f);
                    forged++;
                }
            }
            tx.end(10_002);
        }
        Summary s = assertRealFigures(rx.result(60), 10_002);
        Map<String, Long> r = rejected(s);
        long counted = r.getOrDefault("implausible-seq", 0L) + r.getOrDefault("implausible-latency", 0L)
                + r.getOrDefault("implausible-end", 0L);
        assertThat(counted).as("every forgery counted: %s", r).isEqualTo(forged);
    }
}
