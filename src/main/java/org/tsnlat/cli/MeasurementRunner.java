package org.tsnlat.cli;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tsnlat.report.Summary;
import org.tsnlat.run.Measurement;
import org.tsnlat.run.Progress;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.time.DurationNs;

/**
 * Runs a measurement to its end, Ctrl-C included: on SIGINT or SIGTERM the loops stop, the run
 * directory and reports are completed and the summary printed before the process exits. What
 * went wrong is said first (on standard error), then the summary (standard output).
 */
final class MeasurementRunner {
    private MeasurementRunner() {}

    /** The receiver's name: its readiness line goes to standard output, where scripts wait for it. */
    static final String RECV = "tsnlat recv";

    /** The exit code a summary amounts to (docs/exit-codes.md): the same live and from {@code report}. */
    static int exitCode(Summary s) {
        return s.outcome().exit();
    }

    /** Work that must finish before the process exits, Ctrl-C included. */
    interface Cleanup {
        void run();
    }

    static int execute(Measurement m, String name, PrintStream out, PrintStream err) {
        return execute(m, name, out, err, () -> { });
    }

    /**
     * As above, with {@code cleanup} run after the measurement and before the process may exit
     * (lab teardown). {@code name} ("tsnlat recv") starts the lines printed while it runs.
     */
    static int execute(Measurement m, String name, PrintStream out, PrintStream err, Cleanup cleanup) {
        return execute(m, name, out, err, (r, exit) -> exit, cleanup, SIGNAL_GRACE_S);
    }

    /** How long a stopped process (Ctrl-C, SIGTERM) waits for the summary, the reports and the cleanup. */
    static final long SIGNAL_GRACE_S = 15;
    /** The same with another end to wait for (a VM guest's recv writing its reports) and a VM lab to take down. */
    static final long SIGNAL_GRACE_OTHER_END_S = 60;

    /** The other end's part of a run, printed after this end's summary (the VM lab's guest receiver). */
    interface OtherEnd {
        /** Completes the run directory with the other end's; returns the run's exit code given this end's {@code exit}. */
        int finish(Measurement.Result result, int exit);
    }

    /** As above, with {@code otherEnd} after this end's summary and before the run directory's line. */
    static int execute(Measurement m, String name, PrintStream out, PrintStream err, OtherEnd otherEnd, Cleanup cleanup,
                       long graceS) {
        CountDownLatch printed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            m.interrupt();
            try {
                printed.await(graceS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tsnlat-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        m.progress(progress(name, out, err));
        try {
            Measurement.Result r = m.run();
            for (String why : m.failures()) {
                err.println(name + ": " + why);
            }
            for (String file : r.unwritten()) {
                err.println(name + ": " + file);
            }
            if (m.wasInterrupted() && System.console() != null) {
                out.println(); // the terminal echoed ^C where the cursor was: the summary starts on a line of its own
            }
            out.print(r.text());
            out.flush();
            int exit = otherEnd.finish(r, exitCode(r.summary()));
            out.println("run directory: " + r.dir().path());
            out.flush();
            return exit;
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

    /**
     * The lines a measurement prints before its summary: the warm-up on standard error; the
     * readiness of a receiver on standard output, the line scripts wait for.
     */
    static Progress progress(String name, PrintStream out, PrintStream err) {
        return new Progress() {
            @Override
            public void warmingUp(long boundNs, boolean beside) {
                err.println(name + ": warming up the JIT compiler (at most " + DurationNs.format(boundNs)
                        + (beside ? ", beside the measurement's warm-up, kept out of the figures" : "") + ")...");
            }

            @Override
            public void ready(RunDirectory dir, String listening) {
                if (listening != null && name.equals(RECV)) {
                    out.println(name + ": listening on " + listening + " (run directory "
                            + dir.path() + "; Ctrl-C to stop)");
                    out.flush();
                } else {
                    err.println(name + ": measuring (run directory " + dir.path() + "; Ctrl-C to stop)");
                }
            }

            @Override
            public void warn(String line) {
                err.println(name + ": " + line);
            }
        };
    }
}
