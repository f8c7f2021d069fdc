package org.tsnlat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "env", mixinStandardHelpOptions = true,
        description = {"This host's environment (kernel, boot parameters, IRQs, threads, qdiscs, offloads, PTP, "
                + "PM QoS) and what changed between two runs.",
                "Every run stores a snapshot in meta.json; see docs/environment.md."},
        subcommands = {EnvShowCommand.class, EnvDiffCommand.class},
        usageHelpAutoWidth = true)
final class EnvCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand TsnlatCommand root;

    @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Main.groupWithoutSubcommand(spec, root.err);
    }
}
