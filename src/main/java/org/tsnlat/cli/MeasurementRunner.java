package org.tsnlat.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tsnlat.run.Measurement;

/**
 * Runs a measurement to its end, Ctrl-C included: on SIGINT or SIGTERM the loops stop, the run
 * directory and reports are completed and the summary printed before the process exits.
 */
final class MeasurementRunner {
    private MeasurementRunner() {}

    /** 0, or {@link ExitCodes#UNTRUSTED} when some intervals' cross-host figures were excluded. */
    static int exitCode(org.tsnlat.report.Summary s) {
        return s.trust() != null && s.trust().untrusted() > 0 ? ExitCodes.UNTRUSTED : ExitCodes.OK;
    }

    /** Work that must finish before the process exits, Ctrl-C included. */
    interface Cleanup {
        void run();
    }

    static int execute(Measurement m, PrintStream out, PrintStream err) throws IOException {
        return execute(m, out, err, () -> { });
    }

    /** As above, with {@code cleanup} run after the measurement and before the process may exit (lab teardown). */
    static int execute(Measurement m, PrintStream out, PrintStream err, Cleanup cleanup) throws IOException {
        CountDownLatch printed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            m.interrupt();
            try {
                printed.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tsnlat-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Measurement.Result r = m.run();
            out.print(r.text());
            out.println("run directory: " + r.dir().path());
            out.flush();
            if (!m.failures().isEmpty()) {
                err.println("tsnlat: the measurement failed: " + String.join("; ", m.failures()));
                return ExitCodes.FAILED;
            }
            return exitCode(r.summary());
        } finally {
            try {
                cleanup.run();
            } finally {
                printed.countDown();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the summary is out
            }
        }
    }
}
