package org.tsnlat.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsnlat.report.CompareText;
import org.tsnlat.report.PlanVerdict;
import org.tsnlat.report.Summary;
import org.tsnlat.text.Untrusted;

/**
 * What {@code tsnlat compare} says first: the host plans the runs held to ({@code --plan}), when
 * any had one. Which plan (its path and the SHA-256 of its bytes: the same path may have held
 * another plan) and whether each run kept it, only what differs; nothing at all when no run had a plan.
 */
final class PlanDifferences {
    /** Digits of the SHA-256 shown: enough to tell two plans apart at a glance. */
    private static final int DIGEST_SHOWN = 12;

    private PlanDifferences() {}

    /** The section's text: a heading and the rows that differ, a line saying nothing did, or "" without plans. */
    static String between(List<String> names, List<Summary> runs) {
        if (runs.stream().allMatch(s -> s.plan() == null)) return "";
        List<Map<String, String>> aspects = runs.stream().map(s -> aspects(s.plan())).toList();
        List<String[]> rows = HowMade.differing(aspects);
        String heading = "host plans (--plan), what differed (" + Untrusted.text(String.join(" | ", names)) + "):\n";
        if (rows.isEmpty()) {
            Map<String, String> each = aspects.getFirst();
            return heading + "  nothing: the same plan " + Untrusted.text(each.get("plan")) + ", in each "
                    + Untrusted.text(each.get("kept")) + "\n";
        }
        return heading + CompareText.table(rows, false).indent(2);
    }

    private static Map<String, String> aspects(PlanVerdict p) {
        Map<String, String> a = new LinkedHashMap<>();
        if (p == null) {
            a.put("plan", "none (no --plan)");
            a.put("kept", "-");
            return a;
        }
        String digest = p.sha256() == null ? "?" : p.sha256().substring(0, Math.min(DIGEST_SHOWN, p.sha256().length()));
        a.put("plan", p.path() + " (sha256 " + digest + ")");
        a.put("kept", p.notKept() ? "NOT KEPT: " + String.join("; ", p.violations())
                : p.kept() ? "kept" : "not checked at the end");
        return a;
    }
}
