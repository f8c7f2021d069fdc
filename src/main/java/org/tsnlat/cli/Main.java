package org.tsnlat.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import org.tsnlat.lab.LabException;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.run.SetupException;
import org.tsnlat.sync.PtpException;
import org.tsnlat.rundir.RunDirectoryException;
import org.tsnlat.time.DurationNs;
import picocli.CommandLine;

/** Entry point: parses, runs, and turns every failure into one line and a documented exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs tsnlat with these arguments, printing to out and err; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        TsnlatCommand root = new TsnlatCommand(out, err);
        root.args(args);
        CommandLine cl = new CommandLine(root);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println(c.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
            if (System.getenv("TSNLAT_DEBUG") != null) ex.printStackTrace(err);
            return exitCode(ex);
        });
        return cl.execute(args);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof IllegalArgumentException) return ExitCodes.USAGE;
        if (ex instanceof LabException) return ExitCodes.LAB;
        if (ex instanceof SetupException || ex instanceof LinuxException || ex instanceof PtpException) {
            return ExitCodes.NETWORK;
        }
        if (ex instanceof RunDirectoryException || ex instanceof UncheckedIOException
                || ex instanceof java.io.IOException) return ExitCodes.RUN_DIRECTORY;
        return ExitCodes.FAILED;
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof IllegalArgumentException || ex instanceof SetupException || ex instanceof LinuxException
                || ex instanceof LabException || ex instanceof PtpException
                || ex instanceof RunDirectoryException || ex instanceof UncheckedIOException) {
            return m == null ? ex.toString() : m.lines().findFirst().orElse(m);
        }
        if (ex instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (ex instanceof java.io.IOException) {
            return "I/O error: " + m;
        }
        return "internal error: " + ex + " (set TSNLAT_DEBUG=1 for the stack trace)";
    }

    /** Where a one-ended measurement lives: over lo for a loopback peer, else the default-route interfaces. */
    static org.tsnlat.run.Placement placementFor(java.net.InetAddress peer, boolean receiver) {
        java.util.List<String> ifaces = peer.isLoopbackAddress() ? java.util.List.of("lo")
                : org.tsnlat.env.EnvCollector.defaultInterfaces(null);
        return org.tsnlat.run.Placement.here(receiver ? ifaces : java.util.List.of(), receiver ? java.util.List.of() : ifaces);
    }

    static String describeSchedule(ProbeOptions probe, long count) {
        String n = count == Long.MAX_VALUE ? "probes until Ctrl-C" : count + " probes";
        return n + ", one every " + DurationNs.format(probe.periodNs) + ", " + probe.sizeBytes + " bytes";
    }
}
