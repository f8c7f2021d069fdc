package org.tsnlat.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** tsnlat running in this JVM on a thread of its own, its output readable while it runs. */
final class CliInBackground {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit;

    private CliInBackground(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        exit = CompletableFuture.supplyAsync(() -> Main.run(args, o, e));
    }

    static CliInBackground start(String... args) {
        return new CliInBackground(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Waits for a line of standard output matching {@code regex}; fails with what was printed otherwise. */
    String awaitLine(String regex, long timeoutMs) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < until) {
            var line = out().lines().filter(l -> p.matcher(l).find()).findFirst();
            if (line.isPresent()) return line.get();
            if (exit.isDone()) break;
            Thread.sleep(20);
        }
        throw new AssertionError("no line matching " + regex + " within " + timeoutMs + " ms; out:\n" + out() + "err:\n" + err());
    }

    /** The exit code, or null when it has not ended within {@code timeoutMs}. */
    Integer exitCode(long timeoutMs) throws Exception {
        try {
            return exit.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        }
    }
}
