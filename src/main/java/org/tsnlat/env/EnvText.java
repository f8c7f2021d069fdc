package org.tsnlat.env;

import org.tsnlat.text.Untrusted;
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
                out.append(Untrusted.text(topic)).append('\n');
            }
            out.append("  ").append(c.key().isEmpty() ? "" : Untrusted.text(c.key()) + " ")
                    .append(Untrusted.text(c.before())).append(" -> ").append(Untrusted.text(c.after())).append('\n');
        }
        return Untrusted.lines(out.toString());
    }

    /**
     * The snapshot as people read it, grouped by concern with units and the defaults in words
     * (what {@code env show} prints).
     */
    public static String snapshot(EnvSnapshot s) {
        return EnvShowText.of(s);
    }

    /** Every field of the snapshot, one "  key value" line each under its topic, then what was unreadable ({@code env show --raw}). */
    public static String raw(EnvSnapshot s) {
        StringBuilder out = new StringBuilder();
        out.append("environment snapshot (").append(Untrusted.text(s.format())).append(" v").append(s.version())
                .append(", ").append(Untrusted.text(s.takenAt())).append(")\n");
        String topic = null;
        for (EnvFlattener.Leaf leaf : EnvFlattener.all(s).values()) {
            String t = leaf.path().getFirst();
            if (t.equals("unreadable") || t.equals("format") || t.equals("version") || t.equals("takenAt")) {
                continue;
            }
            if (!t.equals(topic)) {
                topic = t;
                out.append(Untrusted.text(topic)).append('\n');
            }
            out.append("  ").append(Untrusted.text(String.join(" ", leaf.path().subList(1, leaf.path().size()))))
                    .append(' ').append(Untrusted.text(leaf.value())).append('\n');
        }
        Map<String, String> unreadable = s.unreadable() == null ? Map.of() : s.unreadable();
        if (!unreadable.isEmpty()) {
            out.append("unreadable\n");
            unreadable.forEach((k, why) -> out.append("  ").append(Untrusted.text(k)).append(": ").append(Untrusted.text(why))
                    .append('\n'));
        }
        return Untrusted.lines(out.toString()); // values read from /proc, /sys, commands and files
    }

    /**
     * What changed from run (or snapshot file) {@code a} to {@code b}: the receiving host's
     * snapshot, and under its own heading the sending host's when both runs have one (a lab run)
     * and it changed.
     *
     * @throws java.io.IOException naming the file that cannot be read, in one line
     */
    public static String runChanges(java.nio.file.Path a, java.nio.file.Path b) throws java.io.IOException {
        List<EnvChange> changes = EnvDiff.diff(EnvJson.read(a), EnvJson.read(b));
        var senderBefore = EnvJson.readSender(a);
        var senderAfter = EnvJson.readSender(b);
        if (senderBefore.isPresent() && senderAfter.isPresent()) {
            List<EnvChange> sender = EnvDiff.diff(senderBefore.get(), senderAfter.get());
            if (!sender.isEmpty()) {
                return "receiving host:\n" + changes(changes).indent(2) + "sending host:\n" + changes(sender).indent(2);
            }
        }
        return changes(changes);
    }
}
