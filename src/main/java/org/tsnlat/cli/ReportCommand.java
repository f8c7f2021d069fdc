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
                "With other --max-* limits it judges the clocks again (docs/trust.md); exit code 6 says "
                        + "some intervals were untrusted.",
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

    @picocli.CommandLine.Mixin TrustOptions trust;
    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        if (trust.ptpSocket != null) {
            throw new IllegalArgumentException("--ptp-socket is for a run; report reads the samples the run recorded");
        }
        Summary s = RunReport.analyse(RunDirectory.open(dir), trust.thresholds()).summary();
        root.out.print(format == Format.json ? RunDirectory.toJson(s) : SummaryText.format(s));
        root.out.flush();
        return MeasurementRunner.exitCode(s);
    }
}
