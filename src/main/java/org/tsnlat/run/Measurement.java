package org.tsnlat.run;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.load.LoadRun;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.RecordHeader;
import org.tsnlat.record.RecordKind;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.report.Summary;
import org.tsnlat.report.TrustThresholds;
import org.tsnlat.report.SummaryText;
import org.tsnlat.report.TxAnalysis;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunMeta;
import org.tsnlat.sync.PtpSampler;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.sync.TwoWayEstimate;
import org.tsnlat.sync.TwoWayEstimator;

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
    private Placement placement = Placement.here(List.of("lo"), List.of("lo"));
    private LoadPlan loadPlan;
    private PtpSources ptp = PtpSources.none();
    private boolean jitWarmup = true;
    private TrustThresholds thresholds = TrustThresholds.defaults();
    private SyncLog syncLog;
    private final List<PtpSampler> samplers = new ArrayList<>();
    private volatile SyncForwarder forwarder;
    private long forwardedRejected;
    private volatile boolean interrupted;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile Sender sender;
    private volatile Receiver receiver;
    private volatile ReflectionReceiver reflections;
    private final List<TwoWayEstimate> twoWayEstimates = Collections.synchronizedList(new ArrayList<>());
    private Consumer<TwoWayEstimate> twoWayListener = e -> {};
    private TwoWayEstimator.SampleListener twoWaySampleListener;

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

    /** Where the ends live (namespaces, interfaces); default: both here, over lo. */
    public Measurement placement(Placement p) {
        this.placement = p;
        return this;
    }

    /** Background load to run beside the probes, or null for none. */
    public Measurement load(LoadPlan plan) {
        this.loadPlan = plan;
        return this;
    }

    /** Whether to run the loops over a private loopback pair first, so the JIT has compiled them (default on). */
    public Measurement jitWarmup(boolean on) {
        this.jitWarmup = on;
        return this;
    }

    /** The ptp4l instances to read once a second during the run. */
    public Measurement ptp(PtpSources sources) {
        this.ptp = sources;
        return this;
    }

    /** The limits of the clock-trust verdicts. */
    public Measurement trust(TrustThresholds t) {
        this.thresholds = t;
        return this;
    }

    /** Also hands each two-way estimate, as it is made, to {@code listener} (on the reflection thread). */
    public Measurement onTwoWayEstimate(Consumer<TwoWayEstimate> listener) {
        this.twoWayListener = listener;
        return this;
    }

    /** Hands every two-way sample (t1..t4, on the reflection thread) to {@code listener}; for tests. */
    public Measurement onTwoWaySample(TwoWayEstimator.SampleListener listener) {
        this.twoWaySampleListener = listener;
        return this;
    }

    /**
     * The in-band two-way estimates of the sender's side, one per second of the sender's clock
     * (empty for a receiver alone or without reflection); complete after {@link #run()}. They
     * are also written to the run's sync log as they come, beside ptp4l's samples.
     */
    public List<TwoWayEstimate> twoWayEstimates() {
        return List.copyOf(twoWayEstimates);
    }

    /** Reflection requests that got no answer within 1 s; 0 without reflection. */
    public long lostReflections() {
        ReflectionReceiver r = reflections;
        return r != null ? r.lost() : 0;
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
        ReflectionReceiver f = reflections;
        if (f != null) f.stop();
    }

    /** Waits (up to timeoutMs) until {@link #run()} has written the directory; for shutdown hooks. */
    public void awaitFinished(long timeoutMs) throws InterruptedException {
        finished.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public Result run() throws IOException {
        try {
            return measure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the measurement", e);
        } finally {
            finished.countDown();
        }
    }

    private Result measure() throws IOException, InterruptedException {
        ClockId clockId = senderConfig != null ? senderConfig.clock() : receiverConfig.clock();
        long swOffsetNs = clockId == ClockId.TAI ? Clock.taiOffsetNs() : 0;
        long sessionId = senderConfig != null ? newSessionId() : receiverConfig.sessionId();
        StringBuilder rxStamps = new StringBuilder();
        StringBuilder txStamps = new StringBuilder();
        try (ProcessTuning process = ProcessTuning.apply(true, true);
             UdpSocket rxSocket = receiverConfig != null ? Sockets.receiver(receiverConfig, placement.rxNetns(), rxStamps) : null;
             UdpSocket txSocket = senderConfig != null
                     ? Sockets.sender(senderConfig, destination(rxSocket), placement.txNetns(), txStamps) : null) {
            if (jitWarmup) {
                // after binding, so a sender that starts now finds the port (its probes wait in
                // the socket buffer with their kernel timestamps)
                JitWarmup.run(clockId);
            }
            RunDirectory dir = RunDirectory.create(runsParent, role);
            Clock clock = Clock.open(clockId);
            RunMeta meta = MetaFactory.initial(role, command, senderConfig, receiverConfig, rxSocket,
                    senderConfig != null ? destination(rxSocket) : null, warmupNs, sessionId, Instant.now(), clock.nowNs());
            dir.writeMeta(meta);
            RxAnalysis rx = receiverConfig != null ? new RxAnalysis(warmupNs) : null;
            TxAnalysis tx = senderConfig != null ? new TxAnalysis(warmupNs, senderConfig.periodNs()) : null;
            Recorder recorder = new Recorder(live != null && rx != null ? new LiveLine(live, rx) : null, this::fail);
            long periodNs = senderConfig != null ? senderConfig.periodNs() : 0;
            long startNs = clock.nowNs();
            LoopThreads loops = new LoopThreads(this::fail);
            if (rx != null) {
                RecordPipe pipe = new RecordPipe(PIPE_CAPACITY);
                recorder.add(pipe, RecordFileWriter.create(dir.file(RunDirectory.RX_RECORDS),
                        RecordHeader.of(RecordKind.RX, sessionId, clockId.id(), periodNs, startNs, swOffsetNs)), rx::accept);
                receiver = new Receiver(receiverConfig, rxSocket, pipe, swOffsetNs);
                loops.add("tsnlat-rx", receiverConfig.tuning(), receiver);
            }
            if (tx != null) {
                RecordPipe pipe = new RecordPipe(PIPE_CAPACITY);
                recorder.add(pipe, RecordFileWriter.create(dir.file(RunDirectory.TX_RECORDS),
                        RecordHeader.of(RecordKind.TX, sessionId, clockId.id(), periodNs, startNs, swOffsetNs)), tx::accept);
                sender = new Sender(senderConfig, txSocket, pipe, sessionId, swOffsetNs, startNs);
                loops.add("tsnlat-tx", senderConfig.tuning(), sender);
                if (senderConfig.reflectEvery() > 0) {
                    reflections = new ReflectionReceiver(sender, senderConfig, txSocket, swOffsetNs,
                            e -> {
                                twoWayEstimates.add(e);
                                syncLog.append(e);
                                if (forwarder != null) forwarder.forward(SyncLog.line(e));
                                twoWayListener.accept(e);
                            }, twoWaySampleListener);
                }
            }
            recorder.start();
            loops.startAndAwaitTuned();
            List<String> notes = new ArrayList<>(process.notes());
            notes.addAll(loops.notes());
            meta = meta.withTuning(new RunMeta.Tuning(loops.inForce(), process.describe(), notes),
                    timestamping(rxStamps, txStamps));
            meta = RunEnvironment.snapshot(meta, placement, loops.tids());
            syncLog = SyncLog.create(dir.file(SyncLog.FILE), "CLOCK_" + clockId.name());
            if (receiver == null && sender != null) {
                // a sender on its own host: its clock evidence goes to the receiver's directory too
                forwarder = new SyncForwarder(placement.txNetns(), destination(null), sessionId);
            }
            if (receiver != null && sender == null) {
                SideChannel side = new SideChannel();
                receiver.sideChannel(side);
                recorder.add(side, (buf, len) -> {
                    String json = org.tsnlat.wire.SyncDatagram.decode(buf, len, receiver.sessionId());
                    if (json == null || !syncLog.appendForwarded(json)) forwardedRejected++;
                });
            }
            startPtpSamplers(clockId, startNs);
            LoadRun load = startLoad();
            if (sender != null) {
                meta = MetaFactory.withBase(meta, sender.plan());
            }
            dir.writeMeta(meta);
            if (interrupted) interrupt();
            JvmHealth health = loops.health();
            long warmupEndsInNs = (sender != null ? sender.baseNs() - clock.nowNs() : 0) + warmupNs;
            Thread.ofPlatform().daemon(true).name("tsnlat-warmup-end").start(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, warmupEndsInNs));
                health.start();
            });
            loops.go();
            if (reflections != null) reflections.start();
            loops.join();
            if (reflections != null) {
                reflections.finishAndJoin();
                if (reflections.failure() != null) fail(reflections.failure());
            }
            if (load != null) {
                meta = meta.withLoad(RunEnvironment.load(loadPlan, load.stop()));
            }
            samplers.forEach(PtpSampler::close);
            if (forwarder != null) forwarder.close();
            recorder.close();
            syncLog.close();
            long overflows = (receiver != null ? receiver.overflows() : 0) + (sender != null ? sender.overflows() : 0);
            meta = meta.withSessionId(receiver != null ? hex(receiver.sessionId()) : hex(sessionId)).withEnd(new RunMeta.End(
                    Instant.now().toString(), endReason(),
                    receiver != null ? receiver.announcedTotal() : -1, receiver != null ? receiver.rejected() : Map.of(),
                    overflows, sender != null ? sender.sent() : -1, endNotes(), health.since()));
            dir.writeMeta(meta);
            return writeReports(dir);
        }
    }

    /**
     * The reports, made as {@code tsnlat report} makes them: from the directory alone, so the
     * two cannot differ (the record files are read back: a second or so per 20 million records).
     */
    private Result writeReports(RunDirectory dir) throws IOException {
        try {
            var charts = new org.tsnlat.report.html.RunCharts(thresholds.intervalNs());
            RunReport.Analysis a = RunReport.analyse(dir, thresholds, charts, charts);
            String text = SummaryText.format(a.summary());
            dir.writeAtomically(RunDirectory.REPORT_TXT, text);
            dir.writeAtomically(RunDirectory.REPORT_JSON, RunDirectory.toJson(a.summary()));
            dir.writeAtomically(RunDirectory.INTERVALS, RunDirectory.toJsonLines(a.verdicts()));
            dir.writeAtomically(RunDirectory.REPORT_HTML, org.tsnlat.report.html.RunHtml.render(dir, a, charts));
            return new Result(dir, a.summary(), text);
        } catch (org.tsnlat.rundir.RunDirectoryException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The sender's destination; port 0 means "the receiver's port" when both ends are here. */
    private InetSocketAddress destination(UdpSocket rxSocket) {
        InetSocketAddress dest = senderConfig.destination();
        if (dest.getPort() == 0 && rxSocket != null) {
            return new InetSocketAddress(dest.getAddress(), rxSocket.localAddress().getPort());
        }
        return dest;
    }

    private static Map<String, String> timestamping(StringBuilder rx, StringBuilder tx) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!rx.isEmpty()) m.put("receiver", rx.toString());
        if (!tx.isEmpty()) m.put("sender", tx.toString());
        return m;
    }

    private void startPtpSamplers(ClockId clockId, long faultOriginNs) {
        if (receiverConfig != null && ptp.rxSocket() != null) {
            samplers.add(new PtpSampler("rx", ptp.rxSocket(), ptp.domainNumber(), ptp.transportSpecific(),
                    () -> Clock.readNs(clockId), syncLog));
        }
        if (senderConfig != null && ptp.txSocket() != null) {
            // the sender's side is time-stamped by the sender's clock, injected faults included
            SenderClock senderClock = SenderClock.open(clockId, senderConfig.clockFault(), faultOriginNs);
            samplers.add(new PtpSampler("tx", ptp.txSocket(), ptp.domainNumber(), ptp.transportSpecific(),
                    senderClock::nowNs, syncLog).onSample(s -> {
                        if (forwarder != null) forwarder.forward(SyncLog.line(s));
                    }));
        }
        samplers.forEach(PtpSampler::start);
    }

    private LoadRun startLoad() {
        if (loadPlan == null) return null;
        return LoadRun.start(loadPlan.spec(), loadPlan.destination(), loadPlan.sinkAt(), Long.MAX_VALUE,
                role -> body -> Sockets.in(role.equals("sink") ? placement.rxNetns() : placement.txNetns(), body));
    }

    private void fail(String why) {
        failures.add(why);
        interrupt();
    }

    private List<String> endNotes() {
        List<String> notes = new ArrayList<>();
        if (forwardedRejected > 0) {
            notes.add(forwardedRejected + " sync datagrams from the sender were refused (another session, or malformed)");
        }
        if (sender != null && sender.lastSendError() != null) {
            notes.add("the kernel refused sends (last: " + sender.lastSendError() + "); is a receiver listening at "
                    + hostPort(senderConfig.destination()) + "?");
        }
        if (receiver != null && receiver.reflectRequestsRefused() > 0) {
            notes.add(receiver.reflectRequestsRefused() + " reflection requests not answered (--no-reflect)");
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
