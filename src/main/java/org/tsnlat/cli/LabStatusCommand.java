package org.tsnlat.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabState;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the lab: namespaces, addresses, shaping, ptp4l (asking each for its port state), "
                + "and whatever a live check finds missing.",
                "Exits 0 when the lab is up and whole, 5 when none is up or part of it is gone."},
        usageHelpAutoWidth = true)
final class LabStatusCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin LabNameOption labName;

    @ParentCommand LabCommand lab;

    @Override
    public Integer call() {
        LabCommand.requireRoot();
        Optional<LabState> state = Lab.status(labName.name);
        if (state.isEmpty()) {
            lab.root.out.println("no lab '" + labName.name + "' is up");
            return ExitCodes.LAB;
        }
        LabState s = state.get();
        lab.root.out.println("lab '" + labName.name + "' is " + (s.health().ok() ? "up" : "damaged"));
        LabText.print(s, lab.root.out);
        return s.health().ok() ? ExitCodes.OK : ExitCodes.LAB;
    }
}
