package org.tsnlat.report;

import java.util.ArrayList;
import java.util.List;
import org.tsnlat.rundir.RunMeta;

/**
 * Whether a run kept its host plan ({@code --plan}, docs/tune.md), from meta.json's {@code plan}:
 * kept when neither the check before the first probe nor the one at the end found an item violated.
 * A run whose end was never checked (it failed, or was killed) is not called kept, nor not kept.
 *
 * @param path       the plan file as given
 * @param sha256     the SHA-256 of its bytes when the run read it
 * @param kept       both checks made, nothing violated in either
 * @param endChecked whether the check at the end was made
 * @param held       items held at the last check made (the end's, else the one before the first probe)
 * @param unknown    items that check could not tell
 * @param violations each violated item with its evidence, said when ("before the first probe: ",
 *                   "at the end: ", or "before the first probe and at the end: " when both found the same)
 */
public record PlanVerdict(String path, String sha256, boolean kept, boolean endChecked, int held, int unknown,
                          List<String> violations) {
    static final String BEFORE = "before the first probe";
    static final String AT_END = "at the end";

    /** The verdict of meta.json's plan, or null for a run without one. */
    static PlanVerdict of(RunMeta.Plan plan) {
        if (plan == null) return null;
        List<RunMeta.PlanFinding> end = plan.end() == null ? List.of() : plan.end();
        List<String> violations = new ArrayList<>();
        for (RunMeta.PlanFinding f : violated(plan.before())) {
            violations.add((end.contains(f) ? BEFORE + " and " + AT_END : BEFORE) + ": " + said(f));
        }
        for (RunMeta.PlanFinding f : violated(end)) {
            if (!plan.before().contains(f)) violations.add(AT_END + ": " + said(f));
        }
        List<RunMeta.PlanFinding> last = plan.end() != null ? plan.end() : plan.before();
        return new PlanVerdict(plan.path(), plan.sha256(), plan.end() != null && violations.isEmpty(), plan.end() != null,
                count(last, RunMeta.HELD), count(last, RunMeta.UNKNOWN), List.copyOf(violations));
    }

    /** Whether a check found an item violated: the run then exits 10 unless something worse applies. */
    public boolean notKept() {
        return !violations.isEmpty();
    }

    /**
     * The summary's line: "plan: kept (3 items held, 1 unknown, before the first probe and at the end;
     * host.yaml)", "plan: NOT KEPT (host.yaml): at the end: thread tsnlat-rx: ..."; unescaped.
     */
    public String line() {
        String counts = held + (held == 1 ? " item held, " : " items held, ") + unknown + " unknown";
        if (notKept()) return "plan: NOT KEPT (" + path + "): " + String.join("; ", violations);
        if (kept) return "plan: kept (" + counts + ", " + BEFORE + " and " + AT_END + "; " + path + ")";
        return "plan: held " + BEFORE + " (" + counts + "; " + path + "), not checked " + AT_END
                + " (the run ended before its loops did)";
    }

    /** Each violated item of one check with its evidence: "thread tsnlat-rx: thread tsnlat-rx (tid ...) allowed on ...". */
    public static List<String> violations(List<RunMeta.PlanFinding> findings) {
        return violated(findings).stream().map(PlanVerdict::said).toList();
    }

    private static List<RunMeta.PlanFinding> violated(List<RunMeta.PlanFinding> findings) {
        return findings.stream().filter(f -> RunMeta.VIOLATED.equals(f.verdict())).toList();
    }

    private static int count(List<RunMeta.PlanFinding> findings, String verdict) {
        return (int) findings.stream().filter(f -> verdict.equals(f.verdict())).count();
    }

    private static String said(RunMeta.PlanFinding f) {
        return f.item() + ": " + String.join(", ", f.evidence());
    }
}
