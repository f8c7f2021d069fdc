package org.tsnlat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.Summary;
import org.tsnlat.report.SummaryText;
import org.tsnlat.rundir.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild a run's summary from its directory alone (meta.json and the record files).",
                "Gives the same figures as the live run. Works on a run that was killed: every whole record "
                        + "is used and the summary says the run ended abruptly."},
        usageHelpAutoWidth = true)
final class ReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin ExitCodes.Listed exitCodes;

    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "DIR", description = "A run directory (runs/...).")
    Path dir;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (as report.txt) or json (as report.json). Default: ${DEFAULT-VALUE}.")
    Format format;

    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        Summary s = RunReport.load(RunDirectory.open(dir));
        root.out.print(format == Format.json ? RunDirectory.toJson(s) : SummaryText.format(s));
        root.out.flush();
        return ExitCodes.OK;
    }
}
