package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tsnlat.report.CompareText;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.Summary;
import org.tsnlat.report.TrustThresholds;
import org.tsnlat.report.html.CompareHtml;
import org.tsnlat.rundir.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Several runs side by side: first, when any was held to a host plan (--plan), which plan "
                + "each had and whether it kept it, where they differ; then what differed in how they were made (command line, "
                + "destination, lab, shaping, load, ptp, placement, clock, period, size, reflection, key), then "
                + "their figures re-derived from each directory, one column a run (a missing figure says why), then "
                + "what differs in their environments, grouped (offloads folded, one-sided parts named).",
                "Also writes compare.html (--html): the runs' latency and delta histograms and latency percentile plots "
                        + "overlaid, and the differences (docs/html-report.md)."},
        usageHelpAutoWidth = true)
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", paramLabel = "DIR", description = "Run directories (two or more).")
    List<Path> dirs;

    @Option(names = "--name", paramLabel = "NAME", split = ",",
            description = "Column titles, one per DIR in order (default: the directories' names).")
    List<String> names;

    @Option(names = "--html", paramLabel = "FILE", defaultValue = "compare.html",
            description = "Where to write the charts page (default: ./${DEFAULT-VALUE}).")
    Path html;

    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        if (names != null && names.size() != dirs.size()) {
            throw new UsageException("--name gives " + names.size() + " names for " + dirs.size() + " directories");
        }
        List<Summary> summaries = new ArrayList<>();
        List<RunReport.Analysis> analyses = new ArrayList<>();
        List<RunDirectory> opened = new ArrayList<>();
        for (Path d : dirs) {
            RunDirectory dir = RunDirectory.open(d);
            opened.add(dir);
            RunReport.Analysis a = RunReport.analyse(dir, TrustThresholds.defaults());
            analyses.add(a);
            summaries.add(a.summary());
        }
        List<String> titles = names != null ? names : dirs.stream().map(p -> p.getFileName().toString()).toList();
        String plans = PlanDifferences.between(titles, summaries);
        String made = HowMade.between(titles, opened);
        String differences = EnvironmentDifferences.between(titles, opened);
        root.out.print(plans);
        root.out.print(made);
        root.out.print("\nfigures:\n");
        root.out.print(CompareText.format(titles, summaries));
        root.out.print(differences);
        root.out.flush();
        Output.writeString(html, CompareHtml.render(titles, analyses, plans, made, differences));
        root.err.println("compare: charts written to " + html);
        return ExitCodes.OK;
    }
}
