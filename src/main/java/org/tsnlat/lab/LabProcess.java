package org.tsnlat.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The processes the lab starts (ptp4l, QEMU): their command lines, and stopping one by its pid
 * only while it is still ours (a pid is reused once its process is gone; {@code ours} tells by
 * the command line, which names the lab's own configuration or pid file).
 */
final class LabProcess {
    private LabProcess() {
    }

    /** The process's arguments from /proc, empty for a zombie, a kernel thread or a pid not running. */
    static List<String> cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (raw.length == 0) {
                return List.of(); // a zombie or a kernel thread
            }
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * SIGTERM, then SIGKILL when it is still ours after {@code termMs}; each signal only while
     * {@code ours} holds. True once it is gone (or was never ours).
     */
    static boolean stop(long pid, LongPredicate ours, long termMs, long killMs) throws InterruptedException {
        if (!ours.test(pid)) {
            return true;
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (awaitGone(pid, ours, termMs)) {
            return true;
        }
        if (ours.test(pid)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        return awaitGone(pid, ours, killMs);
    }

    private static boolean awaitGone(long pid, LongPredicate ours, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (ours.test(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
