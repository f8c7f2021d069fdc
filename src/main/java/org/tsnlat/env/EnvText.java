package org.tsnlat.env;

import java.util.List;
import java.util.Map;

/** Readable text for {@code tsnlat env show} and {@code tsnlat env diff}, grouped by topic. */
public final class EnvText {
    private EnvText() {
    }

    /**
     * The changes, one line each under their topic: "  tsnlat-rx affinity 1 -> 0";
     * "no differences" when there are none.
     */
    public static String changes(List<EnvChange> changes) {
        if (changes.isEmpty()) {
            return "no differences\n";
        }
        StringBuilder out = new StringBuilder();
        String topic = null;
        for (EnvChange c : changes) {
            if (!c.topic().equals(topic)) {
                topic = c.topic();
                out.append(topic).append('\n');
            }
            out.append("  ").append(c.key().isEmpty() ? "" : c.key() + " ")
                    .append(c.before()).append(" -> ").append(c.after()).append('\n');
        }
        return out.toString();
    }

    /** Every field of the snapshot, one "  key value" line each under its topic, then what was unreadable. */
    public static String snapshot(EnvSnapshot s) {
        StringBuilder out = new StringBuilder();
        out.append("environment snapshot (").append(s.format()).append(" v").append(s.version())
                .append(", ").append(s.takenAt()).append(")\n");
        String topic = null;
        for (EnvFlattener.Leaf leaf : EnvFlattener.all(s).values()) {
            String t = leaf.path().getFirst();
            if (t.equals("unreadable") || t.equals("format") || t.equals("version") || t.equals("takenAt")) {
                continue;
            }
            if (!t.equals(topic)) {
                topic = t;
                out.append(topic).append('\n');
            }
            out.append("  ").append(String.join(" ", leaf.path().subList(1, leaf.path().size())))
                    .append(' ').append(leaf.value()).append('\n');
        }
        Map<String, String> unreadable = s.unreadable() == null ? Map.of() : s.unreadable();
        if (!unreadable.isEmpty()) {
            out.append("unreadable\n");
            unreadable.forEach((k, why) -> out.append("  ").append(k).append(": ").append(why).append('\n'));
        }
        return out.toString();
    }
}
