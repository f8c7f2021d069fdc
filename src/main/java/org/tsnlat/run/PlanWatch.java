package org.tsnlat.run;

import java.util.List;
import java.util.function.Consumer;
import org.tsnlat.exit.Exit;
import org.tsnlat.report.PlanVerdict;
import org.tsnlat.rundir.RunMeta;
import org.tsnlat.text.Untrusted;
import org.tsnlat.tune.Finding;
import org.tsnlat.tune.RunPlan;

/**
 * {@code --plan}: the host plan a measurement holds to, checked twice. Before the first probe,
 * once the measuring threads are placed (tsnlat-rx and tsnlat-tx exist only then), and at the
 * end, when the loops have ended but their threads are still there; both checks go into
 * meta.json's {@code plan}. A violation before the first probe refuses the run with
 * {@code --plan-strict} (exit 10, nothing measured), else it is said at once and the run goes on;
 * the summary says whether the run kept its plan.
 */
public final class PlanWatch {
    private final RunPlan plan;
    private final boolean strict;

    public PlanWatch(RunPlan plan, boolean strict) {
        this.plan = plan;
        this.strict = strict;
    }

    /**
     * The check before the first probe, for meta.json; a violation is said to {@code warn}, or with
     * --plan-strict refuses the run.
     *
     * @throws SetupException {@link Exit#NOT_AS_PLANNED} with --plan-strict when an item is violated
     */
    RunMeta.Plan before(Consumer<String> warn) {
        List<RunMeta.PlanFinding> found = found(plan.check());
        String violations = violations(found);
        if (violations != null && strict) {
            throw new SetupException(Exit.NOT_AS_PLANNED, "the host does not hold to its plan " + plan.path()
                    + " (--plan-strict): " + violations + "; nothing measured", null);
        }
        if (violations != null) {
            warn.accept(Untrusted.text("NOT AS PLANNED before the first probe (" + plan.path() + "): " + violations
                    + "; measuring anyway (--plan-strict refuses)")); // thread names from /proc, the path as given
        }
        return new RunMeta.Plan(plan.path().toString(), plan.sha256(), strict, found, null);
    }

    /** The check at the end, added to {@code before}; a violation is said to {@code warn}. */
    RunMeta.Plan atEnd(RunMeta.Plan before, Consumer<String> warn) {
        List<RunMeta.PlanFinding> found = found(plan.check());
        String violations = violations(found);
        if (violations != null) warn.accept(Untrusted.text("NOT AS PLANNED at the end (" + plan.path() + "): " + violations));
        return before.withEnd(found);
    }

    private static List<RunMeta.PlanFinding> found(List<Finding> findings) {
        return findings.stream().map(f -> new RunMeta.PlanFinding(f.item(), switch (f.status()) {
            case HELD -> RunMeta.HELD;
            case VIOLATED -> RunMeta.VIOLATED;
            case UNKNOWN -> RunMeta.UNKNOWN;
        }, f.evidence())).toList();
    }

    /** "item: evidence; item: evidence", or null when nothing is violated. */
    private static String violations(List<RunMeta.PlanFinding> found) {
        List<String> each = PlanVerdict.violations(found);
        return each.isEmpty() ? null : String.join("; ", each);
    }
}
