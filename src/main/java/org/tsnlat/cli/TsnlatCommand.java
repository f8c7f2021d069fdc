package org.tsnlat.cli;

import java.io.PrintStream;
import java.util.List;
import org.tsnlat.run.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "tsnlat", mixinStandardHelpOptions = true, versionProvider = TsnlatCommand.VersionProvider.class,
        description = {"One-way latency and jitter of isochronous probes, with clocks you can trust.",
                "",
                "Start 'tsnlat recv' on the receiving host (or VM guest) and 'tsnlat send HOST' on the sending one, "
                        + "or 'tsnlat run' for both ends on this machine. Every run writes a directory "
                        + "(meta.json, per-packet records, report.txt, report.json) that 'tsnlat report' reads back."},
        usageHelpAutoWidth = true)
public final class TsnlatCommand implements java.util.concurrent.Callable<Integer> {

    /**
     * The subcommands, in the order the usage lists them. Not in the annotation: picocli would build
     * the model of every one of them (options, converters, help) at every start, some 0.4 s on a 2-core
     * VM before the first probe; {@link Main#commandLine(TsnlatCommand, String[])} adds only the one a
     * command line names, all of them where the whole tree is read (usage, help, completion, man pages).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, SendCommand.class, RecvCommand.class,
            ReportCommand.class, ExplainCommand.class, CompareCommand.class, SynthCommand.class, EnvCommand.class,
            LabCommand.class, LoadCommand.class, PtpCommand.class, TuneCommand.class, AgentCommand.class, CampaignCommand.class,
            CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class, ManPageCommand.class);

    /** Subcommands that read the whole tree: given one of these, every subcommand is added. */
    static final java.util.Set<Class<?>> READ_THE_TREE = java.util.Set.of(CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class, ManPageCommand.class);

    final PrintStream out;
    final PrintStream err;
    private List<String> args = List.of();

    TsnlatCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    void args(String[] a) {
        args = List.of(a);
    }

    /** The command line as given, for meta.json. */
    List<String> commandLine() {
        return args;
    }

    @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Main.groupWithoutSubcommand(spec, err);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tsnlat " + Version.get(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")",
                    "Linux " + System.getProperty("os.version") + " " + System.getProperty("os.arch")};
        }
    }
}
