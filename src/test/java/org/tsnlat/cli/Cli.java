package org.tsnlat.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs tsnlat in this JVM and keeps what it printed. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs tsnlat in a JVM of its own, its standard output and error both into {@code out}: for runs
     * whose figures the test JVM's own collections and compilations (hundreds of tests in) would
     * disturb. The process is ended, by its handle, when it outlasts {@code timeoutS}.
     */
    static Cli inChildJvm(Path out, long timeoutS, String... args) throws Exception {
        Process p = startInChildJvm(out, args);
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tsnlat " + String.join(" ", args) + " did not end within " + timeoutS + " s: "
                    + Files.readString(out));
        }
        return new Cli(p.exitValue(), Files.readString(out), "");
    }

    /** Starts tsnlat in a JVM of its own, standard output and error into {@code out}; the caller ends it. */
    static Process startInChildJvm(Path out, String... args) throws java.io.IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(launcherMeasuringFlags());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.tsnlat.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /**
     * Runs a command to its end (the launcher {@code ./tsnlat}, {@code ip netns exec ...}), its
     * standard output and error apart, through files in {@code dir}; ended by its handle when it
     * outlasts {@code timeoutS}.
     */
    static Cli process(Path dir, long timeoutS, List<String> command) throws java.io.IOException, InterruptedException {
        Path o = Files.createTempFile(dir, "out", ".txt");
        Path e = Files.createTempFile(dir, "err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(o.toFile()).redirectError(e.toFile()).start();
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not end within " + timeoutS + " s: "
                        + Files.readString(o) + Files.readString(e));
            }
            return new Cli(p.exitValue(), Files.readString(o), Files.readString(e));
        } finally {
            Files.deleteIfExists(o);
            Files.deleteIfExists(e);
        }
    }

    /** The exit code and both streams, for an assertion's message. */
    String text() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /**
     * The JVM settings the launcher ({@code ./tsnlat}) gives the measuring commands (its
     * {@code measuring=(...)} line), so that a child run collects garbage as a user's does.
     */
    static List<String> launcherMeasuringFlags() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("tsnlat"))) {
            String l = line.strip();
            if (l.startsWith("measuring=(") && l.endsWith(")")) {
                return List.of(l.substring("measuring=(".length(), l.length() - 1).trim().split("\\s+"));
            }
        }
        throw new AssertionError("no measuring=(...) line in ./tsnlat");
    }

    /** The run directory named on the last line of the output. */
    java.nio.file.Path runDirectory() {
        return out.lines().filter(l -> l.startsWith("run directory: ")).map(l -> java.nio.file.Path.of(l.substring(15)))
                .findFirst().orElseThrow(() -> new AssertionError("no run directory in output:\n" + out + err));
    }
}
