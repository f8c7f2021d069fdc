package org.tsnlat.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tsnlat.exit.Exit;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabException;
import org.tsnlat.lab.LabState;

/**
 * The guest's end of {@code run --topology vm}: {@code tsnlat recv} (host to guest) or
 * {@code tsnlat send} (guest to host) in the lab's guest, from this machine's tree (mounted
 * read-only there), started and stopped over the guest's control port, never over the measured
 * NIC. It writes its run directory, its output, its pid and, when it ends, its exit status into
 * the lab's share ({@code /run/tsnlat-guest} in the guest), from where the run directory is
 * copied into the host's as {@value #SUBDIRECTORY}/.
 */
final class GuestEnd {
    /** The guest's run directory inside the host's run directory. */
    static final String SUBDIRECTORY = "guest";
    /** recv's readiness line: the sender may start once it is printed. */
    static final String LISTENING = MeasurementRunner.RECV + ": listening on";
    /** {@code load --sink}'s readiness line: the generator may start once it is printed. */
    static final String SINK_LISTENING = LoadCommand.SINK_LISTENING;
    /** The last line of recv's summary. */
    static final String RUN_DIRECTORY = "run directory: ";
    /** The JVM's line about the option that sends a crash report to the share, left out of what is shown. */
    static final String TOOL_OPTIONS = "Picked up JAVA_TOOL_OPTIONS";
    /** A crash report of the guest's JVM, in the share under this name, and in the host's run directory as {@value #CRASH_COPY}. */
    static final String CRASH_REPORT = "hs_err.log";
    static final String CRASH_COPY = "guest-hs_err.log";
    /** From the command to the listening line: 80-120 s under emulation here (the JIT at the emulator's speed). */
    static final long LISTEN_TIMEOUT_MS = 300_000;
    private static final String SHARE_IN_GUEST = "/run/tsnlat-guest";

    private final LabState lab;
    private final Path share;
    private final String command;
    private final String id;

    private GuestEnd(LabState lab, String command) {
        this.lab = lab;
        this.share = lab.guest().share();
        this.command = command;
        this.id = command + "-" + ProcessHandle.current().pid();
    }

    /** The guest end of this process running {@code command} in {@code lab}'s guest, by its files in the share. */
    static GuestEnd of(LabState lab, String command) {
        return new GuestEnd(lab, command);
    }

    /** "tsnlat recv" or "tsnlat send", as the lines about it say. */
    String name() {
        return "tsnlat " + command;
    }

    /**
     * Starts {@code tsnlat COMMAND ARGS} ({@code recv} or {@code send}) in the guest, in the
     * background there, with its run directory under the share. {@code launcher} is this machine's
     * tsnlat launcher (the guest sees it at the same path), or null to run this JVM's jar with this
     * JVM's java.
     */
    static GuestEnd start(LabState lab, Path launcher, String command, List<String> args) {
        if (!List.of("recv", "send", "load").contains(command)) throw new IllegalArgumentException(command);
        GuestEnd g = of(lab, command);
        List<String> argv = new ArrayList<>();
        Path jar = ownJar();
        if (launcher != null) {
            // this very jar (the launcher's run copy, which no build writes into), never a build in the guest
            if (Files.isRegularFile(jar)) argv.addAll(List.of("env", "TSNLAT_JAR=" + jar));
            argv.add(launcher.toString());
        } else {
            argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        }
        argv.add(command);
        argv.addAll(args);
        if (!command.equals("load")) argv.addAll(List.of("--runs-dir", g.inGuest("runs"), "--no-live"));
        // (... &): in the background of a subshell whose output is a file, never the control port
        // (which the guest's init reads the next command from); the status once recv ends
        // a JVM that crashes in the guest writes its report where the host can read it (the guest's /tmp goes with it)
        String run = "( JAVA_TOOL_OPTIONS=-XX:ErrorFile=" + g.inGuest(CRASH_REPORT) + " " + quote(argv) + " > " + g.inGuest("out") + " 2>&1 & p=$!; echo $p > " + g.inGuest("pid")
                + "; wait $p; echo $? > " + g.inGuest("status.tmp") + " && mv " + g.inGuest("status.tmp") + " "
                + g.inGuest("status") + " ) > /dev/null 2>&1 &";
        Lab.GuestAnswer a = Lab.inGuest(lab, run, 30_000);
        if (a.status() != 0) {
            throw new LabException("could not start " + g.name() + " in the guest (status " + a.status() + "): " + a.output().strip());
        }
        return g;
    }

    /** The path in the guest of this receiver's file {@code what}. */
    private String inGuest(String what) {
        return SHARE_IN_GUEST + "/" + id + "." + what;
    }

    /** The same file seen from the host. */
    private Path onHost(String what) {
        return share.resolve(id + "." + what);
    }

    /**
     * Waits for recv's listening line. Fails, with what recv said and its exit code, when it ended
     * first (its port taken, say), when QEMU ended, or after {@code timeoutMs}.
     */
    void awaitListening(long timeoutMs) throws InterruptedException {
        String ready = command.equals("load") ? SINK_LISTENING : LISTENING;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            if (output().lines().anyMatch(l -> l.startsWith(ready))) return;
            Optional<Integer> status = status();
            if (status.isPresent()) {
                Path crash = onHost(CRASH_REPORT);
                if (Files.isRegularFile(crash)) {
                    String frame = read(crash).lines().filter(l -> l.startsWith("# J ") || l.startsWith("# C ")
                            || l.startsWith("# V ")).map(l -> l.substring(2).strip()).findFirst().orElse("no frame named");
                    String signal = read(crash).lines().filter(l -> l.startsWith("#  SIG")).map(l -> l.substring(1).strip())
                            .findFirst().orElse("a signal");
                    throw new GuestFailure(Exit.FAILED, "the guest's JVM crashed before " + name() + " listened (" + signal
                            + "; a known fault under QEMU's emulation, docs/lab.md): " + frame);
                }
                // ended before it listened: nothing was measured, so never a success, whatever its status
                // (once, under emulation, it ended with status 0 and no output but the JVM's first line)
                throw new GuestFailure(status.get() == 0 ? Exit.FAILED : Exit.of(status.get()), name()
                        + " in the guest ended before it listened (exit " + status.get() + "): " + lastLines(4));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LabException(name() + " in the guest did not listen within " + timeoutMs / 1000 + " s; so far: "
                        + lastLines(4));
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits for recv to end (the sender's end of session ends it) for at most {@code timeoutMs};
     * then stops it with SIGINT (it still writes its summary and run directory) and waits as long
     * again. Returns its exit status, or empty when it never ended.
     */
    Optional<Integer> awaitEnd(long timeoutMs, PrintStream err) throws InterruptedException {
        Optional<Integer> status = waitForStatus(timeoutMs);
        if (status.isEmpty()) {
            err.println("tsnlat run: " + name() + " in the guest had not ended " + timeoutMs / 1000
                    + " s after " + (command.equals("recv") ? "the sender" : "the receiver here") + "; stopping it (SIGTERM: it still writes its summary)");
            stop();
            status = waitForStatus(timeoutMs);
        }
        return status;
    }

    /**
     * SIGTERM to recv in the guest, by the pid it recorded (it writes its summary and run directory
     * and exits 143); a receiver already gone is no error. Not SIGINT: started in the background of
     * a shell without job control, it has SIGINT ignored, and the JVM then leaves it so.
     */
    void stop() {
        String pid = read(onHost("pid")).strip();
        if (!pid.matches("\\d+")) return;
        try {
            Lab.inGuest(lab, "kill -TERM " + pid + " 2>/dev/null", 5_000);
        } catch (LabException e) {
            // the guest is gone: nothing left to stop
        }
    }

    /** Waits up to {@code timeoutMs} for it to end (nothing more: a stopped run has stopped it already); its exit status, or empty. */
    Optional<Integer> awaitStatus(long timeoutMs) throws InterruptedException {
        return waitForStatus(timeoutMs);
    }

    private Optional<Integer> waitForStatus(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() - deadline < 0) {
            Optional<Integer> s = status();
            if (s.isPresent()) return s;
            Thread.sleep(200);
        }
        return status();
    }

    /** The exit status it ended with, empty while it runs. */
    Optional<Integer> status() {
        String s = read(onHost("status")).strip();
        return s.matches("\\d+") ? Optional.of(Integer.parseInt(s)) : Optional.empty();
    }

    /** What recv printed, standard output and error as they came. */
    String output() {
        return read(onHost("out"));
    }

    /** The run directory recv wrote under the share, when it made one. */
    Optional<Path> runDirectory() {
        Path runs = onHost("runs");
        if (!Files.isDirectory(runs)) return Optional.empty();
        try (var dirs = Files.list(runs)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** When the guest's JVM crashed: its report, copied into the host's run directory {@code hostDirectory}; else empty. */
    Optional<Path> crashReport(Path hostDirectory) throws IOException {
        Path report = onHost(CRASH_REPORT);
        if (!Files.isRegularFile(report)) return Optional.empty();
        Path copy = hostDirectory.resolve(CRASH_COPY);
        Files.copy(report, copy, StandardCopyOption.REPLACE_EXISTING);
        return Optional.of(copy);
    }

    /** Copies recv's run directory to {@code target} (which must not exist); the share goes with the lab. */
    static void copy(Path from, Path target) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectory(target.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private String lastLines(int n) {
        List<String> lines = output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "(no output)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** Each argument in single quotes for sh, a quote inside as '\''. */
    static String quote(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (!b.isEmpty()) b.append(' ');
            b.append('\'').append(a.replace("'", "'\\''")).append('\'');
        }
        return b.toString();
    }

    /**
     * This machine's launcher for the jar this JVM runs: the checkout's {@code tsnlat} beside
     * {@code bin/find-jdk}, found from the jar ({@code target/run/tsnlat.jar},
     * {@code target/tsnlat.jar}) or the classes directory; empty when this JVM runs from elsewhere.
     */
    static Optional<Path> launcher() {
        for (Path p = ownJar(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("tsnlat")) && Files.isRegularFile(p.resolve("bin/find-jdk"))) {
                return Optional.of(p.resolve("tsnlat"));
            }
        }
        return Optional.empty();
    }

    private static Path ownJar() {
        try {
            return Path.of(GuestEnd.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** recv in the guest failed before it listened: its own exit code. */
    static final class GuestFailure extends RuntimeException implements org.tsnlat.exit.ExitStatus {
        private static final long serialVersionUID = 1L;
        private final transient Exit exit;

        GuestFailure(Exit exit, String message) {
            super(message);
            this.exit = exit;
        }

        @Override
        public Exit exit() {
            return exit;
        }
    }
}
