package org.tsnlat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tsnlat.env.EnvText;
import org.tsnlat.rundir.RunDirectoryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"What changed in the environment from run A to run B, one line per change, by topic.",
                "A and B are run directories (their meta.json's env) or files written by 'env show --json'. "
                        + "Pids, IRQ counts and other fields that change by nature are not compared. "
                        + "Exits 0 with or without differences ('no differences' when none)."},
        usageHelpAutoWidth = true)
final class EnvDiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "The earlier run directory or snapshot file.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The later run directory or snapshot file.")
    Path b;

    @ParentCommand EnvCommand env;

    @Override
    public Integer call() throws RunDirectoryException {
        try {
            env.root.out.print(EnvText.runChanges(a, b));
        } catch (java.io.IOException e) {
            throw new RunDirectoryException(e.getMessage());
        }
        env.root.out.flush();
        return ExitCodes.OK;
    }
}
