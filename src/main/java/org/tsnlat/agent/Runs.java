package org.tsnlat.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The runs an agent started: each a child JVM running {@code tsnlat recv|send|load} (never a
 * shell), in a directory of its own under the agent's --dir, named by its id:
 * {@code DIR/ID/output.log} (the child's standard output and error) and, for recv and send,
 * {@code DIR/ID/runs/} (its --runs-dir, holding the run directory). Only processes started
 * here are ever signalled, by their handle.
 */
final class Runs {
    /** The JVM settings the launcher gives the measuring commands (./tsnlat's measuring=(...)). */
    static final List<String> MEASURING_JVM = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmn16m", "-Xmx256m");
    /** Between SIGTERM and SIGKILL when a run is stopped. */
    static final long STOP_GRACE_MS = 5_000;
    static final String LOG = "output.log";

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Path keyFile;
    private final AgentStats stats;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private boolean closed;

    /** One run: its id, command, process, CPUs (null for load) and times (ms of CLOCK_REALTIME). */
    static final class Run {
        final String id;
        final String command;
        final Path dir;
        final Process process;
        final BitSet cpus;
        final long startedMs;
        volatile long endedMs;

        Run(String id, String command, Path dir, Process process, BitSet cpus, long startedMs) {
            this.id = id;
            this.command = command;
            this.dir = dir;
            this.process = process;
            this.cpus = cpus;
            this.startedMs = startedMs;
        }

        boolean running() {
            return process.isAlive();
        }

        /** Whether a recv or send has said it is ready: its run directory's ready file exists. */
        boolean ready() {
            try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
                return s.anyMatch(d -> Files.exists(d.resolve(org.tsnlat.rundir.RunDirectory.READY)));
            } catch (IOException e) {
                return false;
            }
        }

        /** The exit code, or null while running. */
        Integer exitCode() {
            return process.isAlive() ? null : process.exitValue();
        }
    }

    Runs(Path dir, Path keyFile, AgentStats stats) {
        this.dir = dir;
        this.keyFile = keyFile;
        this.stats = stats;
    }

    /**
     * Starts a checked run, unless its CPUs meet a running measurement's.
     *
     * @throws Refused "cpu-busy", "stopping" once {@link #stopAll} has begun, or "start-failed" when the process cannot be started
     */
    synchronized Run start(ArgumentPolicy.Checked c, boolean authenticated) throws Refused {
        if (closed) throw new Refused("stopping", "the agent is stopping");
        if (c.cpus() != null) {
            for (Run r : runs.values()) {
                if (r.cpus == null || !r.running()) continue;
                BitSet both = (BitSet) c.cpus().clone();
                both.and(r.cpus);
                if (!both.isEmpty()) {
                    throw new Refused("cpu-busy", "CPU " + org.tsnlat.linux.Cpus.formatList(both) + " in use by run "
                            + r.id + " (" + r.command + "); an unpinned recv or send counts as on every CPU");
                }
            }
        }
        long now = System.currentTimeMillis();
        Path runDir;
        String id;
        try {
            Files.createDirectories(dir); // outside the loop: a file in its place is no earlier run's, and no reason to go on
        } catch (IOException e) {
            throw new Refused("start-failed", "cannot make " + dir + ": " + org.tsnlat.exit.Reasons.of(e));
        }
        while (true) {
            id = ID_TIME.format(java.time.Instant.ofEpochMilli(now)) + "-" + c.command() + "-" + sequence.incrementAndGet();
            runDir = dir.resolve(id);
            try {
                Files.createDirectory(runDir);
                break;
            } catch (FileAlreadyExistsException e) {
                // a run of an earlier agent: the next number
            } catch (IOException e) {
                throw new Refused("start-failed", "cannot make the run's directory under " + dir + ": "
                        + org.tsnlat.exit.Reasons.of(e));
            }
        }
        List<String> argv = argv(c, runDir, authenticated);
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(runDir.resolve(LOG).toFile()).start();
            Run run = new Run(id, c.command(), runDir, p, c.cpus(), now);
            p.onExit().thenRun(() -> run.endedMs = System.currentTimeMillis());
            runs.put(id, run);
            stats.started();
            return run;
        } catch (IOException e) {
            deleteQuietly(runDir);
            throw new Refused("start-failed", "cannot start tsnlat " + c.command() + ": " + org.tsnlat.exit.Reasons.of(e));
        }
    }

    /** tsnlat under this JVM's java, with its class path: the same program that runs the agent. */
    private List<String> argv(ArgumentPolicy.Checked c, Path runDir, boolean authenticated) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(MEASURING_JVM);
        argv.add("-D" + Agent.CHILD_PROPERTY + "=" + ProcessHandle.current().pid()); // it ends when this agent is gone
        argv.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.tsnlat.cli.Main", c.command()));
        argv.addAll(c.args());
        if (!c.command().equals("load")) {
            argv.addAll(List.of("--runs-dir", runDir.resolve("runs").toString(), "--no-live"));
            if (authenticated) argv.addAll(List.of("--key-file", keyFile.toString()));
        }
        return argv;
    }

    synchronized Run get(String id) {
        return runs.get(id);
    }

    synchronized List<Run> all() {
        return List.copyOf(runs.values());
    }

    synchronized List<String> running() {
        return runs.values().stream().filter(Run::running).map(r -> r.id).toList();
    }

    /** SIGTERM, then SIGKILL after the grace; returns once it has ended. */
    static void stop(Run r) throws InterruptedException {
        if (!r.running()) return;
        r.process.destroy();
        if (!r.process.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) {
            r.process.destroyForcibly();
            r.process.waitFor();
        }
    }

    /** Stops every running run (the agent stops): SIGTERM to all at once, then each waited for. */
    void stopAll() {
        List<Run> all;
        synchronized (this) {
            closed = true; // no start after this
            all = List.copyOf(runs.values());
        }
        for (Run r : all) {
            if (r.running()) r.process.destroy();
        }
        for (Run r : all) {
            try {
                stop(r);
            } catch (InterruptedException e) {
                r.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Bytes of one file of a run: its path in the run's directory, its whole size, where these start. */
    record Part(String path, long size, long offset, byte[] bytes) {}

    /** Up to a chunk of a run's files from a point on, and the point after it (null path: the end). */
    record Chunk(List<Part> parts, String nextPath, long nextOffset) {}

    /**
     * The regular files of a finished run's directory (no link followed), in name order, as
     * parts of at most {@code budget} bytes in all, from file {@code fromPath} (null: the first)
     * at {@code fromOffset}. Each file costs 256 bytes of the budget besides its own, so a run
     * of many small files also takes several chunks.
     *
     * @throws Refused "unknown-file" when fromPath is none of the run's files, "fetch-failed" when one cannot be read
     */
    static Chunk chunk(Run r, String fromPath, long fromOffset, int budget) throws Refused {
        List<Path> paths;
        try (Stream<Path> s = Files.walk(r.dir)) {
            paths = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new Refused("fetch-failed", "cannot read run " + r.id + ": " + org.tsnlat.exit.Reasons.of(e));
        }
        List<String> names = paths.stream().map(p -> r.dir.relativize(p).toString()).toList();
        int i = fromPath == null ? 0 : names.indexOf(fromPath);
        if (i < 0) throw new Refused("unknown-file", "run " + r.id + " has no file " + ArgumentPolicy.printable(fromPath));
        long offset = fromPath == null ? 0 : fromOffset;
        List<Part> parts = new ArrayList<>();
        long left = budget;
        for (; i < paths.size(); i++, offset = 0) {
            if (left <= 256 && !parts.isEmpty()) return new Chunk(parts, names.get(i), offset);
            left -= 256;
            try (var ch = java.nio.channels.FileChannel.open(paths.get(i))) {
                long size = ch.size();
                if (offset > size) throw new Refused("unknown-file", "offset " + offset + " beyond the " + size + " bytes of " + names.get(i));
                int n = (int) Math.max(0, Math.min(size - offset, left));
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
                while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
                    // read on until the part is whole
                }
                parts.add(new Part(names.get(i), size, offset, b.array()));
                left -= n;
                if (offset + n < size) return new Chunk(parts, names.get(i), offset + n);
            } catch (IOException e) {
                throw new Refused("fetch-failed", "cannot read " + names.get(i) + ": " + org.tsnlat.exit.Reasons.of(e));
            }
        }
        return new Chunk(parts, null, 0);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p.resolve(LOG));
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // an empty directory left behind is said by nothing; it holds no run
        }
    }
}
