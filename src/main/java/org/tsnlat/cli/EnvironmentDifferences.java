package org.tsnlat.cli;

import org.tsnlat.text.Untrusted;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsnlat.env.EnvChange;
import org.tsnlat.env.EnvDiff;
import org.tsnlat.env.EnvJson;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunDirectoryException;

/**
 * What differs between the runs' environment snapshots, each later run against the first, grouped
 * by topic and summarised for reading: an interface's offloads fold into one line ("eth0
 * offloads: 12 differ (tso on -> off, ...)"), a thread, interface or IRQ that only one snapshot
 * has is one line saying so ("only in A", "no sender thread in B"), never a column of "-> (none)".
 */
final class EnvironmentDifferences {
    /** Offload changes named on the folded line; the rest are counted. */
    static final int OFFLOADS_NAMED = 4;
    private static final String NONE = "(none)";

    private EnvironmentDifferences() {}

    static String between(List<String> names, List<RunDirectory> dirs) throws RunDirectoryException {
        StringBuilder b = new StringBuilder();
        JsonNode first = meta(dirs.get(0));
        for (int i = 1; i < dirs.size(); i++) {
            JsonNode other = meta(dirs.get(i));
            String a = names.get(0);
            String c = names.get(i);
            b.append("\nenvironment, ").append(a).append(" -> ").append(c).append(":\n");
            try {
                String receiving = grouped(EnvDiff.diff(EnvJson.read(dirs.get(0).path()), EnvJson.read(dirs.get(i).path())),
                        first.path("env"), other.path("env"), a, c);
                var senderA = EnvJson.readSender(dirs.get(0).path());
                var senderC = EnvJson.readSender(dirs.get(i).path());
                if (senderA.isPresent() && senderC.isPresent()) {
                    b.append("  receiving host:\n").append(receiving.indent(4)).append("  sending host:\n")
                            .append(grouped(EnvDiff.diff(senderA.get(), senderC.get()), first.path("envSender"),
                                    other.path("envSender"), a, c).indent(4));
                } else {
                    if (senderA.isPresent() != senderC.isPresent()) {
                        b.append("  sending host's own snapshot: only in ").append(senderA.isPresent() ? a : c).append('\n');
                    }
                    b.append(receiving.indent(2));
                }
            } catch (java.io.IOException e) {
                b.append("  not compared: ").append(Untrusted.text(e.getMessage())).append('\n');
            }
        }
        return Untrusted.lines(b.toString()); // run names and snapshot values from the run directories
    }

    /**
     * The changes under their topics, summarised. {@code envA}, {@code envB}: the two snapshots'
     * JSON, to tell a subject (interface, thread, IRQ) that one of them lacks from a field that differs.
     */
    static String grouped(List<EnvChange> changes, JsonNode envA, JsonNode envB, String a, String b) {
        if (changes.isEmpty()) {
            return "no differences\n";
        }
        Map<String, Map<String, List<EnvChange>>> byTopic = new LinkedHashMap<>();
        for (EnvChange c : changes) {
            String subject = subject(c, envA, envB);
            byTopic.computeIfAbsent(c.topic(), t -> new LinkedHashMap<>()).computeIfAbsent(subject, s -> new ArrayList<>()).add(c);
        }
        StringBuilder out = new StringBuilder();
        byTopic.forEach((topic, subjects) -> {
            boolean inA = present(envA.path(topic));
            boolean inB = present(envB.path(topic));
            if (inA != inB && subjects.values().stream().flatMap(List::stream).noneMatch(EnvironmentDifferences::unreadable)) {
                out.append(topic).append(": only in ").append(inA ? a : b).append('\n');
                return;
            }
            out.append(topic).append('\n');
            subjects.forEach((subject, list) -> {
                boolean sA = !subject.isEmpty() && present(envA.path(topic).path(subject));
                boolean sB = !subject.isEmpty() && present(envB.path(topic).path(subject));
                if (!subject.isEmpty() && sA != sB && list.stream().noneMatch(EnvironmentDifferences::unreadable)) {
                    out.append("  ").append(subject).append(": ").append(onlyIn(topic, subject, sA ? a : b, sA ? b : a)).append('\n');
                    return;
                }
                List<EnvChange> offloads = new ArrayList<>();
                for (EnvChange c : list) {
                    if (c.key().startsWith(subject + " offloads ")) {
                        offloads.add(c);
                    } else {
                        out.append("  ").append(line(c.key(), c.before(), c.after(), a, b)).append('\n');
                    }
                }
                if (!offloads.isEmpty()) {
                    out.append("  ").append(subject).append(" offloads: ").append(offloads.size()).append(" differ (");
                    List<String> named = new ArrayList<>();
                    for (EnvChange c : offloads.subList(0, Math.min(OFFLOADS_NAMED, offloads.size()))) {
                        named.add(line(c.key().substring((subject + " offloads ").length()), c.before(), c.after(), a, b));
                    }
                    out.append(String.join(", ", named)).append(offloads.size() > OFFLOADS_NAMED ? ", ..." : "").append(")\n");
                }
            });
        });
        return out.toString();
    }

    /** A part unreadable on one side: shown field by field, so that its reason stays. */
    private static boolean unreadable(EnvChange c) {
        return c.before().startsWith("(unreadable") || c.after().startsWith("(unreadable");
    }

    /** "tsnlat-rx affinity 0 -> 1", or for a field one side lacks "key 3 (only in A)". */
    private static String line(String key, String before, String after, String a, String b) {
        String k = key.isEmpty() ? "" : key + " ";
        if (before.equals(NONE)) return k + after + " (only in " + b + ")";
        if (after.equals(NONE)) return k + before + " (only in " + a + ")";
        return k + before + " -> " + after;
    }

    private static String onlyIn(String topic, String subject, String has, String lacks) {
        if (topic.equals("threads") && subject.equals("tsnlat-tx")) return "no sender thread in " + lacks;
        if (topic.equals("threads") && subject.equals("tsnlat-rx")) return "no receiver thread in " + lacks;
        return "only in " + has;
    }

    /** The snapshot entry (interface, thread, IRQ ...) a change is about: the longest field of its topic the key starts with. */
    private static String subject(EnvChange c, JsonNode envA, JsonNode envB) {
        String best = "";
        for (JsonNode env : List.of(envA.path(c.topic()), envB.path(c.topic()))) {
            if (!env.isObject()) continue;
            for (var field : env.properties()) {
                String name = field.getKey();
                if ((c.key().equals(name) || c.key().startsWith(name + " ")) && name.length() > best.length()) {
                    best = name;
                }
            }
        }
        return best;
    }

    private static boolean present(JsonNode n) {
        return !n.isMissingNode() && !n.isNull();
    }

    static JsonNode meta(RunDirectory d) throws RunDirectoryException {
        try {
            return RunDirectory.json().readTree(d.file(RunDirectory.META).toFile());
        } catch (java.io.IOException e) {
            throw new RunDirectoryException(d.file(RunDirectory.META) + ": unreadable (" + e.getMessage() + ")");
        }
    }
}
