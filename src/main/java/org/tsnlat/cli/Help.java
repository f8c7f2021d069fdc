package org.tsnlat.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsnlat.exit.Exit;
import picocli.CommandLine;

/**
 * What --help and the man pages add to the annotations: each command's own exit codes (numbers and
 * texts from {@link Exit}, the one owner) and the examples the measuring commands open with.
 */
final class Help {
    private Help() {}

    static final String EXAMPLES = "examples";

    /** The codes each top-level command can return (docs/exit-codes.md, "What each command can return"). */
    static final Map<String, List<Exit>> CODES = Map.ofEntries(
            Map.entry("run", List.of(Exit.OK, Exit.FAILED, Exit.USAGE, Exit.NETWORK, Exit.RUN_DIRECTORY, Exit.LAB,
                    Exit.UNTRUSTED, Exit.END_NOT_SEEN, Exit.NOTHING_MEASURED, Exit.NOT_GRANTED, Exit.NOT_AS_PLANNED,
                    Exit.INTERRUPTED, Exit.TERMINATED)),
            Map.entry("send", List.of(Exit.OK, Exit.FAILED, Exit.USAGE, Exit.NETWORK, Exit.RUN_DIRECTORY,
                    Exit.NOTHING_MEASURED, Exit.NOT_GRANTED, Exit.NOT_AS_PLANNED, Exit.INTERRUPTED, Exit.TERMINATED)),
            Map.entry("recv", List.of(Exit.OK, Exit.FAILED, Exit.USAGE, Exit.NETWORK, Exit.RUN_DIRECTORY,
                    Exit.UNTRUSTED, Exit.END_NOT_SEEN, Exit.NOTHING_MEASURED, Exit.NOT_GRANTED, Exit.NOT_AS_PLANNED,
                    Exit.INTERRUPTED, Exit.TERMINATED)),
            Map.entry("report", List.of(Exit.OK, Exit.USAGE, Exit.RUN_DIRECTORY, Exit.UNTRUSTED, Exit.END_NOT_SEEN,
                    Exit.NOTHING_MEASURED, Exit.NOT_AS_PLANNED)),
            Map.entry("load", List.of(Exit.OK, Exit.USAGE, Exit.NETWORK, Exit.NOTHING_MEASURED)),
            Map.entry("compare", List.of(Exit.OK, Exit.USAGE, Exit.RUN_DIRECTORY)),
            Map.entry("env", List.of(Exit.OK, Exit.USAGE, Exit.RUN_DIRECTORY)),
            Map.entry("ptp", List.of(Exit.OK, Exit.USAGE, Exit.NETWORK)),
            Map.entry("lab", List.of(Exit.OK, Exit.USAGE, Exit.LAB)),
            Map.entry("tune", List.of(Exit.OK, Exit.USAGE, Exit.RUN_DIRECTORY, Exit.NOT_AS_PLANNED)),
            Map.entry("agent", List.of(Exit.USAGE, Exit.NETWORK, Exit.INTERRUPTED, Exit.TERMINATED)),
            Map.entry("campaign", List.of(Exit.OK, Exit.FAILED, Exit.USAGE, Exit.NETWORK, Exit.RUN_DIRECTORY,
                    Exit.UNTRUSTED, Exit.END_NOT_SEEN, Exit.NOTHING_MEASURED, Exit.NOT_AS_PLANNED, Exit.INTERRUPTED,
                    Exit.TERMINATED)));

    /** Commands that are not in {@link #CODES} (tsnlat itself, help, completion, man pages, synth). */
    static final List<Exit> OTHER_CODES = List.of(Exit.OK, Exit.USAGE, Exit.RUN_DIRECTORY);

    /** Real command lines, each with what it does: the first thing a measuring command's help shows. */
    static final Map<String, List<String>> EXAMPLE_LINES = Map.of(
            "run", List.of(
                    "tsnlat run", "10 s over loopback, one 64-byte probe per 1ms",
                    "tsnlat run -d 1m -i 250us --ipv6", "a minute, a probe every 250us, over ::1",
                    "tsnlat run -n 100000 --warmup 0 --runs-dir /tmp/runs", "100000 probes, none kept out",
                    "tsnlat run --transport l2 -t bridge --vlan 3 --pcp 6", "Ethernet frames, tagged, over a lab's bridge (on lo without -t)",
                    "tsnlat run -t bridge --shape htb --rate 50mbit --load 100mbit --ptp -d 1m",
                    "as root: a lab, a shaped bottleneck, background load, ptp4l"),
            "send", List.of(
                    "tsnlat send 192.0.2.10 -d 10m", "to a 'tsnlat recv' at 192.0.2.10:7788 for 10 minutes",
                    "tsnlat send [fd00::10]:7788 -i 250us -n 1000000", "a million probes, one every 250us, over IPv6",
                    "tsnlat send 192.0.2.10 --so-priority 0x10010 --cpu 2", "in tc class 1:10, from CPU 2",
                    "tsnlat send --transport l2 192.0.2.10 --vlan 7 --pcp 5", "raw Ethernet frames, 802.1Q tagged, to 192.0.2.10's MAC (docs/tsn.md)",
                    "tsnlat send 192.0.2.10 --ptp-socket /var/run/ptp4l --key-file tsnlat.key",
                    "read ptp4l as clock evidence; authenticated probes"),
            "recv", List.of(
                    "tsnlat recv", "listen on 0.0.0.0:7788 until the sender's end of session",
                    "tsnlat recv -b [::]:7788 -d 10m", "IPv6, stop after 10 minutes",
                    "tsnlat recv --ptp-socket /var/run/ptp4l --max-ptp-offset 1us", "judge the clocks by ptp4l, strictly",
                    "tsnlat recv --chrony --silence 10s", "chronyd as clock evidence; stop 10s after the last probe",
                    "tsnlat recv --transport l2 --interface eth0", "probes in Ethernet frames on eth0; reports the PCP they arrived with"),
            "report", List.of(
                    "tsnlat report runs/20261126-062921-run", "the summary again, from the directory alone",
                    "tsnlat report runs/20261126-062921-run --max-ptp-offset 1us", "judge the clocks again with another limit",
                    "tsnlat report runs/20261126-062921-run -f csv -o run.csv", "one row per packet",
                    "tsnlat report runs/20261126-062921-run -f png -o run.png", "the charts as an image (needs chromium)"),
            "tune", List.of(
                    "tsnlat tune check host.yaml", "is this host set up as the plan says? (read only)",
                    "sudo tsnlat tune apply host.yaml", "pin the threads and IRQs, set RPS/XPS; say which boot line is missing",
                    "sudo tsnlat tune undo", "put back exactly what apply changed"),
            "tune check", List.of(
                    "tsnlat tune check host.yaml", "each item held, VIOLATED (with what was found) or unknown (and why)",
                    "tsnlat tune check host.yaml --violated", "only what does not hold",
                    "tsnlat tune check host.yaml && tsnlat run -d 10m", "measure only on a host as planned"),
            "tune apply", List.of(
                    "sudo tsnlat tune apply host.yaml", "change what can change now, keep the old values in the state file",
                    "sudo tsnlat tune apply host.yaml --state /tmp/tune.json", "keep them elsewhere"),
            "tune undo", List.of(
                    "sudo tsnlat tune undo", "restore what 'tune apply' changed, then delete the state file",
                    "sudo tsnlat tune undo --state /tmp/tune.json", "from that state file"));

    /** The exit codes of this command (a subcommand has its top-level command's). */
    static List<Exit> codes(CommandLine.Model.CommandSpec spec) {
        CommandLine.Model.CommandSpec top = spec;
        while (top.parent() != null && top.parent().parent() != null) top = top.parent();
        return top.parent() == null ? OTHER_CODES : CODES.getOrDefault(top.name(), OTHER_CODES);
    }

    /** Code to meaning, for picocli's exit-code list. */
    static Map<String, String> table(List<Exit> codes) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Exit e : codes) m.put(Integer.toString(e.code()), e.meaning());
        return m;
    }

    /** Gives every command its exit codes and, where it has them, its examples after the description. */
    static void install(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(table(codes(spec)));
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> SpaceWrappingHelp.description(help.commandSpec()));
        List<String> examples = spec.parent() == null ? null
                : EXAMPLE_LINES.get(spec.qualifiedName().substring(spec.root().name().length()).strip());
        if (examples != null) {
            cl.getHelpSectionMap().put(EXAMPLES, help -> examples(examples));
            List<String> keys = new ArrayList<>(cl.getHelpSectionKeys());
            keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION) + 1, EXAMPLES);
            cl.setHelpSectionKeys(keys);
        }
        cl.getSubcommands().values().forEach(Help::install);
    }

    /** The examples as help prints them: the command line, its comment under it. */
    static String examples(List<String> lines) {
        StringBuilder b = new StringBuilder(String.format("%nExamples:%n"));
        for (int i = 0; i < lines.size(); i += 2) {
            b.append("  ").append(lines.get(i)).append(String.format("%n"))
                    .append("      ").append(lines.get(i + 1)).append(String.format("%n"));
        }
        return b.append(String.format("%n")).toString();
    }
}
