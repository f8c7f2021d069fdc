package org.tsnlat.run;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.RecordHeader;
import org.tsnlat.record.RecordKind;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.report.Summary;
import org.tsnlat.report.SummaryBuilder;
import org.tsnlat.report.SummaryText;
import org.tsnlat.report.TxAnalysis;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunMeta;

/**
 * One measurement from start to report: makes the run directory, opens and tunes the sockets and
 * threads, runs the sender and/or receiver loops with the recorder beside them, and on any end
 * (done, Ctrl-C) writes meta.json's end, report.txt and report.json. The roles: "run" (both ends
 * here), "send", "recv".
 */
public final class Measurement {
    private static final int PIPE_CAPACITY = 1 << 16;

    private final String role;
    private final SenderConfig senderConfig;
    private final ReceiverConfig receiverConfig;
    private final long warmupNs;
    private final Path runsParent;
    private final List<String> command;
    private final PrintStream live;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile Sender sender;
    private volatile Receiver receiver;

    /**
     * @param senderConfig   null for a receiver alone
     * @param receiverConfig null for a sender alone
     * @param live           where to print one live line a second, or null
     */
    public Measurement(String role, SenderConfig senderConfig, ReceiverConfig receiverConfig, long warmupNs,
                       Path runsParent, List<String> command, PrintStream live) {
        this.role = role;
        this.senderConfig = senderConfig;
        this.receiverConfig = receiverConfig;
        this.warmupNs = warmupNs;
        this.runsParent = runsParent;
        this.command = command;
        this.live = live;
    }

    /** The result: where it was written, and the summary printed. */
    public record Result(RunDirectory dir, Summary summary, String text) {}

    /** Stops the loops (from a signal handler's thread); {@link #run()} then writes everything. */
    public void interrupt() {
        interrupted = true;
        Sender s = sender;
        Receiver r = receiver;
        if (s != null) s.stop();
        if (r != null) r.stop();
    }

    /** Waits (up to timeoutMs) until {@link #run()} has written the directory; for shutdown hooks. */
    public void awaitFinished(long timeoutMs) throws InterruptedException {
        finished.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public Result run() throws IOException {
        try {
            return measure();
        } finally {
            finished.countDown();
        }
    }

    private Result measure() throws IOException {
        ClockId clockId = senderConfig != null ? senderConfig.clock() : receiverConfig.clock();
        long swOffsetNs = clockId == ClockId.TAI ? Clock.taiOffsetNs() : 0;
        long sessionId = senderConfig != null ? newSessionId() : receiverConfig.sessionId();
        Map<String, String> timestamping = new LinkedHashMap<>();
        try (ProcessTuning process = ProcessTuning.apply(true, true);
             UdpSocket rxSocket = receiverConfig != null ? openReceiver(timestamping) : null;
             UdpSocket txSocket = senderConfig != null ? openSender(rxSocket, timestamping) : null) {
            RunDirectory dir = RunDirectory.create(runsParent, role);
            Clock clock = Clock.open(clockId);
            RunMeta meta = MetaFactory.initial(role, command, senderConfig, receiverConfig, rxSocket, warmupNs,
                    sessionId, Instant.now(), clock.nowNs());
            dir.writeMeta(meta);
            RxAnalysis rx = receiverConfig != null ? new RxAnalysis(warmupNs) : null;
            TxAnalysis tx = senderConfig != null ? new TxAnalysis(warmupNs, senderConfig.periodNs()) : null;
            LiveLine liveLine = live != null && rx != null ? new LiveLine(live, rx) : null;
            Recorder recorder = new Recorder(liveLine);
            RecordPipe rxPipe = new RecordPipe(PIPE_CAPACITY);
            RecordPipe txPipe = new RecordPipe(PIPE_CAPACITY);
            long periodNs = senderConfig != null ? senderConfig.periodNs() : 0;
            long startNs = clock.nowNs();
            if (rx != null) {
                recorder.add(rxPipe, RecordFileWriter.create(dir.file(RunDirectory.RX_RECORDS),
                        new RecordHeader(1, RecordKind.RX, sessionId, clockId.id(), periodNs, startNs, swOffsetNs)), rx::accept);
                receiver = new Receiver(receiverConfig, rxSocket, rxPipe, swOffsetNs);
            }
            if (tx != null) {
                recorder.add(txPipe, RecordFileWriter.create(dir.file(RunDirectory.TX_RECORDS),
                        new RecordHeader(1, RecordKind.TX, sessionId, clockId.id(), periodNs, startNs, swOffsetNs)), tx::accept);
                sender = new Sender(senderConfig, txSocket, txPipe, sessionId);
                meta = MetaFactory.withBase(meta, sender.plan());
            }
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            List<String> notes = Collections.synchronizedList(new ArrayList<>(process.notes()));
            recorder.start();
            Thread rxThread = receiver == null ? null : start("tsnlat-rx", receiverConfig.tuning(), receiver, threads, notes);
            Thread txThread = sender == null ? null : start("tsnlat-tx", senderConfig.tuning(), sender, threads, notes);
            if (interrupted) interrupt();
            awaitTuning(threads, (rxThread != null ? 1 : 0) + (txThread != null ? 1 : 0));
            meta = meta.withTuning(new RunMeta.Tuning(threads.stream().sorted().toList(), process.describe(), List.copyOf(notes)), timestamping);
            dir.writeMeta(meta);
            join(txThread);
            join(rxThread);
            recorder.close();
            long overflows = (receiver != null ? receiver.overflows() : 0) + (sender != null ? sender.overflows() : 0);
            meta = meta.withSessionId(receiver != null ? hex(receiver.sessionId()) : hex(sessionId)).withEnd(new RunMeta.End(
                    Instant.now().toString(), endReason(),
                    receiver != null ? receiver.announcedTotal() : -1, receiver != null ? receiver.rejected() : Map.of(),
                    overflows, sender != null ? sender.sent() : -1, endNotes()));
            dir.writeMeta(meta);
            Summary summary = SummaryBuilder.build(meta, rx, tx, RunReport.startNs(rx, tx), List.of());
            String text = SummaryText.format(summary);
            dir.writeAtomically(RunDirectory.REPORT_TXT, text);
            dir.writeAtomically(RunDirectory.REPORT_JSON, RunDirectory.toJson(summary));
            return new Result(dir, summary, text);
        }
    }

    private List<String> endNotes() {
        List<String> notes = new ArrayList<>();
        if (sender != null && sender.lastSendError() != null) {
            notes.add("the kernel refused sends (last: " + sender.lastSendError() + "); is a receiver listening at "
                    + hostPort(senderConfig.destination()) + "?");
        }
        if (sender != null && sender.lateStamps() > 0) {
            notes.add(sender.lateStamps() + " kernel TX timestamps came after their probe's record was written");
        }
        return notes;
    }

    /** host:port, [v6]:port, without the resolver's leading slash. */
    public static String hostPort(InetSocketAddress a) {
        return MetaFactory.hostPort(a);
    }

    private String endReason() {
        if (!failures.isEmpty()) return "failed: " + String.join("; ", failures);
        return interrupted ? "interrupted" : "complete";
    }

    /** Why a loop stopped early, or empty when none failed. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    private UdpSocket openReceiver(Map<String, String> timestamping) {
        InetSocketAddress bind = receiverConfig.bind();
        UdpSocket s = UdpSocket.open(family(bind));
        try {
            try {
                s.bind(bind);
            } catch (org.tsnlat.linux.LinuxException e) {
                throw new SetupException("cannot listen on " + MetaFactory.hostPort(bind) + ": " + e.getMessage(), e);
            }
            s.setReceiveTimeoutMs(ReceiverConfig.POLL_MS);
            s.setReceiveBufferBytes(4 << 20);
            var ts = s.enableTimestamping(true, false, receiverConfig.interfaceName());
            timestamping.put("receiver", describe(ts));
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private UdpSocket openSender(UdpSocket receiverSocket, Map<String, String> timestamping) {
        InetSocketAddress dest = senderConfig.destination();
        if (dest.getPort() == 0 && receiverSocket != null) {
            dest = new InetSocketAddress(dest.getAddress(), receiverSocket.localAddress().getPort());
        }
        UdpSocket s = UdpSocket.open(family(dest));
        try {
            try {
                s.connect(dest);
            } catch (org.tsnlat.linux.LinuxException e) {
                throw new SetupException("cannot send to " + MetaFactory.hostPort(dest) + ": " + e.getMessage(), e);
            }
            if (senderConfig.soPriority() >= 0) {
                s.setPriority(senderConfig.soPriority());
            }
            var ts = s.enableTimestamping(false, true, senderConfig.interfaceName());
            timestamping.put("sender", describe(ts));
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    static String describe(org.tsnlat.linux.Timestamping ts) {
        List<String> on = new ArrayList<>();
        if (ts.hwRx()) on.add("hw rx");
        if (ts.swRx()) on.add("sw rx");
        if (ts.hwTx()) on.add("hw tx");
        if (ts.schedTx()) on.add("sched tx");
        if (ts.swTx()) on.add("sw tx");
        return String.join(", ", on) + (ts.hardwareNote() == null || ts.hardwareNote().isEmpty() ? "" : "; " + ts.hardwareNote());
    }

    private static StandardProtocolFamily family(InetSocketAddress a) {
        return a.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private Thread start(String name, ThreadTuning tuning, Runnable loop, List<String> threads, List<String> notes) {
        return Thread.ofPlatform().name(name).start(() -> {
            ThreadTuning.InForce f = tuning.apply();
            notes.addAll(f.notes());
            threads.add(f.describe());
            try {
                loop.run();
            } catch (RuntimeException e) {
                failures.add(name + ": " + e.getMessage());
                interrupt();
            }
        });
    }

    private static void awaitTuning(List<String> threads, int expected) {
        long until = System.nanoTime() + 2_000_000_000L;
        while (threads.size() < expected && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static void join(Thread t) {
        if (t == null) return;
        boolean wasInterrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                wasInterrupted = true;
            }
        }
        if (wasInterrupted) Thread.currentThread().interrupt();
    }

    private static long newSessionId() {
        long id = 0;
        SecureRandom r = new SecureRandom();
        while (id == 0) id = r.nextLong();
        return id;
    }

    static String hex(long id) {
        return id == 0 ? null : String.format("%016x", id);
    }
}
