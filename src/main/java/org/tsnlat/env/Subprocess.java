package org.tsnlat.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a helper command (tc, ip netns exec ...) with a time limit and collects its output. */
public final class Subprocess {
    /** How long a helper may take before it is killed. */
    static final long TIMEOUT_MS = 20_000;

    /** How it ended and what it printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** The first line of stderr, or the exit code, for an unreadable reason. */
        public String failure() {
            String first = stderr.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            return first.isEmpty() ? "exit code " + exitCode : first.strip();
        }
    }

    private Subprocess() {
    }

    /** Runs {@code argv}; IOException when it cannot start or exceeds {@link #TIMEOUT_MS}. */
    public static Result run(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(argv.getFirst() + " took more than " + TIMEOUT_MS + " ms");
            }
            return new Result(p.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(argv.getFirst() + " interrupted");
        } catch (ExecutionException e) {
            throw new IOException(argv.getFirst() + ": " + e.getCause().getMessage());
        }
    }

    /** {@code argv}, run inside network namespace {@code netns} when not null. */
    static List<String> inNetns(String netns, List<String> argv) {
        if (netns == null) {
            return argv;
        }
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        all.addAll(argv);
        return List.copyOf(all);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return f;
    }
}
