package org.tsnlat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tsnlat.env.EnvDiff;
import org.tsnlat.env.EnvJson;
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
    @picocli.CommandLine.Mixin ExitCodes.Listed exitCodes;

    @Parameters(index = "0", paramLabel = "A", description = "The earlier run directory or snapshot file.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The later run directory or snapshot file.")
    Path b;

    @ParentCommand EnvCommand env;

    @Override
    public Integer call() throws RunDirectoryException {
        var before = read(a);
        var after = read(b);
        var changes = EnvDiff.diff(before, after);
        var senderBefore = readSender(a);
        var senderAfter = readSender(b);
        if (senderBefore.isPresent() && senderAfter.isPresent()) {
            var senderChanges = EnvDiff.diff(senderBefore.get(), senderAfter.get());
            if (!senderChanges.isEmpty()) {
                env.root.out.print("receiving host:\n" + EnvText.changes(changes).indent(2));
                env.root.out.print("sending host:\n" + EnvText.changes(senderChanges).indent(2));
                env.root.out.flush();
                return ExitCodes.OK;
            }
        }
        env.root.out.print(EnvText.changes(changes));
        env.root.out.flush();
        return ExitCodes.OK;
    }

    private static java.util.Optional<org.tsnlat.env.EnvSnapshot> readSender(Path p) throws RunDirectoryException {
        try {
            return EnvJson.readSender(p);
        } catch (java.io.IOException e) {
            throw new RunDirectoryException(e.getMessage());
        }
    }

    private static org.tsnlat.env.EnvSnapshot read(Path p) throws RunDirectoryException {
        try {
            return EnvJson.read(p);
        } catch (java.io.IOException e) {
            throw new RunDirectoryException(e.getMessage());
        }
    }
}
