package org.tsnlat.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tsnlat.tune.Finding;
import org.tsnlat.tune.HostPlan;
import org.tsnlat.tune.TuneText;
import org.tsnlat.tune.Tuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Read this host and say, for each item of the plan, whether it holds (held), does not "
                + "(VIOLATED, with what was found: 'IRQ 45 eth0-rx-2 on CPU 0, plan says 2') or cannot be told "
                + "(unknown, and why: no such thread, a device without IRQs, a file only root may read). Changes nothing.",
                "Exit 0 when nothing is violated (unknown items alone do not fail), 10 when an item is."},
        usageHelpAutoWidth = true)
final class TuneCheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan, a YAML file (docs/tune.md).")
    Path plan;

    @Option(names = "--violated", description = "Print only the violated items (and the count).")
    boolean violatedOnly;

    @ParentCommand TuneCommand tune;

    @Override
    public Integer call() {
        HostPlan p = HostPlan.read(plan);
        List<Finding> findings = Tuner.check(p);
        var out = tune.root.out;
        out.print(TuneText.findings(findings, violatedOnly));
        boolean violated = TuneText.anyViolated(findings);
        out.println("tune check " + plan + ": " + TuneText.count(findings)
                + (violated ? " (exit 10: the host does not hold to the plan)" : ""));
        return violated ? ExitCodes.NOT_AS_PLANNED : ExitCodes.OK;
    }
}
