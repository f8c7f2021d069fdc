package org.tsnlat.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tsnlat.campaign.Campaign;
import org.tsnlat.campaign.CampaignPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "campaign", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Many runs over many hosts: the plan's variants x repetitions x pairs, each pair's receiver and "
                + "sender started by the tsnlat agent on its host (docs/agent.md), every run directory collected under "
                + "one campaign directory with an index (index.json), and at the end 'compare' of all runs "
                + "(compare.txt, compare.html). Pairs that share no agent measure at once. docs/campaign.md.",
                "Interrupted (Ctrl-C, a kill, a lost controller), it resumes when run again with the same plan and "
                        + "directory: the runs done are kept, the others made again (after the agents' runs of the "
                        + "interrupted invocation have ended, at their duration).",
                "Exit: the worst of the runs' (docs/exit-codes.md), 1 when a run could not be made; 2 for a bad plan; "
                        + "3 when an agent does not answer before the first run; 4 when the campaign directory cannot "
                        + "be written or the comparison of its runs cannot be made."},
        usageHelpAutoWidth = true)
final class CampaignCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PLAN", description = "The campaign plan, YAML (docs/campaign.md).")
    Path planFile;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "The campaign directory (default: ./campaigns/NAME, NAME the plan's).")
    Path dir;

    /** How long a stopped campaign waits for its agents to stop its runs. */
    static final long INTERRUPT_WAIT_MS = 8_000;

    @ParentCommand TsnlatCommand root;

    /** Set when the comparison could not be made: the campaign's exit is then at least 4. */
    private boolean compareFailed;

    @Override
    public Integer call() throws Exception {
        CampaignPlan plan = CampaignPlan.read(planFile);
        Path into = dir != null ? dir : Path.of("campaigns", plan.name());
        Campaign campaign = new Campaign(plan, planFile, into, root.out);
        // Ctrl-C or SIGTERM: the agents' running ends stopped, the index says so (a kill -9 leaves them to their duration)
        Thread hook = new Thread(() -> campaign.interrupt(INTERRUPT_WAIT_MS), "tsnlat-campaign-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Campaign.Result r;
        try {
            r = campaign.run(done -> compare(plan, done, into));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
        root.out.println("tsnlat campaign: " + Campaign.count(r.done(), "run") + " done" + (r.resumed() > 0 ? " ("
                + r.resumed() + " of them before this invocation)" : "") + ", " + r.failed() + " failed; index "
                + into.resolve("index.json"));
        return (compareFailed ? org.tsnlat.exit.Exit.worst(r.exit(), org.tsnlat.exit.Exit.RUN_DIRECTORY) : r.exit()).code();
    }

    /**
     * The plan's variants, what each end was given: the columns below are the receivers' directories,
     * which do not record what only the sender was given.
     */
    static String variants(CampaignPlan plan) {
        StringBuilder b = new StringBuilder("campaign " + plan.name() + ", each run " + plan.duration() + ", variants (columns "
                + "VARIANT/PAIR/rep-N; the figures are the receivers'):\n");
        for (CampaignPlan.Variant v : plan.variants()) {
            b.append("  ").append(v.name()).append(": send ")
                    .append(v.send().isEmpty() ? "-" : org.tsnlat.text.Untrusted.text(String.join(" ", v.send())))
                    .append("; recv ").append(v.recv().isEmpty() ? "-" : org.tsnlat.text.Untrusted.text(String.join(" ", v.recv())))
                    .append('\n');
        }
        return b.toString();
    }

    /** 'tsnlat compare' of the runs done into compare.txt and compare.html; what was written, or null. */
    private org.tsnlat.campaign.CampaignIndex.Compare compare(CampaignPlan plan, Campaign.Result r, Path into) {
        if (r.receiverDirs().size() < 2) {
            root.out.println("tsnlat campaign: " + Campaign.count(r.receiverDirs().size(), "run") + " done: nothing to compare");
            return null;
        }
        List<String> args = new ArrayList<>(List.of("compare"));
        r.receiverDirs().forEach(d -> args.add(d.toString()));
        args.add("--name");
        args.add(String.join(",", r.names()));
        args.add("--html");
        args.add(into.resolve("compare.html").toString());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(text, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Output.writeString(into.resolve("compare.txt"), variants(plan) + "\n" + text.toString(StandardCharsets.UTF_8));
        if (code != ExitCodes.OK) {
            root.err.println("tsnlat campaign: compare failed (exit " + code + "): " + err.toString(StandardCharsets.UTF_8).strip());
            compareFailed = true;
            return null;
        }
        root.out.println("tsnlat campaign: compare of " + r.receiverDirs().size() + " runs: " + into.resolve("compare.txt")
                + ", " + into.resolve("compare.html"));
        return new org.tsnlat.campaign.CampaignIndex.Compare("compare.txt", "compare.html", r.receiverDirs().size());
    }
}
