package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import org.tsnlat.lab.Lab;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"A testbed on this machine: talker and listener in network namespaces, joined by veth, "
                + "a Linux bridge or macvlan, with an optional shaped bottleneck and ptp4l. Needs root.",
                "",
                "  tsnlat lab up --topology bridge --shape htb --rate 100mbit --ptp",
                "  ip netns exec tsnlat-listener tsnlat recv --bind 198.18.0.2",
                "  ip netns exec tsnlat-talker tsnlat send 198.18.0.2 --so-priority 0x10010",
                "  tsnlat lab down",
                "",
                "Addresses 198.18.0.1 (talker) and 198.18.0.2 (listener), fd54:736e:6c61:7400::1 and ::2, exist "
                        + "only inside the lab's namespaces. See docs/lab.md."},
        subcommands = {LabUpCommand.class, LabDownCommand.class, LabStatusCommand.class, LabImageCommand.class,
                LabGuestCommand.class},
        usageHelpAutoWidth = true)
final class LabCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand TsnlatCommand root;

    @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Main.groupWithoutSubcommand(spec, root.err);
    }

    /** Refuses early, with one line and a usage-class exit code, when not root. */
    static void requireRoot() {
        if (!Lab.isRoot()) {
            throw new UsageException("lab needs root (network namespaces)");
        }
    }
}
