package org.tsnlat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tsnlat.tune.HostPlan;
import org.tsnlat.tune.TuneState;
import org.tsnlat.tune.TuneText;
import org.tsnlat.tune.Tuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Make the plan hold where a change at run time can (root): thread CPUs, policy and priority; "
                + "IRQ affinity; RPS and XPS masks, RFS flow counts. Each old value goes to the state file before the "
                + "change, so 'tsnlat tune undo' restores it exactly. What needs a reboot (kernel parameters) is listed "
                + "with the boot line to use; what needs a command of its own (PM QoS, RT throttling, cpufreq, idle "
                + "states, ntuple rules) with that command.",
                "Exit 0 when the plan then holds, 10 when an item is left violated or a change failed."},
        usageHelpAutoWidth = true)
final class TuneApplyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan, a YAML file (docs/tune.md).")
    Path plan;

    @Option(names = "--state", paramLabel = "FILE", description = "Where the old values are kept (default: ${DEFAULT-VALUE}).")
    Path state = TuneState.DEFAULT;

    @ParentCommand TuneCommand tune;

    @Override
    public Integer call() {
        HostPlan p = HostPlan.read(plan);
        TuneCommand.requireRoot("apply");
        Tuner.Applied a = Tuner.apply(p, plan.toAbsolutePath().toString(), state);
        tune.root.out.print(TuneText.applied(a, state));
        return a.failed().isEmpty() && !TuneText.anyViolated(a.after()) ? ExitCodes.OK : ExitCodes.NOT_AS_PLANNED;
    }
}
