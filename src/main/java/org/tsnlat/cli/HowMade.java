package org.tsnlat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsnlat.report.CompareText;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunDirectoryException;
import org.tsnlat.text.Untrusted;
import org.tsnlat.time.DurationNs;

/**
 * What {@code tsnlat compare} leads with: what differed in how the runs were made (command line,
 * destination, lab topology, shaping, load, ptp, placement, clock, period, probe size,
 * authentication...), one row an aspect, one column a run, only the aspects that differ.
 */
final class HowMade {
    /** Arguments that say where a run was written, never how it was made (with their value). */
    private static final List<String> WHERE_WRITTEN = List.of("--runs-dir", "-o", "--output");
    private static final List<String> WHERE_WRITTEN_FLAGS = List.of("--no-live", "--live");

    private HowMade() {}

    /** The section's text: a heading and the table, or a line saying nothing differed. */
    static String between(List<String> names, List<RunDirectory> dirs) throws RunDirectoryException {
        List<Map<String, String>> aspects = new ArrayList<>();
        for (RunDirectory d : dirs) {
            aspects.add(aspects(EnvironmentDifferences.meta(d)));
        }
        List<String[]> rows = differing(aspects);
        String heading = "how they were made, what differed (" + Untrusted.text(String.join(" | ", names)) + "):\n";
        return rows.isEmpty() ? heading + "  nothing these directories record: same command line, destination, lab, load, placement, clock, "
                + "period and size (a receiver alone records neither period nor size: its sender's directory has them)\n"
                : heading + CompareText.table(rows, false).indent(2);
    }

    /**
     * The aspects whose values differ between the runs, a row each: the aspect, then each run's value
     * (escaped: they come from the run directories) joined with " | ".
     */
    static List<String[]> differing(List<Map<String, String>> aspects) {
        List<String[]> rows = new ArrayList<>();
        for (String aspect : aspects.getFirst().keySet()) {
            List<String> values = aspects.stream().map(a -> Untrusted.text(a.get(aspect))).toList();
            if (new HashSet<>(values).size() > 1) {
                rows.add(new String[] {aspect, String.join(" | ", values)});
            }
        }
        return rows;
    }

    /** Every aspect of how a run was made, in the order they are shown; the same keys for every run. */
    static Map<String, String> aspects(JsonNode meta) {
        Map<String, String> a = new LinkedHashMap<>();
        List<String> command = new ArrayList<>();
        meta.path("command").forEach(n -> command.add(n.asText()));
        JsonNode config = meta.path("config");
        JsonNode lab = meta.path("lab");
        JsonNode load = meta.path("load");
        a.put("role", text(meta.path("role"), "?"));
        a.put("command line", String.join(" ", withoutWhereWritten(command)));
        a.put("destination", destination(config));
        a.put("topology", lab.isObject() ? text(lab.path("topology"), "?") : "no lab (this host)");
        a.put("shaping", lab.isObject() ? shaping(lab.path("shaping")) : "none");
        a.put("load", load.isObject() ? load(load) : "none");
        a.put("ptp", command.contains("--ptp") ? "ptp4l in the lab (--ptp)" : "no --ptp");
        a.put("placement", placement(meta.path("tuning")));
        a.put("process tuning", text(meta.path("tuning").path("process"), "-"));
        a.put("clock", text(config.path("clock"), "?"));
        // a receiver alone records neither: they are its sender's (in the sender's directory)
        a.put("period", config.path("periodNs").asLong() > 0 ? DurationNs.format(config.path("periodNs").asLong())
                : "? (not recorded here)");
        a.put("probe size", config.path("sizeBytes").asLong() > 0 ? config.path("sizeBytes").asLong() + " bytes"
                : "? (not recorded here)");
        a.put("length", length(config));
        a.put("warm-up", config.has("warmupNs") ? DurationNs.format(config.path("warmupNs").asLong()) : "?");
        a.put("reflection", reflection(command));
        a.put("authenticated", command.contains("--key-file") || command.stream().anyMatch(s -> s.startsWith("--key-file="))
                ? "yes (--key-file)" : "no");
        a.put("clock fault injected", option(command, "--inject-clock-fault", "none"));
        a.put("timestamping, receiver", text(meta.path("timestamping").path("receiver"), "- (no receiver)"));
        a.put("timestamping, sender", text(meta.path("timestamping").path("sender"), "- (no sender)"));
        a.put("host", text(meta.path("host").path("hostname"), "?") + ", kernel " + text(meta.path("host").path("kernel"), "?"));
        a.put("tsnlat version", text(meta.path("tool").path("version"), "?"));
        return a;
    }

    private static String text(JsonNode n, String absent) {
        return n.isMissingNode() || n.isNull() ? absent : n.asText();
    }

    private static List<String> withoutWhereWritten(List<String> command) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            if (WHERE_WRITTEN.contains(arg)) {
                i++;
            } else if (!WHERE_WRITTEN_FLAGS.contains(arg) && WHERE_WRITTEN.stream().noneMatch(w -> arg.startsWith(w + "="))) {
                out.add(arg);
            }
        }
        return out;
    }

    /** The value of {@code name} on the command line (either "--x v" or "--x=v"), else {@code absent}. */
    private static String option(List<String> command, String name, String absent) {
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).equals(name) && i + 1 < command.size()) return command.get(i + 1);
            if (command.get(i).startsWith(name + "=")) return command.get(i).substring(name.length() + 1);
        }
        return absent;
    }

    /** The destination; a port the run picked for itself (loopback `run`: bound where it sends) is left out. */
    private static String destination(JsonNode config) {
        String dest = text(config.path("destination"), "-");
        if (dest.equals(text(config.path("bind"), "")) && dest.lastIndexOf(':') > 0) {
            return dest.substring(0, dest.lastIndexOf(':')) + " (own port)";
        }
        return dest;
    }

    private static String shaping(JsonNode s) {
        if (!s.isObject()) return "none";
        String kind = text(s.path("kind"), "?").toLowerCase(java.util.Locale.ROOT);
        long rate = s.path("rateBitsPerSecond").asLong(0);
        String ptpClass = s.hasNonNull("ptpClass") ? ", PTP in the " + s.path("ptpClass").asText().toLowerCase(java.util.Locale.ROOT)
                + " class" : "";
        return (rate > 0 ? kind + " " + rate(rate) : kind) + ptpClass;
    }

    private static String load(JsonNode l) {
        long rate = l.path("rateBitsPerSecond").asLong(0);
        return (rate > 0 ? rate(rate) + " asked" : "asked") + ", " + l.path("sizeBytes").asLong() + " B, priority "
                + l.path("soPriority").asLong() + " to " + text(l.path("destination"), "?");
    }

    private static String rate(long bitsPerSecond) {
        return bitsPerSecond % 1_000_000 == 0 ? bitsPerSecond / 1_000_000 + " Mbit/s" : bitsPerSecond / 1000 + " kbit/s";
    }

    private static String placement(JsonNode tuning) {
        List<String> threads = new ArrayList<>();
        tuning.path("threads").forEach(t -> threads.add(t.asText()));
        return threads.isEmpty() ? "-" : String.join("; ", threads);
    }

    private static String length(JsonNode config) {
        long count = config.path("count").asLong(-1);
        long duration = config.path("durationNs").asLong(-1);
        if (count >= 0) return count + " probes";
        return duration >= 0 ? DurationNs.format(duration) : "until stopped";
    }

    private static String reflection(List<String> command) {
        if (command.contains("--no-reflect")) return "off (--no-reflect)";
        String every = option(command, "--reflect-every", "10");
        return every.equals("0") ? "off (--reflect-every 0)" : "1 probe in " + every;
    }
}
