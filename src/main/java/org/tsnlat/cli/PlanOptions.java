package org.tsnlat.cli;

import java.nio.file.Path;
import org.tsnlat.run.PlanWatch;
import org.tsnlat.tune.RunPlan;
import picocli.CommandLine.Option;

/** The host plan a measurement holds to ({@code --plan}); shared by run, send and recv. */
final class PlanOptions {
    @Option(names = "--plan", paramLabel = "PLAN",
            description = {"Hold this run to a host plan (YAML, as 'tsnlat tune check' reads it; docs/tune.md): "
                    + "each item is checked once the measuring threads are placed, before the first probe, and "
                    + "again at the end, while they are still there (so a rule for tsnlat-rx or tsnlat-tx judges "
                    + "this run's own threads, never another tsnlat's). Both checks go into meta.json; the summary "
                    + "says 'plan: kept' or 'plan: NOT KEPT' with what was found, and a plan not kept exits 10 "
                    + "unless something worse applies.",
                    "A plan that cannot be read or is not one: exit 2 before anything starts."})
    Path plan;

    @Option(names = "--plan-strict",
            description = "Refuse to measure (exit 10, no run directory) when the check before the first probe "
                    + "finds an item of --plan violated. Default: measure anyway, say so at once and in the summary.")
    boolean strict;

    /**
     * The plan to hold the measurement to, read and checked now (a bad one is refused, exit 2,
     * before a lab, a socket or the JIT warm-up); null without --plan.
     */
    PlanWatch watch() {
        OptionRules.needs(strict, "--plan-strict", plan != null, "--plan");
        return plan == null ? null : new PlanWatch(RunPlan.read(plan), strict);
    }
}
