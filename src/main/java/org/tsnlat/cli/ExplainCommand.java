package org.tsnlat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tsnlat.explain.Explainer;
import org.tsnlat.explain.Outliers;
import org.tsnlat.report.RunReport;
import org.tsnlat.report.Summary;
import org.tsnlat.report.Trust;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunDirectoryException;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.text.Untrusted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Why was this packet late: the outliers of a run made with --explain, from its directory alone "
                + "(the records and the kernel's trace in trace/), or one probe's whole story with --seq.",
                "",
                "Examples:",
                "  tsnlat explain runs/20261202-104826-run            # the outliers, their late stage and causes",
                "  tsnlat explain runs/20261202-104826-run --seq 3241 # one probe: each stage against its median, "
                        + "what held the CPU, the trace's lines",
                "",
                "docs/explain.md says how to read a breakdown."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:bad usage, or no probe with that sequence number was received",
                "4:not a run directory, or it has no kernel trace (the run was made without --explain)"},
        usageHelpAutoWidth = true)
final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "A run directory made with --explain.")
    Path dir;

    @Option(names = "--seq", paramLabel = "N", converter = Ranges.Seq.class,
            description = "Tell the story of probe N (outlier or not) with the trace's lines of its late stage.")
    Long seq;

    @picocli.CommandLine.Mixin TrustOptions trust;
    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        RunDirectory run = RunDirectory.open(dir);
        RunReport.Analysis a = RunReport.analyse(run, trust.thresholds());
        Summary s = a.summary();
        if (s.outliers() == null) {
            throw new RunDirectoryException(dir + ": no kernel trace (trace/): the run was made without --explain, "
                    + "or --explain could not start (its notes say why)");
        }
        if (seq == null) {
            Outliers o = s.outliers();
            root.out.print(org.tsnlat.report.SummaryText.outliers(o));
            Output.check(root.out, "standard output");
            return 0;
        }
        Explainer.Story story = Explainer.story(run.path(), s.warmupNs(), s.startNs(), seq,
                a.rx() == null ? null : t -> a.rx().trustAt(t) == Trust.UNTRUSTED);
        if (story == null) {
            throw new org.tsnlat.exit.UsageException("probe " + seq + " was not received in " + dir);
        }
        Outliers.Outlier p = story.probe();
        StringBuilder b = new StringBuilder();
        b.append("probe ").append(p.seq()).append(": lateness (app RX minus schedule) ").append(UsecFormat.usec(p.latenessNs()))
                .append(" us, ").append(p.excessNs() >= 0 ? "+" : "").append(UsecFormat.usec(p.excessNs()))
                .append(" us against the median ").append(UsecFormat.usec(story.medianLatenessNs())).append(" us\n");
        if (p.clock() != null) b.append("  clock: ").append(p.clock()).append('\n');
        b.append(String.format(java.util.Locale.ROOT, "  %-26s %14s %14s %14s%n", "stage (us)", "value", "median", "excess"));
        for (Outliers.Stage st : p.stages()) {
            b.append(String.format(java.util.Locale.ROOT, "  %-26s %14s %14s %14s%s%n", st.name(), UsecFormat.usec(st.valueNs()),
                    UsecFormat.usec(st.medianNs()), UsecFormat.usec(st.excessNs()), st.name().equals(p.lateStage()) ? "  <- late" : ""));
        }
        if (!story.traced()) {
            b.append("  its trace was not kept: --explain keeps the trace only around probes it found late while the run"
                    + " went on (lateness beyond the running median by half of --explain-above); its stages above are from"
                    + " the records\n");
            root.out.print(b);
            Output.check(root.out, "standard output");
            return 0;
        }
        b.append("  ").append(p.lateStage()).append(" on CPU ").append(p.cpus()).append(", who held it:\n");
        for (Outliers.Cause c : p.causes()) {
            b.append("    ").append(Untrusted.text(c.cause())).append(" on CPU ").append(c.cpu()).append(": ")
                    .append(UsecFormat.usec(c.ns())).append(" us");
            if (c.stretchNs() > 0) b.append(" (ran ").append(UsecFormat.usec(c.stretchNs())).append(" us in one stretch)");
            b.append('\n');
        }
        b.append("    unexplained: ").append(UsecFormat.usec(p.unexplainedNs())).append(" us\n");
        b.append("  trace (").append(story.traceLines().size()).append(" lines of the late stage on its CPUs, ")
                .append(UsecFormat.usec(Explainer.EXCERPT_MARGIN_NS)).append(" us either side):\n");
        for (String l : story.traceLines()) b.append("    ").append(Untrusted.text(l)).append('\n');
        root.out.print(b);
        Output.check(root.out, "standard output");
        return 0;
    }
}
