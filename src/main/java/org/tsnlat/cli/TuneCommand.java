package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import org.tsnlat.linux.Scheduling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"The host set-up as a plan (YAML): kernel parameters, thread and IRQ placement, RX steering, "
                + "PM QoS, RT throttling, cpufreq, idle states, who may run on the isolated CPUs. 'check' says what "
                + "holds, 'apply' (root) changes what can change now and keeps the old values, 'undo' restores them.",
                "The plan's format, a complete example and its output: docs/tune.md."},
        subcommands = {TuneCheckCommand.class, TuneApplyCommand.class, TuneUndoCommand.class},
        usageHelpAutoWidth = true)
final class TuneCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand TsnlatCommand root;

    @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Main.groupWithoutSubcommand(spec, root.err);
    }

    /** Refuses early, with one line and a usage-class exit code, when not root. */
    static void requireRoot(String command) {
        if (Scheduling.geteuid() != 0) {
            throw new UsageException("tune " + command + " needs root (other processes' threads, IRQs, /sys)");
        }
    }
}
