package org.tsnlat.run;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.tsnlat.rundir.RunDirectory;

/**
 * {@code run --bidir}'s second stream: a measurement the opposite way (the receiving end sends,
 * the sending end receives), run on a thread of its own beside the forward one and written into
 * the forward run directory's {@value RunDirectory#REVERSE} sub-directory, a run directory of its
 * own. Its lines are said with "reverse direction: " before them; if it cannot start, the
 * forward measurement is told, and fails.
 */
final class ReverseStream {
    static final String PREFIX = "reverse direction: ";

    private final Measurement measurement;
    private Thread thread;

    ReverseStream(Measurement measurement) {
        this.measurement = measurement;
    }

    /**
     * Starts it into {@code forwardDir}'s sub-directory; a failure before its first probe goes to
     * {@code failed} (on its thread), one line.
     */
    void start(RunDirectory forwardDir, Progress forwardProgress, Consumer<String> failed) {
        measurement.jitWarmup(false) // the forward measurement's warm-up compiles the same loops
                .progress(quiet(forwardProgress))
                .inside(forwardDir);
        thread = Thread.ofPlatform().name("tsnlat-reverse").start(() -> {
            try {
                measurement.run();
            } catch (RuntimeException | Error e) {
                failed.accept(PREFIX + "could not start: " + Measurement.oneLine(e));
            }
        });
    }

    /** Stops its loops (Ctrl-C, or the forward stream failed); it still writes its directory. */
    void interrupt() {
        measurement.interrupt();
    }

    /** Stops it because the forward stream stopped at --breaktrace ({@code cause} says so); not a failure. */
    void stopAtBreaktrace(String cause) {
        measurement.stopAtBreaktrace(cause);
    }

    /** Waits until it has written its directory (meta.json's end, its reports). */
    void join() throws InterruptedException {
        if (thread != null) thread.join();
    }

    /** Why its loops stopped early, each line marked as the reverse direction's. */
    List<String> failures() {
        return measurement.failures().stream().map(f -> PREFIX + f).toList();
    }

    /** Only its warnings, marked; its warm-up and readiness are the forward stream's to say. */
    private static Progress quiet(Progress forward) {
        return new Progress() {
            @Override
            public void ready(RunDirectory dir, String listening) {}

            @Override
            public void warn(String line) {
                forward.warn(PREFIX + line);
            }
        };
    }
}
