package org.tsnlat.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabSpec;
import org.tsnlat.lab.LabState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the lab: namespaces, addresses, shaping, ptp4l (asking each for its port state), "
                + "and whatever a live check finds missing.",
                "Exits 0 when the lab is up and whole, " + ExitCodes.LAB + " when none is up or part of it is gone."},
        usageHelpAutoWidth = true)
final class LabStatusCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin ExitCodes.Listed exitCodes;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = LabSpec.DEFAULT_NAME,
            description = "Lab name (default: ${DEFAULT-VALUE}).")
    String name;

    @ParentCommand LabCommand lab;

    @Override
    public Integer call() {
        LabCommand.requireRoot();
        Optional<LabState> state = Lab.status(name);
        if (state.isEmpty()) {
            lab.root.out.println("no lab '" + name + "' is up");
            return ExitCodes.LAB;
        }
        LabState s = state.get();
        lab.root.out.println("lab '" + name + "' is " + (s.health().ok() ? "up" : "damaged"));
        LabText.print(s, lab.root.out);
        return s.health().ok() ? ExitCodes.OK : ExitCodes.LAB;
    }
}
