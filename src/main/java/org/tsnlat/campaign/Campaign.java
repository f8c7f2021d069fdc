package org.tsnlat.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.tsnlat.agent.AgentClient;
import org.tsnlat.campaign.CampaignIndex.End;
import org.tsnlat.campaign.CampaignPlan.Pair;
import org.tsnlat.campaign.CampaignPlan.RunKey;
import org.tsnlat.campaign.CampaignPlan.Variant;
import org.tsnlat.exit.Exit;
import org.tsnlat.exit.UsageException;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunDirectoryException;
import org.tsnlat.time.DurationNs;
import org.tsnlat.wire.ProbeKey;

/**
 * Runs a campaign plan over its agents into a campaign directory (docs/campaign.md): the runs in
 * the plan's order, the pairs of a wave (sharing no agent) at once; for each, the receiver started
 * on its agent and waited for until it listens, then the sender; both waited for, both run
 * directories fetched into {@code runs/VARIANT/PAIR/rep-N/{recv,send}}, the index written after
 * every step. A second invocation on the same directory and plan resumes: the runs done are kept,
 * the others (interrupted, failed) are made again. One invocation at a time (a lock file).
 */
public final class Campaign {
    /** How long a receiver may take to listen (its JVM's start, the JIT warm-up beside it). */
    static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(90);
    /** Beyond the duration: a sender's start and end of session, a receiver's reports. */
    static final long END_MARGIN_NS = 90_000_000_000L;
    /** The receiver's own bound: it ends at the sender's end of session long before. */
    static final long RECEIVER_EXTRA_NS = 60_000_000_000L;
    /** How long a run waits for its agents to have nothing running (an interrupted invocation's runs end at their duration). */
    static final long IDLE_MARGIN_NS = 120_000_000_000L;

    private final CampaignPlan plan;
    private final Path planFile;
    private final Path dir;
    private final PrintStream out;
    private final Map<String, AgentClient> agents = new LinkedHashMap<>();
    private CampaignIndex index;
    /** The ends running on agents now, to stop when the campaign is interrupted. */
    private final java.util.Set<Inflight> inflight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean interrupted;
    /** Set when the index could not be written: the campaign stops after the wave (exit 4). */
    private volatile RunDirectoryException fatal;

    private record Inflight(String agent, String id, RunKey key) {}
    private final AtomicInteger finished = new AtomicInteger();
    private int total;

    /** The outcome: its exit code, and the receivers' run directories of the runs done with their names. */
    public record Result(Exit exit, List<Path> receiverDirs, List<String> names, int done, int failed, int resumed) {}

    public Campaign(CampaignPlan plan, Path planFile, Path dir, PrintStream out) {
        this.plan = plan;
        this.planFile = planFile;
        this.dir = dir;
        this.out = out;
    }

    /**
     * What the campaign does at its end while it still holds the directory: writes the comparison
     * of the runs done ({@link Result#receiverDirs()}), returns what it wrote, or null for none.
     */
    public interface Finish {
        CampaignIndex.Compare compare(Result r);
    }

    /**
     * Runs (or resumes) the campaign, then {@code finish} (the comparison), all holding the
     * directory's lock; a failure before the first run is thrown, typed with its exit code.
     */
    public Result run(Finish finish) throws InterruptedException {
        ProbeKey key;
        try {
            key = ProbeKey.read(planFile.toAbsolutePath().getParent().resolve(plan.keyFile()));
        } catch (ProbeKey.KeyFileException e) {
            throw new ProbeKey.KeyFileException(planFile + ": keyFile " + plan.keyFile() + ": " + e.getMessage()
                    + " (keyFile is relative to the plan's directory; ~ is not expanded)");
        }
        plan.agents().forEach((name, at) -> agents.put(name, new AgentClient(address(name, at), key)));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RunDirectoryException(dir + ": cannot make the campaign directory (" + org.tsnlat.exit.Reasons.of(e) + ")");
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new UsageException(dir + ": another tsnlat campaign is running in this directory");
            }
            Result r = locked();
            CampaignIndex.Compare c = finish.compare(r);
            if (c != null) compared(c);
            return r;
        } catch (java.nio.channels.OverlappingFileLockException e) { // held in this JVM
            throw new UsageException(dir + ": another tsnlat campaign is running in this directory");
        } catch (IOException e) {
            throw new RunDirectoryException(dir + ": cannot lock the campaign directory (" + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }

    private Result locked() throws InterruptedException {
        CampaignIndex.Plan planRef = new CampaignIndex.Plan(plan.name(), sha256(planFile), planFile.toAbsolutePath().toString());
        index = CampaignIndex.read(dir);
        int resumed = 0;
        if (index == null) {
            index = CampaignIndex.fresh(planRef);
            copyPlan();
        } else {
            if (!index.plan().sha256().equals(planRef.sha256())) {
                if (index.runs().isEmpty()) { // nothing made yet: the plan may still change
                    index = CampaignIndex.fresh(planRef);
                    copyPlan();
                } else {
                    boolean samePath = index.plan().path().equals(planRef.path());
                    throw new UsageException(dir + " holds campaign '" + index.plan().name() + "' of "
                            + (samePath ? "this plan file as it was before it changed" : "another plan (" + index.plan().path() + ")")
                            + ", SHA-256 " + index.plan().sha256().substring(0, 12) + "..., with " + index.runs().size()
                            + " runs: give another --dir" + (samePath ? ", or the plan as it was (plan.yaml there)" : ", or that plan"));
                }
            }
            resumed = (int) index.runs().stream().filter(this::kept).count();
        }
        index.write(dir);
        for (var e : agents.entrySet()) { // every agent answers before the first run, or nothing starts
            AgentClient.Hello h;
            try {
                h = e.getValue().hello();
            } catch (org.tsnlat.agent.AgentException ex) {
                throw new org.tsnlat.agent.AgentException(ex.reason(), "agent " + e.getKey() + " (" + plan.agents().get(e.getKey())
                        + "): " + ex.getMessage() + (ex.exit() == Exit.NETWORK ? " (is 'tsnlat agent' running there, "
                        + "with this key and an --allow for this host?)" : ""), ex.exit(), ex);
            }
            say("agent " + e.getKey() + ": " + h.host() + ", tsnlat " + h.tsnlat() + ", " + h.cpus() + " CPUs"
                    + (h.running().isEmpty() ? "" : ", running " + String.join(", ", h.running())));
        }
        List<List<RunKey>> waves = plan.waves();
        total = waves.stream().mapToInt(List::size).sum();
        say("campaign " + plan.name() + ": " + count(total, "run") + " (" + count(plan.variants().size(), "variant") + " x "
                + count(plan.repetitionsOrDefault(), "repetition") + " x " + count(plan.pairs().size(), "pair") + ") in "
                + count(waves.size(), "wave") + ", each " + plan.duration() + "; directory " + dir
                + (resumed > 0 ? "; resuming: " + count(resumed, "run") + " already done kept" : ""));
        for (List<RunKey> wave : waves) {
            List<RunKey> todo = new ArrayList<>();
            for (RunKey k : wave) {
                CampaignIndex.Run r = index.run(k.id());
                if (kept(r)) {
                    finished.incrementAndGet();
                } else {
                    if (r != null && r.state().equals(CampaignIndex.DONE)) {
                        say(k.id() + ": recorded done, but its receiver's report "
                                + (r.receiver() == null ? "" : r.receiver().dir() + "/report.json ") + "is not there: made again");
                    }
                    todo.add(k);
                }
            }
            List<Thread> threads = new ArrayList<>();
            for (RunKey k : todo) {
                threads.add(Thread.ofPlatform().name("tsnlat-campaign-" + k.pair()).start(() -> measure(k)));
            }
            for (Thread t : threads) t.join();
            if (fatal != null) throw fatal;
        }
        return result(resumed);
    }

    private Result result(int resumed) {
        Exit exit = Exit.OK;
        List<Path> dirs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int done = 0;
        int failed = 0;
        for (List<RunKey> wave : plan.waves()) {
            for (RunKey k : wave) {
                CampaignIndex.Run r = index.run(k.id());
                if (kept(r)) {
                    done++;
                    dirs.add(dir.resolve(r.receiver().dir()));
                    names.add(k.id());
                    exit = Exit.worst(exit, Exit.of(r.receiver().exit()));
                } else {
                    failed++;
                    exit = Exit.worst(exit, Exit.FAILED);
                }
            }
        }
        return new Result(exit, dirs, names, done, failed, resumed);
    }

    /** One run of the campaign, on its own thread; every outcome ends in the index. */
    private void measure(RunKey k) {
        Pair p = plan.pair(k.pair());
        Variant v = plan.variant(k.variant());
        Path runDir = dir.resolve("runs").resolve(k.variant()).resolve(k.pair()).resolve("rep-" + k.repetition());
        String started = Instant.now().toString();
        End receiver = new End(p.receiver(), null, null, null);
        End sender = new End(p.sender(), null, null, null);
        try {
            if (adopted(k, recorded(k.id()), runDir)) return;
            deleteTree(runDir); // what an interrupted invocation left of it
            record(k, CampaignIndex.STARTED, started, receiver, sender, null, null);
            AgentClient rxAgent = agents.get(p.receiver());
            AgentClient txAgent = agents.get(p.sender());
            awaitIdle(p.receiver(), rxAgent);
            awaitIdle(p.sender(), txAgent);
            long durationNs = plan.durationNs();
            List<String> recvArgs = new ArrayList<>(List.of("--bind", p.to(), "--duration",
                    DurationNs.format(durationNs + RECEIVER_EXTRA_NS)));
            recvArgs.addAll(v.recv());
            String rxId = rxAgent.start("recv", recvArgs, plan.authenticatedOrDefault());
            inflight.add(new Inflight(p.receiver(), rxId, k));
            receiver = new End(p.receiver(), rxId, null, null);
            record(k, CampaignIndex.STARTED, started, receiver, sender, null, null);
            AgentClient.RunStatus rs = rxAgent.awaitReady(rxId, LISTEN_TIMEOUT);
            if (!Boolean.TRUE.equals(rs.ready())) {
                if (rs.running()) rxAgent.stop(rxId);
                throw new CampaignFailure("the receiver on " + p.receiver() + " did not listen" + (rs.running()
                        ? " within " + LISTEN_TIMEOUT.toSeconds() + " s" : ": it ended, exit " + rs.exit())
                        + lastLine(rxAgent, rxId, runDir.resolve("recv")));
            }
            List<String> sendArgs = new ArrayList<>(List.of(p.to(), "--duration", DurationNs.format(durationNs)));
            sendArgs.addAll(v.send());
            String txId = txAgent.start("send", sendArgs, plan.authenticatedOrDefault());
            inflight.add(new Inflight(p.sender(), txId, k));
            sender = new End(p.sender(), txId, null, null);
            record(k, CampaignIndex.STARTED, started, receiver, sender, null, null);
            say("[" + (finished.get() + 1) + "/" + total + "] " + k.id() + ": receiver on " + p.receiver() + " (" + rxId
                    + ") listens at " + p.to() + ", sender on " + p.sender() + " (" + txId + ") started");
            collect(k, started, runDir, rxId, txId);
        } catch (RunDirectoryException e) { // the index cannot be written: nothing more can be kept
            fatal = e;
        } catch (CampaignFailure | IOException | RuntimeException e) { // AgentException among them: an agent gone, a refusal
            if (interrupted) return; // recorded by interrupt()
            String why = e.getMessage() != null ? e.getMessage() : e.toString();
            if (e instanceof CampaignFailure f && f.receiver != null) {
                receiver = f.receiver;
                sender = f.sender;
            }
            try {
                record(k, CampaignIndex.FAILED, started, receiver, sender, null, why);
            } catch (RunDirectoryException unwritable) {
                fatal = unwritable;
            }
            say("[" + finished.incrementAndGet() + "/" + total + "] " + k.id() + ": FAILED: " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopLeftOver(k);
        }
    }

    /**
     * Both ends of a run waited for (the sender for its duration and margin, then the receiver),
     * stopped if they outlive that, fetched into {@code runDir}, the run recorded done with the
     * receiver's report; a receiver without a report is a {@link CampaignFailure}.
     */
    private void collect(RunKey k, String started, Path runDir, String rxId, String txId)
            throws InterruptedException, IOException, CampaignFailure {
        Pair p = plan.pair(k.pair());
        AgentClient rxAgent = agents.get(p.receiver());
        AgentClient txAgent = agents.get(p.sender());
        AgentClient.RunStatus ts = txAgent.waitFor(txId, Duration.ofNanos(plan.durationNs() + END_MARGIN_NS));
        if (ts.running()) ts = txAgent.stop(txId);
        AgentClient.RunStatus rs = rxAgent.waitFor(rxId, Duration.ofNanos(END_MARGIN_NS));
        if (rs.running()) rs = rxAgent.stop(rxId);
        rxAgent.fetch(rxId, runDir.resolve("recv"));
        txAgent.fetch(txId, runDir.resolve("send"));
        End receiver = new End(p.receiver(), rxId, rs.exit(), relative(runDirOf(runDir.resolve("recv"))));
        End sender = new End(p.sender(), txId, ts.exit(), relative(runDirOf(runDir.resolve("send"))));
        if (receiver.dir() == null || !Files.exists(dir.resolve(receiver.dir()).resolve("report.json"))) {
            throw new CampaignFailure("the receiver wrote no report (exit " + rs.exit() + ")"
                    + lastLine(null, null, runDir.resolve("recv")), receiver, sender);
        }
        JsonNode r = RunDirectory.json().readTree(dir.resolve(receiver.dir()).resolve("report.json").toFile());
        long received = r.at("/packets/received").asLong();
        if (!record(k, CampaignIndex.DONE, started, receiver, sender, received, null)) return; // interrupted meanwhile
        say("[" + finished.incrementAndGet() + "/" + total + "] " + k.id() + ": done, exit " + rs.exit() + " ("
                + Exit.of(rs.exit()).name().toLowerCase(java.util.Locale.ROOT) + "), " + received + " received, "
                + r.at("/packets/lost").asLong() + " lost; sender exit " + ts.exit() + "; " + relative(runDir));
    }

    /**
     * A run an invocation killed without a goodbye (SIGKILL, a lost controller) recorded
     * {@value CampaignIndex#STARTED}: when both its ends were started and their agents still know
     * them (the same agent processes), the measurement went on without the controller, which only
     * starts, waits and fetches: they are waited for if still running and fetched, and the run is
     * done, as it would have been. A receiver left without its sender is stopped (it would listen
     * for nothing until its own duration). False when the run is to be made again: ends unknown
     * to their agents (restarted), not started, or no report fetched.
     */
    private boolean adopted(RunKey k, CampaignIndex.Run before, Path runDir) throws InterruptedException {
        if (interrupted || before == null || !before.state().equals(CampaignIndex.STARTED) || before.receiver() == null
                || before.receiver().runId() == null) {
            return false;
        }
        Pair p = plan.pair(k.pair());
        AgentClient rxAgent = agents.get(p.receiver());
        AgentClient txAgent = agents.get(p.sender());
        String rxId = before.receiver().runId();
        String txId = before.sender() == null ? null : before.sender().runId();
        try {
            AgentClient.RunStatus rs = rxAgent.status(rxId);
            if (!rs.command().equals("recv")) return false;
            if (txId == null) {
                if (rs.running()) {
                    rxAgent.stop(rxId);
                    say(k.id() + ": its receiver on " + p.receiver() + " (" + rxId + "), left without a sender by an "
                            + "interrupted invocation, stopped; made again");
                }
                return false;
            }
            if (!txAgent.status(txId).command().equals("send")) return false;
            inflight.add(new Inflight(p.receiver(), rxId, k));
            inflight.add(new Inflight(p.sender(), txId, k));
            say("[" + (finished.get() + 1) + "/" + total + "] " + k.id() + ": receiver on " + p.receiver() + " (" + rxId
                    + ") and sender on " + p.sender() + " (" + txId + "), started by an interrupted invocation, "
                    + (rs.running() ? "still run: waited for" : "ended: fetched"));
            deleteTree(runDir); // a fetch the interrupted invocation began
            collect(k, before.started(), runDir, rxId, txId);
            return true;
        } catch (org.tsnlat.agent.AgentException | IOException | CampaignFailure e) {
            if (!interrupted) {
                say(k.id() + ": the ends an interrupted invocation started cannot be collected ("
                        + (e.getMessage() != null ? e.getMessage() : e.toString()) + "): made again");
            }
            return false;
        }
    }

    /** Whether a recorded run is kept: done, its receiver's report still there, inside the campaign directory. */
    private boolean kept(CampaignIndex.Run r) {
        if (r == null || !r.state().equals(CampaignIndex.DONE) || r.receiver() == null || r.receiver().dir() == null) {
            return false;
        }
        Path rx = dir.resolve(r.receiver().dir()).normalize();
        return rx.startsWith(dir.normalize()) && Files.isRegularFile(rx.resolve("report.json"));
    }

    private synchronized CampaignIndex.Run recorded(String id) {
        return index.run(id);
    }

    /** Stops what a run that ended early left running on its agents (a receiver whose sender was refused). */
    private void stopLeftOver(RunKey k) {
        if (interrupted) return; // interrupt() stops them
        for (Inflight f : inflight) {
            if (!f.key().equals(k)) continue;
            try {
                AgentClient a = agents.get(f.agent());
                if (a.status(f.id()).running()) a.stop(f.id());
            } catch (RuntimeException gone) {
                // the agent is gone: its run ends at its duration (and its deadline)
            }
        }
        inflight.removeIf(f -> f.key().equals(k));
    }

    /**
     * The campaign is stopped (Ctrl-C, SIGTERM: from a shutdown hook): the ends running on agents
     * are stopped at once, their runs recorded failed ("interrupted"), made again on resume. Waits
     * at most {@code waitMs} for the agents' answers.
     */
    public void interrupt(long waitMs) {
        interrupted = true;
        List<Thread> stops = new ArrayList<>();
        java.util.Set<RunKey> keys = new java.util.LinkedHashSet<>();
        for (Inflight f : inflight) {
            keys.add(f.key());
            stops.add(Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    agents.get(f.agent()).stop(f.id());
                } catch (RuntimeException gone) {
                    // the agent is gone or refused: its run ends at its duration
                }
            }));
        }
        long until = System.nanoTime() + waitMs * 1_000_000;
        for (Thread t : stops) {
            try {
                t.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (this) {
            for (RunKey k : keys) {
                CampaignIndex.Run r = index.run(k.id());
                record(k, CampaignIndex.FAILED, r != null ? r.started() : Instant.now().toString(),
                        r != null ? r.receiver() : null, r != null ? r.sender() : null, null,
                        "interrupted (Ctrl-C or SIGTERM): its ends were stopped; made again when the campaign is resumed");
            }
        }
        if (!keys.isEmpty()) say("interrupted: " + count(keys.size(), "run") + " stopped on their agents; run again to resume");
    }

    /** Waits until {@code agent} runs nothing (an interrupted invocation's runs end at their duration). */
    private void awaitIdle(String name, AgentClient agent) throws InterruptedException, CampaignFailure {
        long until = System.nanoTime() + plan.durationNs() + IDLE_MARGIN_NS;
        boolean said = false;
        while (true) {
            List<String> running = agent.hello().running();
            if (running.isEmpty()) return;
            if (!said) {
                say("agent " + name + " still runs " + String.join(", ", running) + ": waiting for it to end");
                said = true;
            }
            if (System.nanoTime() - until > 0) {
                throw new CampaignFailure("agent " + name + " still runs " + String.join(", ", running));
            }
            Thread.sleep(500);
        }
    }

    /** The run directory a fetch wrote under {@code into} ({@code into/runs/NAME}), or null. */
    private static Path runDirOf(Path into) throws IOException {
        Path runs = into.resolve("runs");
        if (!Files.isDirectory(runs)) return null;
        try (var s = Files.list(runs)) {
            return s.filter(Files::isDirectory).findFirst().orElse(null);
        }
    }

    /** The last line of a run's output.log, fetched when it has ended: why it failed, in its words. */
    private String lastLine(AgentClient agent, String id, Path into) {
        try {
            if (agent != null) agent.fetch(id, into);
            Path log = into.resolve("output.log");
            if (!Files.exists(log)) return "";
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : ": " + org.tsnlat.text.Untrusted.text(lines.get(lines.size() - 1));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Records the run's state in the index; false (nothing recorded) when interrupt() has said what became of it. */
    private synchronized boolean record(RunKey k, String state, String started, End receiver, End sender, Long received,
                                        String why) {
        if (interrupted && !state.equals(CampaignIndex.FAILED)) return false;
        boolean over = !state.equals(CampaignIndex.STARTED);
        index.put(new CampaignIndex.Run(k.id(), k.variant(), k.pair(), k.repetition(), state, started,
                over ? Instant.now().toString() : null, receiver, sender, received, why));
        index.write(dir);
        return true;
    }

    private synchronized void compared(CampaignIndex.Compare c) {
        index = index.withCompare(c);
        index.write(dir);
    }

    private synchronized void say(String line) {
        out.println("tsnlat campaign: " + line);
        out.flush();
    }

    private String relative(Path p) {
        return p == null ? null : dir.relativize(p).toString();
    }

    private void copyPlan() {
        try {
            Files.copy(planFile, dir.resolve("plan.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RunDirectoryException(dir + ": cannot keep a copy of the plan (" + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }

    /** "1 run", "2 runs". */
    public static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read the campaign plan (" + org.tsnlat.exit.Reasons.of(e) + ")");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetSocketAddress address(String name, String at) {
        int colon = at.lastIndexOf(':');
        String host = at.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        try {
            return new InetSocketAddress(java.net.InetAddress.getByName(host), Integer.parseInt(at.substring(colon + 1)));
        } catch (java.net.UnknownHostException | NumberFormatException e) {
            throw new UsageException("agents." + name + ": '" + at + "' is not ADDRESS:PORT (unknown host)");
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    /** A run that could not be made; its message goes into the index. */
    static final class CampaignFailure extends Exception {
        /** The run's ends as far as known (exit codes, collected directories), or null. */
        final transient End receiver;
        final transient End sender;

        CampaignFailure(String message) {
            this(message, null, null);
        }

        CampaignFailure(String message, End receiver, End sender) {
            super(message, null, false, false);
            this.receiver = receiver;
            this.sender = sender;
        }
    }
}
