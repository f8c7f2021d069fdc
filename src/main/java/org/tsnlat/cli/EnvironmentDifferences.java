package org.tsnlat.cli;

import org.tsnlat.text.Untrusted;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tsnlat.env.EnvText;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunDirectoryException;

/**
 * What differs between runs besides their figures: configuration and what was in force (from
 * meta.json), each later run against the first.
 */
final class EnvironmentDifferences {
    private static final List<String> SECTIONS = List.of("config", "tuning", "timestamping", "host");
    private static final List<String> VOLATILE = List.of("config.baseTimeNs", "config.bind", "config.destination");

    private EnvironmentDifferences() {}

    static String between(List<String> names, List<RunDirectory> dirs) throws RunDirectoryException {
        StringBuilder b = new StringBuilder();
        Map<String, String> first = flatten(meta(dirs.get(0)));
        for (int i = 1; i < dirs.size(); i++) {
            Map<String, String> other = flatten(meta(dirs.get(i)));
            b.append("\nconfiguration and settings, ").append(names.get(0)).append(" -> ").append(names.get(i)).append(":\n");
            int n = 0;
            for (String key : new TreeSet<>(union(first, other))) {
                String a = first.getOrDefault(key, "(none)");
                String c = other.getOrDefault(key, "(none)");
                if (!Objects.equals(a, c) && VOLATILE.stream().noneMatch(key::startsWith)) {
                    b.append("  ").append(Untrusted.text(key)).append(": ").append(Untrusted.text(a)).append(" -> ").append(Untrusted.text(c))
                            .append('\n');
                    n++;
                }
            }
            if (n == 0) b.append("  no differences\n");
            b.append("\nenvironment, ").append(names.get(0)).append(" -> ").append(names.get(i)).append(":\n");
            b.append(environment(dirs.get(0), dirs.get(i)).indent(2));
        }
        return Untrusted.lines(b.toString()); // run names and meta.json values from the run directories
    }

    /** The environment snapshots' differences (receiving host, then sending host when it has its own). */
    private static String environment(RunDirectory a, RunDirectory c) {
        try {
            return EnvText.runChanges(a.path(), c.path());
        } catch (java.io.IOException e) {
            return "not compared: " + Untrusted.text(e.getMessage()) + "\n";
        }
    }

    private static JsonNode meta(RunDirectory d) throws RunDirectoryException {
        try {
            return RunDirectory.json().readTree(d.file(RunDirectory.META).toFile());
        } catch (java.io.IOException e) {
            throw new RunDirectoryException(d.file(RunDirectory.META) + ": unreadable (" + e.getMessage() + ")");
        }
    }

    private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
        var s = new TreeSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    static Map<String, String> flatten(JsonNode meta) {
        Map<String, String> out = new TreeMap<>();
        for (String section : SECTIONS) {
            flatten(section, meta.path(section), out);
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> flatten(prefix + "." + e.getKey(), e.getValue(), out));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) flatten(prefix + "[" + i + "]", n.get(i), out);
        } else if (!n.isMissingNode()) {
            out.put(prefix, n.isNull() ? "(none)" : n.asText());
        }
    }
}
