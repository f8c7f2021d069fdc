package org.tsnlat.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs tsnlat in this JVM and keeps what it printed. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The run directory named on the last line of the output. */
    java.nio.file.Path runDirectory() {
        return out.lines().filter(l -> l.startsWith("run directory: ")).map(l -> java.nio.file.Path.of(l.substring(15)))
                .findFirst().orElseThrow(() -> new AssertionError("no run directory in output:\n" + out + err));
    }
}
