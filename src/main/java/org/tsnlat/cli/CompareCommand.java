package org.tsnlat.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tsnlat.report.CompareText;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.Summary;
import org.tsnlat.rundir.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Several runs side by side: their summaries re-derived from each directory, one column a run, "
                + "then what differs in their environments."},
        usageHelpAutoWidth = true)
final class CompareCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin ExitCodes.Listed exitCodes;

    @Parameters(arity = "2..*", paramLabel = "DIR", description = "Run directories (two or more).")
    List<Path> dirs;

    @Option(names = "--name", paramLabel = "NAME", split = ",",
            description = "Column titles, one per DIR in order (default: the directories' names).")
    List<String> names;

    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        if (names != null && names.size() != dirs.size()) {
            throw new IllegalArgumentException("--name gives " + names.size() + " names for " + dirs.size() + " directories");
        }
        List<Summary> summaries = new ArrayList<>();
        List<RunDirectory> opened = new ArrayList<>();
        for (Path d : dirs) {
            RunDirectory dir = RunDirectory.open(d);
            opened.add(dir);
            summaries.add(RunReport.load(dir));
        }
        List<String> titles = names != null ? names : dirs.stream().map(p -> p.getFileName().toString()).toList();
        root.out.print(CompareText.format(titles, summaries));
        root.out.print(EnvironmentDifferences.between(titles, opened));
        root.out.flush();
        return ExitCodes.OK;
    }
}
