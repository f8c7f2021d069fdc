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
final class EnvCommand implements Runnable {

    @ParentCommand TsnlatCommand root;

    @Override
    public void run() {
        new CommandLine(this).usage(root.out);
    }
}
