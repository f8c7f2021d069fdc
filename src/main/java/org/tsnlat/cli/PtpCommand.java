package org.tsnlat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "ptp", mixinStandardHelpOptions = true,
        description = {"What ptp4l says about the clock sync: port state, grandmaster, master offset, path delay, "
                + "UTC offset and flags, read over ptp4l's management socket as 'pmc -u' reads them.",
                "Only GET requests are sent: nothing in ptp4l and no clock is ever changed. "
                        + "Needs read and write access to the socket (usually root)."},
        subcommands = {PtpStatusCommand.class, PtpWatchCommand.class},
        usageHelpAutoWidth = true)
final class PtpCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand TsnlatCommand root;

    @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Main.groupWithoutSubcommand(spec, root.err);
    }
}
