package org.tsnlat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tsnlat.tune.TuneState;
import org.tsnlat.tune.TuneText;
import org.tsnlat.tune.Tuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {"Restore every value 'tsnlat tune apply' changed (root), newest first, as the state file keeps "
                + "them, then remove the state file. A thread that has ended since is skipped (its tid is never "
                + "taken for another thread's). With no state file it says so and exits 0.",
                "Exit 10 when a value could not be restored (the state file then keeps it)."},
        usageHelpAutoWidth = true)
final class TuneUndoCommand implements Callable<Integer> {

    @Option(names = "--state", paramLabel = "FILE", description = "The state file apply wrote (default: ${DEFAULT-VALUE}).")
    Path state = TuneState.DEFAULT;

    @ParentCommand TuneCommand tune;

    @Override
    public Integer call() {
        TuneCommand.requireRoot("undo");
        Tuner.Undone u = Tuner.undo(state);
        tune.root.out.print(TuneText.undone(u, state));
        return u.failed().isEmpty() ? ExitCodes.OK : ExitCodes.NOT_AS_PLANNED;
    }
}
