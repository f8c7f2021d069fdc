package org.tsnlat.cli;

import java.util.concurrent.Callable;
import org.tsnlat.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Take the lab down: stop its ptp4l, delete its namespaces (and with them its links and "
                + "qdiscs), its files and its state file. Also cleans up after a crash of 'lab up'.",
                "With no lab up it says so and exits 0."},
        usageHelpAutoWidth = true)
final class LabDownCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin LabNameOption labName;

    @ParentCommand LabCommand lab;

    @Override
    public Integer call() {
        LabCommand.requireRoot();
        if (Lab.down(labName.name)) {
            lab.root.out.println("lab '" + labName.name + "' is down");
        } else {
            lab.root.out.println("no lab '" + labName.name + "' is up");
        }
        return ExitCodes.OK;
    }
}
