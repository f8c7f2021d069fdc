package org.tsnlat.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs short tools (ip, tc, pmc) and turns a failure into a one-line {@link LabException}. */
final class Exec {
    static final long TIMEOUT_MS = 15_000;

    private Exec() {
    }

    /** Runs the command to the end and returns its standard output. */
    static String run(List<String> command) {
        return run(command, null, TIMEOUT_MS);
    }

    /** Runs the command in {@code directory} (null: this process's), within {@code timeoutMs}; its standard output. */
    static String run(List<String> command, java.nio.file.Path directory, long timeoutMs) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .directory(directory == null ? null : directory.toFile()).start();
        } catch (IOException e) {
            throw new LabException(String.join(" ", command) + ": cannot run " + command.get(0)
                    + " (" + hint(command.get(0)) + ")", e);
        }
        try {
            // both streams drained beside the wait, so that a tool that hangs with its output open times out
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()),
                    Thread::startVirtualThread);
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()),
                    Thread::startVirtualThread);
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LabException(String.join(" ", command) + ": no answer after " + timeoutMs + " ms");
            }
            String error = new String(err.join(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                String first = error.isEmpty() ? "exit status " + p.exitValue() : error.lines().findFirst().get();
                throw new LabException(String.join(" ", command) + ": " + first);
            }
            return new String(stdout.join(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException(String.join(" ", command) + ": interrupted", e);
        }
    }

    /** Runs a command with {@code -j} output and parses it (empty output is an empty array). */
    static JsonNode json(List<String> command) {
        String out = run(command).strip();
        try {
            return StateFile.JSON.readTree(out.isEmpty() ? "[]" : out);
        } catch (IOException e) {
            throw new LabException(String.join(" ", command) + ": output is not JSON: " + e.getMessage(), e);
        }
    }

    static List<String> ip(String namespace, String... args) {
        return inNamespace("ip", namespace, args);
    }

    static List<String> tc(String namespace, String... args) {
        return inNamespace("tc", namespace, args);
    }

    /** {@code tool [-n namespace] args...}: ip and tc take the same option. */
    private static List<String> inNamespace(String tool, String namespace, String... args) {
        List<String> c = new ArrayList<>(List.of(tool));
        if (namespace != null) {
            c.addAll(List.of("-n", namespace));
        }
        c.addAll(List.of(args));
        return c;
    }

    static String hint(String tool) {
        return switch (tool) {
            case "ip", "tc" -> "install iproute2";
            case "ptp4l", "pmc" -> "install linuxptp: apt-get install linuxptp";
            case "qemu-system-x86_64" -> "install QEMU: apt-get install qemu-system-x86";
            case "cpio" -> "apt-get install cpio";
            case "depmod" -> "apt-get install kmod";
            case "apt-get", "apt-cache", "dpkg-deb", "dpkg-query" -> "a Debian system's package tools";
            default -> "not found";
        };
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
