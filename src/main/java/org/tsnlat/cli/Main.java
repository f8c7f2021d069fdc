package org.tsnlat.cli;

import org.tsnlat.text.Untrusted;
import java.io.PrintStream;
import java.util.List;
import org.tsnlat.exit.ExitStatus;
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
        AgentChild.watch("tsnlat " + (args.length > 0 ? args[0] : ""), err);
        CommandLine cl = commandLine(root, args);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
            if (ex instanceof CommandLine.UnmatchedArgumentException u) {
                List<String> near = u.getSuggestions();
                if (!near.isEmpty()) err.println("did you mean: " + String.join(", ", near) + "?");
            }
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println(c.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
            if (System.getenv("TSNLAT_DEBUG") != null) ex.printStackTrace(err);
            return exitCode(ex);
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("tsnlat: out of memory (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap): "
                    + "give the JVM more, e.g. TSNLAT_HEAP=2g tsnlat ...");
            return ExitCodes.FAILED;
        } catch (LinkageError e) {
            // a class missing or changed mid-run: the program's own files were replaced under it
            err.println("tsnlat: internal error: " + Untrusted.text(e) + " (the program's files changed while it ran?"
                    + " a run's records are in its directory: 'tsnlat report DIR' writes its reports again)");
            return ExitCodes.FAILED;
        }
        out.flush();
        if (out.checkError()) {
            err.println("tsnlat: standard output: cannot write (disk full, or a closed pipe?)");
            return code == ExitCodes.OK || code == ExitCodes.UNTRUSTED ? ExitCodes.RUN_DIRECTORY : code;
        }
        return code;
    }

    /** tsnlat's whole command line, every subcommand: its help wrapped at spaces, with exit codes and examples. */
    static CommandLine commandLine(TsnlatCommand root) {
        return commandLine(root, TsnlatCommand.SUBCOMMANDS);
    }

    /**
     * The command line these arguments need: when the first names a subcommand that does not read the
     * whole tree, that one alone (a measurement's first probe need not wait for the model of every
     * other command); otherwise all of them, so usage, suggestions for a mistyped name, help,
     * completion and man pages see every command.
     */
    static CommandLine commandLine(TsnlatCommand root, String[] args) {
        if (args.length > 0) {
            for (Class<?> c : TsnlatCommand.SUBCOMMANDS) {
                if (!TsnlatCommand.READ_THE_TREE.contains(c) && c.getAnnotation(CommandLine.Command.class).name().equals(args[0])) {
                    return commandLine(root, List.of(c));
                }
            }
        }
        return commandLine(root);
    }

    private static CommandLine commandLine(TsnlatCommand root, List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(root);
        for (Class<?> c : subcommands) {
            cl.addSubcommand(c);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setHelpFactory(SpaceWrappingHelp::new);
        Help.install(cl);
        return cl;
    }

    /** The exit code a failure means: its own when it carries one ({@link ExitStatus}), else 1 (an internal fault). */
    static int exitCode(Throwable ex) {
        return ex instanceof ExitStatus s ? s.exit().code() : ExitCodes.FAILED;
    }

    /** One line for the user: a typed failure's own message; anything else is an internal error. */
    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof ExitStatus) {
            // the message may quote a file or an answer: its first line, escaped
            return Untrusted.text(m == null ? ex.toString() : m.lines().findFirst().orElse(m));
        }
        return "internal error: " + Untrusted.text(ex) + " (set TSNLAT_DEBUG=1 for the stack trace)";
    }

    /** A group command given without a subcommand: its usage, which lists the subcommands, on standard error; exit 2. */
    static int groupWithoutSubcommand(CommandLine.Model.CommandSpec spec, PrintStream err) {
        err.println(spec.qualifiedName() + ": give a command:");
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    /**
     * Where a one-ended measurement lives: the interface holding a receiver's bind address, or the
     * one a sender's destination is routed through (lo for loopback); the default-route interfaces
     * when that does not tell (a wildcard bind).
     */
    static org.tsnlat.run.Placement placementFor(java.net.InetAddress address, boolean receiver) {
        java.util.List<String> ifaces = org.tsnlat.env.EnvCollector.interfacesFor(address, receiver);
        return org.tsnlat.run.Placement.here(receiver ? ifaces : java.util.List.of(), receiver ? java.util.List.of() : ifaces);
    }

    static String describeSchedule(ProbeOptions probe, long count, boolean authenticated) {
        String n = count == Long.MAX_VALUE ? "probes until Ctrl-C" : count + " probes";
        return n + ", one every " + DurationNs.format(probe.periodNs) + ", " + probe.sizeBytes(authenticated) + " bytes"
                + (authenticated ? ", authenticated" : "");
    }
}
