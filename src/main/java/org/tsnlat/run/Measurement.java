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
import org.tsnlat.env.DuringSampler;
import org.tsnlat.env.EnvJson;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.PacketSocket;
import org.tsnlat.linux.ProbeSocket;
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
import org.tsnlat.sync.ChronySampler;
import org.tsnlat.sync.Chronyc;
import org.tsnlat.sync.Phc2sysSampler;
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
    /**
     * The records between a hot loop and the recorder (112 bytes each): {@link #PIPE_HOLDS_NS} of
     * them at the period, so that the disk may stall that long before a record is lost (an overflow,
     * counted), within these bounds. A receiver alone, which learns the period only from the probes,
     * gets {@link #PIPE_UNKNOWN_PERIOD} (16 s at 1 ms, 1.6 s at 100 us). 7 MiB each before, at
     * every period: the largest part of a listening receiver's heap.
     */
    static final long PIPE_HOLDS_NS = 16_000_000_000L;
    static final int PIPE_MIN = 1 << 12;
    static final int PIPE_MAX = 1 << 16;
    static final int PIPE_UNKNOWN_PERIOD = 1 << 14;

    /** Records in a hot loop's pipe for this period (0: unknown), a power of two. */
    static int pipeCapacity(long periodNs) {
        if (periodNs <= 0) return PIPE_UNKNOWN_PERIOD;
        long wanted = Math.max(PIPE_MIN, Math.min(PIPE_MAX, PIPE_HOLDS_NS / periodNs));
        return Integer.highestOneBit((int) wanted - 1) << 1;
    }
    /** Reflections come one per --reflect-every probes: a smaller ring holds seconds of them. */
    private static final int REFLECTION_PIPE_CAPACITY = 1 << 12;
    /**
     * Space held in the run directory while recording and given back at the end, so that a disk
     * that fills with records still takes meta.json's end and the text and JSON reports.
     */
    static final long RESERVE_BYTES = 1 << 20;
    /** In a run with both ends here: how long the receiver may take to see the sender's end before it is stopped. */
    static final long END_WAIT_MS = 1_000;
    /** How often the main thread looks at the loops while they run (send failures, the sender's end). */
    private static final long WATCH_MS = 200;

    private final String role;
    private final SenderConfig senderConfig;
    private final ReceiverConfig receiverConfig;
    private final long warmupNs;
    private final Path runsParent;
    private final List<String> command;
    private PrintStream live;
    private LiveLine.Mode liveMode = LiveLine.Mode.LOG;
    /** The live view's trust guess (docs/trust.md), fed by the two-way estimates and ptp4l's samples. */
    private LiveTrust liveTrust;
    private volatile LiveLine liveLine;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Placement placement = Placement.here(List.of("lo"), List.of("lo"));
    private LoadPlan loadPlan;
    private Runnable onReady;
    private PtpSources ptp = PtpSources.none();
    private ChronySources chrony = ChronySources.none();
    private Phc2sysSources phc2sys = Phc2sysSources.none();
    private org.tsnlat.explain.ExplainThreshold explainAbove;
    /** {@code --breaktrace}: 0 when off. */
    private long breaktraceNs;
    /** Why the run stopped at --breaktrace (the probe, or the forward direction's); null until it did. */
    private volatile String breaktraceCause;
    private volatile org.tsnlat.explain.TraceSession trace;
    private volatile String traceUnavailable;
    private boolean jitWarmup = true;
    private TrustThresholds thresholds = TrustThresholds.defaults();
    private SyncLog syncLog;
    private volatile SyncForwarder forwarder;
    private volatile long forwardedRejected;
    private volatile long forwardedAccepted;
    private volatile long forwardedUnauthenticated;
    private org.tsnlat.wire.ProbeKey key;
    private volatile boolean interrupted;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile Sender sender;
    /** Whether the end-of-session probes went out (Sender.sendEnd), once. */
    private boolean endSent;
    /** Whether the loop threads were joined: only then may this thread use the sender's socket. */
    private boolean loopsJoined;

    private void sendEndOnce() {
        if (sender != null && !endSent) {
            endSent = true;
            sender.sendEnd();
        }
    }
    /** The JIT warm-up beside the measurement's warm-up, or null (see {@link #BESIDE_MIN_WARMUP_NS}). */
    private volatile JitWarmup.Background backgroundWarmup;
    /** What went wrong with it, said once; null while nothing did. */
    private String backgroundWarmupFailure;
    /**
     * Set once every check before the first probe has passed: a start that fails before that cuts
     * the JIT warm-up beside it short, and that is no news.
     */
    private volatile boolean started;
    private volatile Receiver receiver;
    private volatile ReflectionReceiver reflections;
    private final List<TwoWayEstimate> twoWayEstimates = Collections.synchronizedList(new ArrayList<>());
    private Consumer<TwoWayEstimate> twoWayListener = e -> {};
    private TwoWayEstimator.SampleListener twoWaySampleListener;
    private Progress progress = Progress.NONE;
    private volatile Recorder recorder;
    private RunMeta meta;
    /** With --bidir: the stream the opposite way, beside this one; null for one direction. */
    private ReverseStream reverse;
    /** When this is the reverse stream: the forward run directory it writes into; else null. */
    private RunDirectory forwardDir;
    private List<String> options = List.of();
    /** {@code --plan}: the host plan checked before the first probe and at the end; null without. */
    private PlanWatch planWatch;
    /** {@code --metrics}: where to serve them, null without; how long to wait for the final scrape; labels. */
    private InetSocketAddress metricsAt;
    private long metricsLingerNs;
    private Map<String, String> metricsLabels = Map.of();
    private volatile MetricsFeed metricsFeed;
    /** The --metrics endpoint while it serves (a signal ends its linger), or null. */
    private volatile org.tsnlat.metrics.MetricsEndpoint metricsServing;
    /** Probes in Ethernet frames (--transport l2), or null for UDP. */
    private Layer2 layer2;
    /** Over layer 2: the receiving interface's frame counter when its socket opened (-1 unknown). */
    private long rxFramesBefore = -1;

    /**
     * @param senderConfig   null for a receiver alone
     * @param receiverConfig null for a sender alone
     * @param live           where to print the live view's lines once a second ({@link LiveLine}), or null
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

    /**
     * The live view: where its lines go (null: none), and whether they are rewritten in place (a
     * terminal) or logged one after the other; replaces the constructor's stream.
     */
    public Measurement live(PrintStream out, boolean inPlace) {
        this.live = out;
        this.liveMode = inPlace ? LiveLine.Mode.IN_PLACE : LiveLine.Mode.LOG;
        return this;
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

    /**
     * Both directions at once ({@code run --bidir}): {@code opposite}, a measurement whose sender
     * sends the other way, runs beside this one once its run directory exists (and its JIT
     * warm-up, when that comes before the first probe, is done), into the directory's
     * {@value RunDirectory#REVERSE} sub-directory; this one's reports, written when both have
     * ended, give both directions. If it cannot start, this one fails (exit 1); Ctrl-C stops both.
     */
    public Measurement reverse(Measurement opposite) {
        this.reverse = new ReverseStream(opposite);
        return this;
    }

    /** Makes this measurement's run directory inside {@code dir} ({@link RunDirectory#createReverse}). */
    Measurement inside(RunDirectory dir) {
        this.forwardDir = dir;
        return this;
    }

    /**
     * Serves live metrics for Prometheus at {@code at} ({@link org.tsnlat.metrics.MetricsEndpoint}),
     * bound before the first probe (an address in use: exit 3, nothing measured), with the run's id
     * and role and {@code labels} on every series; at the end waits up to {@code lingerNs} for a
     * scrape of the final figures.
     */
    public Measurement metrics(InetSocketAddress at, long lingerNs, Map<String, String> labels) {
        this.metricsAt = at;
        this.metricsLingerNs = lingerNs;
        this.metricsLabels = Map.copyOf(labels);
        return this;
    }

    /**
     * {@code then} runs once the loops run (a receiver receives), after {@link Progress#ready}: the
     * place to start a far end that must find the receiver listening. Its exception fails the run.
     */
    /** Probes in Ethernet frames over packet sockets instead of UDP datagrams. */
    public Measurement layer2(Layer2 l2) {
        this.layer2 = l2;
        return this;
    }

    public Measurement onReady(Runnable then) {
        this.onReady = then;
        return this;
    }

    public Measurement progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** The ptp4l instances to read once a second during the run. */
    public Measurement ptp(PtpSources sources) {
        this.ptp = sources;
        return this;
    }

    /** The chronyd instances to read once a second during the run. */
    public Measurement chrony(ChronySources sources) {
        this.chrony = sources;
        return this;
    }

    /**
     * {@code --explain}: record the kernel's trace during the run (a private tracefs instance, root)
     * and take apart the probes whose lateness exceeds its median by more than {@code aboveNs}.
     */
    public Measurement explain(long aboveNs) {
        if (aboveNs <= 0) throw new IllegalArgumentException("the outlier threshold must be greater than 0");
        return explain(org.tsnlat.explain.ExplainThreshold.span(aboveNs));
    }

    /** {@code --explain} with its threshold: a span beyond the median lateness, or a percentile of the run's lateness. */
    public Measurement explain(org.tsnlat.explain.ExplainThreshold above) {
        this.explainAbove = java.util.Objects.requireNonNull(above);
        return this;
    }

    /**
     * {@code --breaktrace} (after {@link #explain}): stop the run at the first probe after the
     * warm-up (and the trigger's settling) whose lateness exceeds its running median by more than
     * {@code spanNs}, its trace kept; meta.json's end says {@value RunMeta#BREAKTRACE} and names
     * it. Off when --explain's trace cannot start (a note says so).
     */
    public Measurement breaktrace(long spanNs) {
        if (spanNs <= 0) throw new IllegalArgumentException("--breaktrace must be greater than 0");
        if (explainAbove == null) throw new IllegalStateException("--breaktrace needs --explain");
        this.breaktraceNs = spanNs;
        return this;
    }

    /** The phc2sys logs to follow during the run. */
    public Measurement phc2sys(Phc2sysSources sources) {
        this.phc2sys = sources;
        return this;
    }

    /** The limits of the clock-trust verdicts. */
    /**
     * Authenticated mode (docs/wire-format.md): every probe, END, reflection and sync datagram
     * signed and checked with this key; null (the default) for none.
     */
    public Measurement key(org.tsnlat.wire.ProbeKey key) {
        this.key = key;
        return this;
    }

    /** The options given that shape the measurement, as meta.json's config.options records them. */
    public Measurement options(List<String> given) {
        this.options = List.copyOf(given);
        return this;
    }

    /**
     * {@code --plan}: the host plan checked once the measuring threads are placed (before the first
     * probe) and again when the loops have ended, into meta.json's plan; null for none.
     */
    public Measurement plan(PlanWatch watch) {
        this.planWatch = watch;
        return this;
    }

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

    /**
     * True time on the run's clock from which the sender's clock fault counts: when its loop was
     * set up, after the warm-up; not the record files' start time, which is meta.json's.
     *
     * @throws IllegalStateException before {@link #run()} has made a sender, or for a receiver alone
     */
    public long faultOriginNs() {
        Sender s = sender;
        if (s == null) throw new IllegalStateException("no sender in this measurement");
        return s.faultOriginNs();
    }

    /** Reflection requests that got no answer within 1 s; 0 without reflection. */
    public long lostReflections() {
        ReflectionReceiver r = reflections;
        return r != null ? r.lost() : 0;
    }

    /**
     * The result: where it was written, the summary printed, and the reports that could not be
     * written (a full disk), one line each, to be said before the summary.
     */
    public record Result(RunDirectory dir, Summary summary, String text, List<String> unwritten) {}

    /**
     * Stops the loops (from a signal handler's thread); {@link #run()} then writes everything. Once
     * the loops have ended (the run is over, waiting for --metrics-linger's scrape) the run is
     * not cut short by it: it stays as it ended, only the wait for the scrape ends.
     */
    public void interrupt() {
        if (!loopsEnded) interrupted = true;
        stopLoops();
        if (reverse != null) reverse.interrupt();
        org.tsnlat.metrics.MetricsEndpoint e = metricsServing;
        if (e != null) e.stopWaiting();
    }

    /**
     * Stops the run at --breaktrace ({@code cause} names the probe): an early end that is not a
     * failure. A sender stops (and sends its end of session, so a receiver sees the end as usual);
     * a receiver alone stops itself. With --bidir the reverse direction stops too. The first call
     * counts; from the recorder's thread, so it only sets flags (the main thread says it).
     */
    void stopAtBreaktrace(String cause) {
        synchronized (this) {
            if (breaktraceCause != null) return;
            breaktraceCause = cause;
        }
        Sender s = sender;
        Receiver r = receiver;
        if (s != null) s.stop();
        else if (r != null) r.stop();
        if (reverse != null) {
            reverse.stopAtBreaktrace(cause.replaceFirst("^--breaktrace", "--breaktrace of the forward direction"));
        }
    }

    private void stopLoops() {
        Sender s = sender;
        Receiver r = receiver;
        if (s != null) s.stop();
        if (r != null) r.stop();
        ReflectionReceiver f = reflections;
        if (f != null) f.stop();
    }

    /** Waits (up to timeoutMs) until {@link #run()} has written the directory; for shutdown hooks. */
    public boolean awaitFinished(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Measures and writes the run directory and its reports. A failure before the first probe
     * (address in use, ptp4l not answering, a policy not granted, a runs directory that cannot be
     * written) is thrown, typed with its exit code, and leaves no run directory; anything after
     * it ends the run early but still writes meta.json's end and the reports.
     */
    public Result run() {
        try {
            return measure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException(org.tsnlat.exit.Exit.FAILED, "interrupted while starting the measurement", e);
        } finally {
            finished.countDown();
        }
    }

    private Result measure() throws InterruptedException {
        if (key != null && senderConfig != null && senderConfig.sizeBytes() < org.tsnlat.wire.ProbeHeader.AUTH_HEADER_BYTES) {
            throw new org.tsnlat.exit.UsageException("probes of " + senderConfig.sizeBytes() + " bytes cannot carry a tag: "
                    + "authenticated probes have at least " + org.tsnlat.wire.ProbeHeader.AUTH_HEADER_BYTES + " bytes");
        }
        ClockId clockId = senderConfig != null ? senderConfig.clock() : receiverConfig.clock();
        long swOffsetNs = clockId == ClockId.TAI ? Clock.taiOffsetNs() : 0;
        long sessionId = senderConfig != null ? newSessionId() : receiverConfig.sessionId();
        StringBuilder rxStamps = new StringBuilder();
        StringBuilder txStamps = new StringBuilder();
        Resources res = new Resources();
        RunDirectory dir = null;
        boolean measuring = false;
        LoadRun load = null;
        JvmHealth health = null;
        try {
            // every check that can be made before the JIT warm-up is said, so a run that cannot start says so at once
            ProcessTuning process = res.add("process tuning", ProcessTuning.apply(true, true));
            checkTuning();
            org.tsnlat.metrics.MetricsEndpoint metricsEndpoint = openMetrics();
            if (metricsEndpoint != null) {
                metricsServing = metricsEndpoint;
                res.add("metrics endpoint", () -> {
                    boolean lingers = metricsLingerNs > 0 && metricsFeed != null; // a measurement's final figures wait for a scrape
                    if (lingers && !metricsEndpoint.finalScraped() && !metricsEndpoint.stoppedWaiting()) {
                        progress.warn("metrics: the measurement has ended; its final figures are served until a scrape "
                                + "takes them, at most " + org.tsnlat.time.DurationNs.format(metricsLingerNs)
                                + " (--metrics-linger; Ctrl-C ends the wait)");
                    }
                    metricsEndpoint.close(); // waits (up to --metrics-linger) for a scrape of the final figures
                    if (lingers && !metricsEndpoint.finalScraped()) {
                        progress.warn(metricsEndpoint.stoppedWaiting()
                                ? "metrics: stopped (Ctrl-C or SIGTERM) before a scrape saw the final figures"
                                : "metrics: no scrape saw the final figures within --metrics-linger");
                    }
                });
                progress.warn("metrics for Prometheus at http://" + hostPort(metricsEndpoint.address()) + "/metrics");
            }
            // with a measurement warm-up of a second or more, the JIT warm-up goes on beside its
            // first second or so (those probes are kept out of the figures), and the first probe need
            // not wait for it; a shorter one gets the JIT warm-up before the first probe. Beside, it
            // starts now, in threads of its own over a loopback pair of its own, so that the checks
            // and set-up below (sockets, ptp4l, the run directory; a failure there ends it, silently)
            // do not shorten its time
            boolean beside = jitWarmup && warmupNs >= BESIDE_MIN_WARMUP_NS;
            if (beside) {
                backgroundWarmup = JitWarmup.start(clockId, key != null, senderConfig != null && senderConfig.txtime(), layer2);
                res.add("JIT warm-up", () -> endBackgroundWarmup(System.nanoTime()));
            }
            ProbeSocket rxSocket = res.add("receiving socket", receiverConfig == null ? null
                    : layer2 != null ? Sockets.packetReceiver(receiverConfig, layer2, placement.rxNetns(), rxStamps)
                    : Sockets.receiver(receiverConfig, placement.rxNetns(), rxStamps));
            if (layer2 != null && rxSocket != null) rxFramesBefore = interfaceRxFrames();
            InetSocketAddress dest = senderConfig != null ? destination(rxSocket) : null;
            ProbeSocket txSocket = res.add("sending socket", senderConfig == null ? null
                    : layer2 != null ? Sockets.packetSender(senderConfig, layer2, destinationMac(rxSocket), placement.txNetns(), txStamps)
                    : Sockets.sender(senderConfig, dest, placement.txNetns(), txStamps));
            List<String> setupNotes = new ArrayList<>();
            if (senderConfig != null && senderConfig.txtime()) setupNotes.addAll(launchTimeNotes());
            // a run sends the probes itself: untagged (or a priority tag, VLAN 0), no VLAN filter can drop them
            if (layer2 != null && rxSocket != null && (senderConfig == null || layer2.tagged() && layer2.vlan() > 0)) {
                setupNotes.addAll(vlanFilterNote());
            }
            checkPtp();
            Clock clock = Clock.open(clockId);
            meta = MetaFactory.initial(role, command, senderConfig, receiverConfig, listening(rxSocket),
                    senderConfig != null ? destinationText(dest, txSocket) : null, MetaFactory.layer2(layer2, rxSocket, txSocket), warmupNs,
                    sessionId, Instant.now(), clock.nowNs(), options);
            if (reverse != null) meta = meta.withReverse(RunDirectory.REVERSE);
            dir = forwardDir != null ? forwardDir.createReverse(meta) : RunDirectory.create(runsParent, role, meta);
            dir.reserve(RESERVE_BYTES);

            syncLog = res.add("sync log", createSyncLog(dir, clockId)); // closed after the recorder, which writes to it
            String warmupFailure = beside ? null : warmUp(clockId);
            if (!beside && jitWarmup) System.gc(); // before the first probe: see collectBeforeTheFigures
            if (beside) progress.warmingUp(JitWarmup.BOUND_NS, true); // (under way since the checks began)
            if (reverse != null) {
                reverse.start(dir, progress, this::fail);
                res.add("reverse direction", reverse::join); // its end is awaited before this one's files close
            }
            if (explainAbove != null) startTrace(dir, clockId, res);
            RxAnalysis rx = receiverConfig != null ? new RxAnalysis(warmupNs) : null;
            TxAnalysis tx = senderConfig != null ? new TxAnalysis(warmupNs, senderConfig.periodNs()) : null;
            if (tx != null && senderConfig.txtime()) tx.launchTime(senderConfig.txtimeOffsetNs());
            LiveTrust trust = new LiveTrust(thresholds);
            liveTrust = trust;
            if (rx != null) {
                rx.observe(d -> {
                    if (d.latencyNs != org.tsnlat.record.Timestamps.ABSENT) trust.latency(d.latencyNs);
                });
            }
            // closed after the recorder (newest first), so their last figures see every record
            MetricsFeed metrics = metricsEndpoint == null ? null : res.add("live metrics", new MetricsFeed(
                    metricsEndpoint, metricsLabels(dir), rx, tx, trust, () -> receiver != null ? rejected() : Map.of(),
                    () -> sender != null ? sender.sent() : 0, () -> sender != null ? sender.launchTimeDrops() : Map.of()));
            metricsFeed = metrics;
            LiveLine view = live == null ? null
                    : res.add("live view", new LiveLine(live, liveMode, rx, this::rejectedSoFar, tx, trust));
            liveLine = view;
            Recorder recorder = res.add("recorder", new Recorder(view == null && metrics == null ? null : () -> {
                String verdict = trust.take(); // the last second's: one guess for the view and the metrics
                if (view != null) view.show(verdict);
                if (metrics != null) metrics.everySecond(verdict);
            }, this::fail));
            this.recorder = recorder;
            long periodNs = senderConfig != null ? senderConfig.periodNs() : 0;
            long startNs = clock.nowNs();
            // the record files' start time is meta.json's: report tells this run's files from another's by it
            long filesStartNs = meta.start().clockNs();
            LoopThreads loops = res.add("measuring threads", new LoopThreads(this::fail));
            loops.holdAtEnd(); // the end's reading of the host (and the plan's end check) sees them
            if (rx != null) {
                RecordPipe pipe = new RecordPipe(pipeCapacity(periodNs));
                recorder.add(pipe, createRecords(dir, RunDirectory.RX_RECORDS,
                        RecordHeader.of(RecordKind.RX, sessionId, clockId.id(), periodNs, filesStartNs, swOffsetNs)),
                        trace == null ? rx::accept : r -> {
                            rx.accept(r);
                            trace.consider(r.seq, r.scheduledNs, r.appRxNs); // --explain: keep the trace around a late one
                        });
                receiver = new Receiver(receiverConfig, rxSocket, pipe, swOffsetNs);
                if (key != null) receiver.authenticate(key);
                if (trace != null) receiver.markInto(trace.marker("tsnlat-rx"));
                loops.add("tsnlat-rx", receiverConfig.tuning(), receiver);
            }
            if (tx != null) {
                RecordPipe pipe = new RecordPipe(pipeCapacity(periodNs));
                recorder.add(pipe, createRecords(dir, RunDirectory.TX_RECORDS,
                        RecordHeader.of(RecordKind.TX, sessionId, clockId.id(), periodNs, filesStartNs, swOffsetNs)),
                        trace == null || rx != null ? tx::accept : r -> {
                            tx.accept(r);
                            trace.consider(r.seq, r.scheduledNs, org.tsnlat.explain.Explainer.kernelTxOrApp(r)); // a sender alone: late to the kernel
                        });
                sender = new Sender(senderConfig, txSocket, pipe, sessionId, swOffsetNs, startNs);
                if (key != null) sender.authenticate(key);
                if (trace != null) sender.markInto(trace.marker("tsnlat-tx"));
                loops.add("tsnlat-tx", senderConfig.tuning(), sender);
                if (senderConfig.reflectEvery() > 0) {
                    reflections = new ReflectionReceiver(sender, senderConfig, txSocket, swOffsetNs,
                            e -> {
                                twoWayEstimates.add(e);
                                liveTrust.twoWay(e);
                                syncLog.append(e);
                                if (forwarder != null) forwarder.forward(SyncLog.line(e));
                                twoWayListener.accept(e);
                            }, twoWaySampleListener);
                    if (key != null) reflections.authenticate(key);
                    RecordPipe reflected = new RecordPipe(REFLECTION_PIPE_CAPACITY);
                    recorder.add(reflected, createRecords(dir, RunDirectory.REFLECTION_RECORDS, RecordHeader.of(
                            RecordKind.REFLECT, sessionId, clockId.id(), periodNs, filesStartNs, swOffsetNs)), r -> { });
                    reflections.record(reflected);
                }
            }
            recorder.start();
            loops.startAndAwaitTuned();
            if (!loops.refused().isEmpty()) {
                throw notGranted(loops.refused());
            }
            if (planWatch != null) meta = meta.withPlan(planWatch.before(this::warn)); // --plan-strict: refused here
            List<String> notes = new ArrayList<>(process.notes());
            notes.addAll(loops.notes());
            if (warmupFailure != null) notes.add(warmupFailure);
            notes.addAll(setupNotes);
            meta = meta.withTuning(new RunMeta.Tuning(loops.inForce(), process.describe(), notes),
                    timestamping(rxStamps, txStamps));
            // the environment snapshot (0.1-0.5 s) runs beside the sender's lead and first probes when
            // those fall into the measurement's warm-up; otherwise the first probe waits for it
            boolean envBeside = warmupNs >= SenderConfig.LEAD_NS;
            Map<String, Integer> tids = loops.tids();
            DuringSampler during = new DuringSampler(tids);
            var envSnapshot = new java.util.concurrent.FutureTask<>(() -> RunEnvironment.take(placement, tids));
            if (envBeside) {
                Thread.ofPlatform().daemon(true).name("tsnlat-env").start(envSnapshot);
            } else {
                envSnapshot.run();
                meta = environment(envSnapshot).applyTo(meta);
            }
            if (receiver == null && sender != null) {
                // a sender on its own host: its clock evidence goes to the receiver's directory too
                forwarder = res.add("sync forwarder", layer2 != null
                        ? SyncForwarder.layer2(placement.txNetns(), layer2, destinationMac(rxSocket), sessionId, key)
                        : SyncForwarder.udp(placement.txNetns(), dest, sessionId, key));
            }
            if (receiver != null && sender == null) {
                SideChannel side = new SideChannel();
                receiver.sideChannel(side);
                org.tsnlat.wire.Hmac syncHmac = key != null ? key.hmac() : null; // the recorder thread's own
                boolean framed = layer2 != null;
                recorder.add(side, (buf, received) -> {
                    // over layer 2 a short frame arrives padded to Ethernet's minimum: the datagram is what its header says
                    int len = framed ? org.tsnlat.wire.SyncDatagram.ownLength(buf, received) : received;
                    boolean sealed = (buf.get(org.tsnlat.wire.SyncDatagram.FLAGS_OFFSET) & org.tsnlat.wire.SyncDatagram.FLAG_AUTH) != 0;
                    if (syncHmac != null ? !syncHmac.checkSync(buf, len) : sealed) {
                        forwardedUnauthenticated++;
                        return;
                    }
                    String json = org.tsnlat.wire.SyncDatagram.decode(buf, len, receiver.sessionId());
                    if (json == null || !syncLog.appendForwarded(json)) {
                        forwardedRejected++;
                    } else {
                        forwardedAccepted++;
                    }
                });
            }
            startPtpSamplers(clockId, startNs, res);
            load = startLoad();
            if (sender != null) {
                meta = MetaFactory.withBase(meta, sender.plan(envBeside ? SenderConfig.SHORT_LEAD_NS : SenderConfig.LEAD_NS));
            }
            dir.writeMeta(meta);
            health = loops.health();
            JvmHealth watched = health;
            started = true;
            long warmupEndsInNs = (sender != null ? sender.baseNs() - clock.nowNs() : 0) + warmupNs;
            long warmupEndsAt = System.nanoTime() + Math.max(0, warmupEndsInNs);
            Thread.ofPlatform().daemon(true).name("tsnlat-warmup-end").start(() -> {
                if (backgroundWarmup != null) {
                    // the JIT's last compilations land before the figures start
                    long jitStopBy = warmupEndsAt - BESIDE_STOP_BEFORE_END_NS;
                    java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, jitStopBy - System.nanoTime()));
                    endBackgroundWarmup(jitStopBy);
                }
                // a receiver alone learns the sender's schedule, and with it when the figures begin, from
                // the first probe: the moments below wait for it (the JIT warm-up's end above does not)
                long figuresAt = warmupEndsAt;
                Receiver r = receiver;
                if (sender == null && r != null) {
                    while (r.received() == 0) {
                        if (loopsEnded) return;
                        java.util.concurrent.locks.LockSupport.parkNanos(FIRST_PROBE_POLL_NS);
                    }
                    figuresAt = Math.max(warmupEndsAt, System.nanoTime() + warmupNs);
                }
                // the host's counters, read in the warm-up's last moments so that the reading's own work stays in it
                long readAt = figuresAt - DuringSampler.BEFORE_FIGURES_NS;
                java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, readAt - System.nanoTime()));
                during.start(figuresAt);
                collectBeforeTheFigures(figuresAt);
                java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, figuresAt - System.nanoTime()));
                watched.start();
            });
            res.add("loops stopped", this::stopLoops); // closed before the threads are joined
            if (reflections != null) {
                ReflectionReceiver r = reflections;
                res.add("reflections", r::finishAndJoin);
            }
            loops.go();
            measuring = true;
            if (interrupted) interrupt();
            if (!failures.isEmpty()) stopLoops(); // the reverse stream could not start
            if (reflections != null) reflections.start();
            announceReady(dir); // as soon as the loops run: scripts wait for it
            if (envBeside) {
                meta = environment(envSnapshot).applyTo(meta);
                dir.writeMeta(meta);
            }
            awaitEnd(loops);
            loopsEnded = true;
            // the host's counters and the plan read while the measurement's threads are still there
            if (health != null) health.stop(); // the collections of the measurement, not of the reports after it
            meta = meta.withEnvDuring(EnvJson.mapper().valueToTree(during.end()));
            if (planWatch != null) meta = meta.withPlan(planWatch.atEnd(meta.plan(), this::warn));
            loops.join();
            loopsJoined = true;
            if (reflections != null) {
                reflections.finishAndJoin();
                if (reflections.failure() != null) fail(reflections.failure());
            }
            // a sender alone: the end once the last two-way estimate went out to the receiver (Sender.sendEnd)
            sendEndOnce();
        } catch (RuntimeException | Error e) {
            if (!measuring) {
                if (reverse != null) reverse.interrupt();
                res.close();
                if (load != null) load.close();
                if (dir != null) dir.removeUnstarted();
                throw e;
            }
            fail(oneLine(e));
        } finally {
            loopsEnded = true;
            if (loopsJoined) {
                try {
                    sendEndOnce(); // whatever failed after the loops, the receiver still learns the end
                } catch (RuntimeException e) {
                    fail("the end of session could not be sent: " + oneLine(e));
                }
            }
            res.close(); // newest first: loops stopped and joined, then samplers, sync log, recorder (fsync), sockets
        }
        res.failures().forEach(this::fail);
        if (syncLog != null && syncLog.failure() != null) {
            fail(SyncLog.FILE + ": " + syncLog.failure() + "; the clock evidence after that is not in it");
        }
        return finish(dir, load, health);
    }

    /**
     * Collects the garbage of the start (the JIT warm-up's, the set-up's) inside the measurement's
     * warm-up, when at least {@link #COLLECT_MIN_LEFT_NS} of it is left: the serial collector stops
     * every thread while it collects, and a young generation filled by the start would otherwise be
     * collected at some moment of the figures (a wake-up 10 ms late at 100 us). With the young
     * generation empty, the other threads' few KB a second fill it again only after tens of minutes.
     */
    private static void collectBeforeTheFigures(long warmupEndsAtNanoTime) {
        if (warmupEndsAtNanoTime - System.nanoTime() >= COLLECT_MIN_LEFT_NS) System.gc();
    }

    /** How often a receiver alone looks whether the first probe has come (its warm-up begins there). */
    static final long FIRST_PROBE_POLL_NS = 10_000_000L;
    /** Set once the loops have ended (or the measurement failed): the warm-up's end no longer waits for a probe. */
    private volatile boolean loopsEnded;

    /** Time the collection before the figures may take (a full collection of some 30 MiB: 20-50 ms here). */
    static final long COLLECT_MIN_LEFT_NS = 150_000_000L;

    /** The snapshot's result; a thread that died says why in its place. */
    private RunEnvironment.Snapshot environment(java.util.concurrent.FutureTask<RunEnvironment.Snapshot> task)
            throws InterruptedException {
        try {
            return task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return RunEnvironment.failed(placement, e.getCause());
        }
    }

    /** After the loops: meta.json's end (the records' counts, how it ended), then the reports. */
    private Result finish(RunDirectory dir, LoadRun load, JvmHealth health) {
        RunMeta meta = this.meta;
        if (load != null) {
            meta = meta.withLoad(RunEnvironment.load(loadPlan, load.stop()));
        }
        boolean full = diskFull(dir); // before the reserve is given back, which makes room again
        dir.releaseReserve(); // room for meta.json's end and the reports when the disk filled
        long overflows = (receiver != null ? receiver.overflows() : 0) + (sender != null ? sender.overflows() : 0)
                + (reflections != null ? reflections.overflows() : 0);
        boolean recordedAll = recorder == null || recorder.failure() == null;
        // when recording stopped early, probes sent after it are not lost but unrecorded: no total to count against
        long announced = !recordedAll ? -1 : receiver != null && receiver.announcedTotal() >= 0 ? receiver.announcedTotal()
                : receiver != null && sender != null ? sender.sent() : -1;
        meta = meta.withSessionId(receiver != null ? hex(receiver.sessionId()) : meta.sessionId()).withEnd(new RunMeta.End(
                Instant.now().toString(), endReason(), receiver != null ? announced : -1,
                receiver != null ? rejected() : Map.of(), overflows, sender != null ? sender.sent() : -1,
                endNotes(), health != null ? health.since() : null, endCause(),
                recorder != null ? recorder.recordsWritten() : Map.of(), full,
                sender != null ? sender.sendFailures() : -1,
                reflections != null ? reflections.answered() : -1,
                sender != null && senderConfig.txtime() ? sender.launchTimeDrops() : null,
                layer2 != null && receiver != null ? frames() : null));
        List<String> unwritten = new ArrayList<>();
        try {
            dir.writeMeta(meta);
        } catch (org.tsnlat.rundir.RunDirectoryException e) {
            unwritten.add(e.getMessage() + ": report will call this run abrupt");
        }
        return writeReports(dir, unwritten);
    }

    /**
     * The reports, made as {@code tsnlat report} makes them: from the directory alone, so the
     * two cannot differ (the record files are read back: a second or so per 20 million records).
     */
    private Result writeReports(RunDirectory dir, List<String> unwritten) {
        var charted = org.tsnlat.report.html.RunHtml.analyse(dir, thresholds);
        RunReport.Analysis a = charted.analysis();
        String text = SummaryText.format(a.summary());
        write(dir, RunDirectory.REPORT_TXT, text, unwritten);
        write(dir, RunDirectory.REPORT_JSON, RunDirectory.toJson(a.summary()), unwritten);
        write(dir, RunDirectory.INTERVALS, RunDirectory.jsonLines(a.verdicts().asList()), unwritten);
        write(dir, RunDirectory.REPORT_HTML, w -> w.write(org.tsnlat.report.html.RunHtml.render(dir, charted)), unwritten);
        return new Result(dir, a.summary(), text, List.copyOf(unwritten));
    }

    /** Writes one report; when it cannot (a full disk), says which and goes on with the others. */
    private static void write(RunDirectory dir, String name, String content, List<String> unwritten) {
        write(dir, name, w -> w.write(content), unwritten);
    }

    private static void write(RunDirectory dir, String name, RunDirectory.Content content, List<String> unwritten) {
        try {
            dir.writeAtomically(name, content);
        } catch (org.tsnlat.rundir.RunDirectoryException e) {
            unwritten.add(e.getMessage());
        }
    }

    /** A required policy or CPU set that this process cannot get: the run does not start (exit 9). */
    private void checkTuning() throws InterruptedException {
        List<String> refused = new ArrayList<>();
        if (receiverConfig != null) refused.addAll(receiverConfig.tuning().check());
        if (senderConfig != null) refused.addAll(senderConfig.tuning().check());
        if (!refused.isEmpty()) throw notGranted(refused);
    }

    /**
     * --txtime: whether the sender's egress interfaces enforce a launch time (an etf or taprio
     * qdisc); each that does not is said on standard error now, before the first probe, and
     * becomes a note of the summary (meta.json's tuning.notes).
     */
    private List<String> launchTimeNotes() {
        List<String> notes = new ArrayList<>();
        for (String ifname : placement.txInterfaces()) {
            String note = org.tsnlat.env.LaunchTimeQdisc.notEnforced(ifname, placement.txNetns());
            if (note != null) {
                progress.warn(note);
                notes.add(note);
            }
        }
        return notes;
    }

    /**
     * --transport l2: a receiving interface that filters VLANs in its NIC would drop tagged probes
     * of a VLAN nothing registered, unseen: said on standard error now and as a note.
     */
    private List<String> vlanFilterNote() {
        java.util.Map<String, String> features;
        try {
            features = Sockets.in(placement.rxNetns(), () -> org.tsnlat.linux.NetDevice.features(layer2.rxInterface()));
        } catch (RuntimeException e) {
            return List.of(); // no ethtool features (lo has them; a driver may not): nothing known to say
        }
        String note = Layer2.vlanFilterNote(layer2.rxInterface(), features, layer2.tagged() ? layer2.vlan() : 0);
        if (note == null) return List.of();
        progress.warn(note);
        return List.of(note);
    }

    private static SetupException notGranted(List<String> refused) {
        return new SetupException(org.tsnlat.exit.Exit.NOT_GRANTED, refused.stream().distinct()
                .collect(java.util.stream.Collectors.joining("; ")) + " (--best-effort runs anyway)", null);
    }

    /** Each ptp4l to read during the run answers once now, or the run does not start (exit 3). */
    private void checkPtp() {
        java.util.LinkedHashSet<Path> sockets = new java.util.LinkedHashSet<>();
        if (receiverConfig != null && ptp.rxSocket() != null) sockets.add(ptp.rxSocket());
        if (senderConfig != null && ptp.txSocket() != null) sockets.add(ptp.txSocket());
        for (Path socket : sockets) {
            try (var client = org.tsnlat.sync.PtpManagementClient.open(socket, ptp.domainNumber(),
                    ptp.transportSpecific(), java.time.Duration.ofMillis(PTP_CHECK_TIMEOUT_MS))) {
                client.health();
            } catch (org.tsnlat.sync.PtpException e) {
                throw new SetupException("ptp4l at " + socket + ": " + e.getMessage(), e);
            }
        }
    }

    private static final long PTP_CHECK_TIMEOUT_MS = 1_000;
    /** From this measurement warm-up on, the JIT warm-up runs beside it rather than before the first probe. */
    static final long BESIDE_MIN_WARMUP_NS = 1_000_000_000L;
    /** A JIT warm-up beside the measurement's stops this long before the measurement's warm-up ends. */
    static final long BESIDE_STOP_BEFORE_END_NS = 500_000_000L;

    /**
     * Ends the JIT warm-up running beside the measurement's warm-up (by {@code stopByNanoTime} at
     * the latest) and says its failure once; called from the warm-up-end thread and when the run
     * closes, whichever comes first (the second call finds it ended).
     */
    private void endBackgroundWarmup(long stopByNanoTime) {
        JitWarmup.Background bg = backgroundWarmup;
        if (bg == null) return;
        JitWarmup.Outcome o = bg.finish(stopByNanoTime);
        if (!started) return; // the start failed (--plan-strict, say): its own line says why
        synchronized (this) {
            if (backgroundWarmupFailure != null || o.failure() == null) return;
            backgroundWarmupFailure = o.failure();
        }
        warn(o.failure());
    }

    /**
     * The JIT warm-up, said beforehand and bounded ({@link JitWarmup#BOUND_NS}); its failure (the run
     * goes on, its first seconds perhaps slower) said at once and returned for meta.json's notes, or null.
     */
    private String warmUp(ClockId clockId) {
        if (!jitWarmup) return null;
        progress.warmingUp(JitWarmup.BOUND_NS, false);
        JitWarmup.Outcome o = JitWarmup.run(clockId, key != null, senderConfig != null && senderConfig.txtime(), layer2);
        if (o.failure() != null) {
            warn(o.failure());
        }
        return o.failure();
    }

    private static RecordFileWriter createRecords(RunDirectory dir, String name, RecordHeader header) {
        try {
            return RecordFileWriter.create(dir.file(name), header);
        } catch (IOException e) {
            throw new org.tsnlat.rundir.RunDirectoryException(dir.file(name) + ": cannot create ("
                    + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }

    private static SyncLog createSyncLog(RunDirectory dir, ClockId clockId) {
        try {
            return SyncLog.create(dir.file(SyncLog.FILE), "CLOCK_" + clockId.name());
        } catch (IOException e) {
            throw new org.tsnlat.rundir.RunDirectoryException(dir.file(SyncLog.FILE) + ": cannot create ("
                    + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }

    /**
     * Once the receiving loop runs (a sender alone: once its loop is released), says so and
     * writes the run directory's ready file: only then may a sender start.
     */
    private void announceReady(RunDirectory dir) throws InterruptedException {
        if (interrupted) return; // stopped before it began: not ready, and never said to be
        String listening = null;
        if (receiver != null) {
            while (!receiver.awaitRunning(WATCH_MS)) {
                if (!failures.isEmpty()) return;
            }
            listening = meta.config().bind(); // where it listens, as meta.json says
        }
        try {
            dir.writeReady(listening, Instant.now());
        } catch (org.tsnlat.rundir.RunDirectoryException e) {
            fail(e.getMessage());
            return;
        }
        progress.ready(dir, listening);
        Runnable then = onReady;
        if (then != null) {
            try {
                then.run();
            } catch (RuntimeException e) {
                fail(e.getMessage() != null ? e.getMessage() : e.toString());
                return;
            }
        }
        LiveLine l = liveLine;
        if (l != null) l.begin();
    }

    /**
     * Waits for the loops to end (their threads may still be held, {@link LoopThreads#holdAtEnd()}),
     * looking at them meanwhile: says at once when sends begin to be refused; with both ends here,
     * stops a receiver that missed the sender's end of session.
     */
    private void awaitEnd(LoopThreads loops) throws InterruptedException {
        boolean warned = false;
        boolean brokeSaid = false;
        boolean senderDone = sender == null;
        while (true) {
            if (!brokeSaid && breaktraceCause != null) {
                brokeSaid = true;
                warn("stopping: " + breaktraceCause);
            }
            if (sender != null && !warned && sender.sendFailures() > 0) {
                warned = true;
                warn("sends refused from probe " + sender.firstFailedSeq() + " on ("
                        + sender.lastSendError() + "): is a receiver listening at " + peer()
                        + "?");
            }
            if (!senderDone) {
                senderDone = loops.awaitEnd("tsnlat-tx", WATCH_MS);
                if (senderDone && receiver != null) {
                    // both ends here: the end at once (the two-way estimates need no forwarding); the
                    // sender's loop has ended, so this thread may use its socket
                    sendEndOnce();
                    if (!loops.awaitEnd("tsnlat-rx", END_WAIT_MS)) {
                        receiver.stop(); // its end-of-session probes were lost; the sender's count stands for them
                    }
                }
                continue;
            }
            if (loops.awaitEnd(receiver != null ? "tsnlat-rx" : "tsnlat-tx", WATCH_MS)) {
                break;
            }
        }
    }

    /** One line for a failure met while measuring. */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        return m != null ? m.lines().findFirst().orElse(m) : e.toString();
    }

    /** The sender's destination; port 0 means "the receiver's port" when both ends are here. */
    private InetSocketAddress destination(ProbeSocket rxSocket) {
        InetSocketAddress dest = senderConfig.destination();
        if (dest.getPort() == 0 && rxSocket instanceof UdpSocket udp) {
            return new InetSocketAddress(dest.getAddress(), udp.localAddress().getPort());
        }
        return dest;
    }

    /** Frames the receiving interface took in so far, in the receiver's namespace; -1 if unknown. */
    private long interfaceRxFrames() {
        try {
            return Sockets.in(placement.rxNetns(), () -> PacketSocket.interfaceRxPackets(layer2.rxInterface()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** meta.json's end.frames: the probes' priorities and VLANs on arrival, and the other frames kept out. */
    private RunMeta.Frames frames() {
        long after = interfaceRxFrames();
        long other = rxFramesBefore < 0 || after < 0 ? -1 : Math.max(0, after - rxFramesBefore - receiver.datagrams());
        Map<String, Long> pcp = new LinkedHashMap<>();
        long[] p = receiver.byPcp();
        if (p[0] > 0) pcp.put("untagged", p[0]);
        for (int i = 1; i < p.length; i++) if (p[i] > 0) pcp.put(Integer.toString(i - 1), p[i]);
        Map<String, Long> vlan = new LinkedHashMap<>();
        long[] v = receiver.byVlan();
        for (int i = 1; i < v.length; i++) if (v[i] > 0) vlan.put(Integer.toString(i - 1), v[i]);
        return new RunMeta.Frames(pcp, vlan, other);
    }

    /** Where the sender sends, for what it says: host and port, or the MAC and the interface frames leave by. */
    private String peer() {
        return layer2 != null ? meta.config().destination() + " (EtherType " + String.format("0x%04X", layer2.etherType()) + ")"
                : hostPort(senderConfig.destination());
    }

    /** Where the frames go: the MAC given, else the receiving interface's here. */
    private byte[] destinationMac(ProbeSocket rxSocket) {
        if (layer2.destinationMac() != null) return layer2.destinationMac();
        if (rxSocket instanceof PacketSocket p) return p.mac();
        throw new SetupException("--transport l2: no destination MAC (give --dst-mac, or the destination's address"
                + " for its neighbour entry)", null);
    }

    /** Where the receiver listens: its address and port, or its interface and MAC for frames. */
    private static String listening(ProbeSocket rxSocket) {
        if (rxSocket instanceof UdpSocket udp) return hostPort(udp.localAddress());
        if (rxSocket instanceof PacketSocket p) {
            return p.interfaceName() + " (" + org.tsnlat.wire.EthernetFraming.formatMac(p.mac()) + ")";
        }
        return null;
    }

    /** Where the sender sent: host and port, or the destination MAC and the interface for frames. */
    private String destinationText(InetSocketAddress dest, ProbeSocket txSocket) {
        if (txSocket instanceof PacketSocket p) {
            return org.tsnlat.wire.EthernetFraming.formatMac(p.destinationMac()) + " via " + p.interfaceName();
        }
        return hostPort(dest);
    }

    private static Map<String, String> timestamping(StringBuilder rx, StringBuilder tx) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!rx.isEmpty()) m.put("receiver", rx.toString());
        if (!tx.isEmpty()) m.put("sender", tx.toString());
        return m;
    }

    private void startPtpSamplers(ClockId clockId, long faultOriginNs, Resources res) {
        List<PtpSampler> samplers = new ArrayList<>();
        if (receiverConfig != null && ptp.rxSocket() != null) {
            samplers.add(new PtpSampler("rx", ptp.rxSocket(), ptp.domainNumber(), ptp.transportSpecific(),
                    () -> Clock.readNs(clockId), syncLog).onSample(liveTrust::ptp));
        }
        if (senderConfig != null && ptp.txSocket() != null) {
            // the sender's side is time-stamped by the sender's clock, injected faults included
            SenderClock senderClock = SenderClock.open(clockId, senderConfig.clockFault(), faultOriginNs);
            samplers.add(new PtpSampler("tx", ptp.txSocket(), ptp.domainNumber(), ptp.transportSpecific(),
                    senderClock::nowNs, syncLog).onSample(s -> {
                        liveTrust.ptp(s);
                        if (forwarder != null) forwarder.forward(SyncLog.line(s));
                    }));
        }
        for (PtpSampler s : samplers) {
            res.add("ptp4l sampler", s).start();
        }
        if (receiverConfig != null && chrony.rxSocket() != null) {
            res.add("chronyd sampler", new ChronySampler("rx", new Chronyc(chrony.rxSocket(), ChronySampler.TIMEOUT),
                    () -> Clock.readNs(clockId), syncLog)).start();
        }
        if (senderConfig != null && chrony.txSocket() != null) {
            SenderClock senderClock = SenderClock.open(clockId, senderConfig.clockFault(), faultOriginNs);
            res.add("chronyd sampler", new ChronySampler("tx", new Chronyc(chrony.txSocket(), ChronySampler.TIMEOUT),
                    senderClock::nowNs, syncLog).onSample(s -> {
                        if (forwarder != null) forwarder.forward(SyncLog.line(s));
                    })).start();
        }
        if (receiverConfig != null && phc2sys.rxLog() != null) {
            res.add("phc2sys sampler", new Phc2sysSampler("rx", phc2sys.rxLog(), () -> Clock.readNs(clockId), syncLog)).start();
        }
        if (senderConfig != null && phc2sys.txLog() != null) {
            SenderClock senderClock = SenderClock.open(clockId, senderConfig.clockFault(), faultOriginNs);
            res.add("phc2sys sampler", new Phc2sysSampler("tx", phc2sys.txLog(), senderClock::nowNs, syncLog).onSample(s -> {
                if (forwarder != null) forwarder.forward(SyncLog.line(s));
            })).start();
        }
    }

    private LoadRun startLoad() {
        if (loadPlan == null) return null;
        return LoadRun.start(loadPlan.spec(), loadPlan.destination(), loadPlan.sinkAt(), Long.MAX_VALUE,
                role -> body -> Sockets.in(role.equals("sink") ? placement.rxNetns() : placement.txNetns(), body));
    }

    /**
     * Ends the run early because its other end, run elsewhere, failed ({@code why}: which, and how);
     * from any thread. The run ends as failed (exit 1), everything is still written.
     */
    public void otherEndFailed(String why) {
        fail(why);
    }

    /** Ends the run early for {@code why}: the loops stop, everything is still written. */
    private void fail(String why) {
        failures.add(why);
        stopLoops();
        if (reverse != null) reverse.interrupt();
    }

    /** The receiver's refused datagrams by kind, with the sync datagrams the recorder refused ("sync-refused"). */
    /** Says {@code line} at once, below the live view's block rather than over it. */
    private void warn(String line) {
        LiveLine l = liveLine;
        if (l == null) {
            progress.warn(line);
            return;
        }
        try {
            l.sayBetweenFrames(() -> progress.warn(line));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.warn(line);
        }
    }

    /** The --metrics endpoint, bound now (before anything is measured), or null without --metrics. */
    private org.tsnlat.metrics.MetricsEndpoint openMetrics() {
        if (metricsAt == null) return null;
        try {
            return org.tsnlat.metrics.MetricsEndpoint.open(metricsAt, metricsLingerNs);
        } catch (java.io.IOException | RuntimeException e) {
            throw new SetupException("--metrics " + metricsAt.getAddress().getHostAddress() + ":" + metricsAt.getPort()
                    + ": cannot serve there: " + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
        }
    }

    /**
     * Every series' labels: the run's id and role, the sender's destination as peer, the lab's
     * topology, then the user's (--metrics-label; an empty value removes one).
     */
    private Map<String, String> metricsLabels(RunDirectory dir) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("run", dir.path().getFileName().toString());
        m.put("role", role);
        if (meta.config().destination() != null) m.put("peer", meta.config().destination()); // host:port, or MAC via INTERFACE
        if (placement.lab() != null && placement.lab().hasNonNull("topology")) {
            m.put("topology", placement.lab().get("topology").asText());
        }
        m.putAll(metricsLabels);
        m.values().removeIf(String::isEmpty);
        return m;
    }

    /** Datagrams rejected so far, for the live view (any thread; 0 without a receiver). */
    private long rejectedSoFar() {
        Receiver r = receiver;
        if (r == null) return 0;
        long n = forwardedRejected + forwardedUnauthenticated;
        for (long v : r.rejected().values()) n += v;
        return n;
    }

    private Map<String, Long> rejected() {
        Map<String, Long> m = new java.util.LinkedHashMap<>(receiver.rejected());
        m.put("sync-refused", forwardedRejected);
        m.merge("unauthenticated", forwardedUnauthenticated, Long::sum);
        return m;
    }

    /**
     * The flight recorder of --explain, closed after the measuring threads (it was added before
     * them); without root or tracefs the run goes on, saying why.
     */
    private void startTrace(RunDirectory dir, ClockId clockId, Resources res) {
        try {
            var breaktrace = breaktraceNs == 0 ? org.tsnlat.explain.Breaktrace.Rule.OFF
                    : new org.tsnlat.explain.Breaktrace.Rule(breaktraceNs, warmupNs, b -> stopAtBreaktrace(b.cause()));
            trace = res.add("kernel trace", org.tsnlat.explain.TraceSession.start(dir.path(), clockId, explainAbove,
                    breaktrace));
        } catch (org.tsnlat.explain.TraceSession.Unavailable e) {
            traceUnavailable = e.getMessage() + (breaktraceNs > 0 ? "; --breaktrace is off with it" : "");
            progress.warn(traceUnavailable);
        }
    }

    private List<String> endNotes() {
        List<String> notes = new ArrayList<>();
        if (traceUnavailable != null) notes.add(traceUnavailable);
        if (trace != null) notes.addAll(trace.notes());
        synchronized (this) {
            if (backgroundWarmupFailure != null) notes.add(backgroundWarmupFailure);
        }
        if (key != null) {
            notes.add("authenticated mode: probes, ENDs, reflections and sync datagrams signed and checked "
                    + "(HMAC-SHA-256, 16-byte tags)");
        }
        if (reflections != null && reflections.unauthenticated() > 0) {
            notes.add(reflections.unauthenticated() + " reflections refused: their tag was missing or wrong");
        }
        if (forwardedAccepted > 0) {
            notes.add(forwardedAccepted + " sync datagrams from the sender taken into " + SyncLog.FILE);
        }
        SyncForwarder f = forwarder;
        if (f != null && f.refused() > 0) {
            notes.add(f.refused() + " sync datagrams (this sender's clock evidence) the kernel refused to send: the "
                    + "receiver's " + SyncLog.FILE + " lacks those seconds of it");
        }
        if (forwardedRejected > 0) {
            notes.add(forwardedRejected + " sync datagrams from the sender were refused (another session, malformed, "
                    + "or a field out of range)");
        }
        if (sender != null && sender.lastSendError() != null) {
            notes.add("the kernel refused sends (last: " + sender.lastSendError() + "); is a receiver listening at "
                    + peer() + "?");
        }
        if (receiver != null && receiver.reflectRequestsRefused() > 0) {
            notes.add(receiver.reflectRequestsRefused() + " reflection requests not answered (--no-reflect)");
        }
        if (sender != null && sender.lateStamps() > 0) {
            notes.add(sender.lateStamps() + " kernel TX timestamps came after their probe's record was written");
        }
        if (recorder != null && recorder.failure() != null) {
            notes.add("recording stopped early: probes after that are in no record file and not counted as lost");
        }
        return notes;
    }

    /** host:port, [v6]:port, without the resolver's leading slash. */
    public static String hostPort(InetSocketAddress a) {
        return MetaFactory.hostPort(a);
    }

    private String endReason() {
        if (!failures.isEmpty()) return RunMeta.FAILED;
        if (interrupted) return RunMeta.INTERRUPTED;
        if (breaktraceCause != null) return RunMeta.BREAKTRACE;
        if (receiver != null && receiver.endedBySilence()) return RunMeta.SILENCE;
        return RunMeta.COMPLETE;
    }

    /** Whether a write of the run failed because its file system was full. */
    private boolean diskFull(RunDirectory dir) {
        if (recorder != null && recorder.diskFull()) return true;
        String sync = syncLog != null ? syncLog.failure() : null;
        return sync != null && (DiskFull.is(sync) || DiskFull.noRoomAt(dir.path()));
    }

    /**
     * Why the run failed, which probe stopped it at --breaktrace, or why a receiver stopped
     * without the sender's end; null otherwise.
     */
    private String endCause() {
        if (!failures.isEmpty()) return String.join("; ", failures);
        if (!interrupted && breaktraceCause != null) return breaktraceCause;
        if (!interrupted && receiver != null && receiver.endedBySilence()) {
            return "no probe for " + org.tsnlat.time.DurationNs.format(receiver.silenceNs())
                    + " after " + receiver.received() + " probes, and the sender's end of session was not seen"
                    + " (lost, or the sender stopped without it)";
        }
        return null;
    }

    /** Whether a signal (Ctrl-C, SIGTERM) stopped the run. */
    public boolean wasInterrupted() {
        return interrupted;
    }

    /** Why a loop stopped early, or empty when none failed. */
    public List<String> failures() {
        if (reverse == null) return List.copyOf(failures);
        List<String> all = new ArrayList<>(failures);
        all.addAll(reverse.failures());
        return List.copyOf(all);
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
