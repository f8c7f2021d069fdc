package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tsnlat.exit.Exit;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Table-driven rules over every command's options: one vocabulary, help that teaches (issue 13). */
class OptionVocabularyTest {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    /** Every command, hidden or not, with its options. */
    static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        walk(Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE)).getCommandSpec(), all);
        return all;
    }

    private static void walk(CommandSpec spec, List<CommandSpec> all) {
        all.add(spec);
        spec.subcommands().values().forEach(c -> walk(c.getCommandSpec(), all));
    }

    static boolean isDuration(OptionSpec o) {
        return Arrays.stream(o.converters()).anyMatch(c -> c.getClass().getEnclosingClass() == Durations.class
                || c instanceof Ranges.TrustInterval);
    }

    @Test
    void everyDurationOptionTakesAUnitAndRefusesABareNumber() throws Exception {
        int durations = 0;
        for (CommandSpec c : commands()) {
            for (OptionSpec o : c.options()) {
                if (Set.of("SPAN", "PERIOD").contains(o.paramLabel())) {
                    assertThat(isDuration(o)).as(c.qualifiedName() + " " + o.longestName() + " is a duration").isTrue();
                }
                if (!isDuration(o)) continue;
                durations++;
                var converter = o.converters()[0];
                assertThatThrownBy(() -> converter.convert("5")).as(c.qualifiedName() + " " + o.longestName())
                        .hasMessageContaining("has no unit").hasMessageContaining(Durations.FORMS);
                assertThat(converter.convert("50ms")).as(o.longestName()).isEqualTo(50_000_000L);
            }
        }
        assertThat(durations).isGreaterThan(15);
        assertThat(Cli.run("run", "-i", "250").err()).contains("--period").contains("'250' has no unit")
                .contains("250us, 1ms");
    }

    @Test
    void oneLetterMeansOneThing() {
        Map<String, Set<String>> meanings = new TreeMap<>();
        for (CommandSpec c : commands()) {
            for (OptionSpec o : c.options()) {
                for (String n : o.names()) {
                    if (n.length() == 2) meanings.computeIfAbsent(n, k -> new TreeSet<>()).add(o.longestName());
                }
            }
        }
        assertThat(meanings).isNotEmpty();
        meanings.forEach((letter, names) -> assertThat(names).as(letter).hasSize(1));
    }

    /** Options that are truly different things under one name, each default said in its own help. */
    private static final Set<String> DEFAULTS_OF_THEIR_OWN = Set.of(
            "--period", // a probe's 1ms, a ptp watch sample's 1s
            "--count", // ptp watch's 0 (until Ctrl-C); the measuring commands have none
            "--size", // a probe's 64 bytes, a load datagram's 1472
            "--rate"); // load's stream rate; the shaped bottleneck's rate is said in its help

    @Test
    void theSameOptionHasTheSameDefaultEverywhere() {
        Map<String, Set<String>> defaults = new TreeMap<>();
        for (CommandSpec c : commands()) {
            for (OptionSpec o : c.options()) {
                if (o.defaultValue() != null && !o.usageHelp() && !o.versionHelp()) {
                    defaults.computeIfAbsent(o.longestName(), k -> new TreeSet<>()).add(o.defaultValue());
                }
            }
        }
        assertThat(defaults).containsKey("--duration");
        defaults.forEach((name, values) -> {
            if (!DEFAULTS_OF_THEIR_OWN.contains(name)) assertThat(values).as(name).hasSize(1);
        });
    }

    @Test
    void completionOffersOnlyWhatTheParserTakes() throws Exception {
        int checked = 0;
        for (CommandSpec c : commands()) {
            for (OptionSpec o : c.options()) {
                if (o.completionCandidates() == null) continue;
                for (String candidate : o.completionCandidates()) {
                    checked++;
                    CommandSpec fresh = CommandLine.Model.CommandSpec.forAnnotatedObject(c.userObject());
                    var cl = new CommandLine(fresh);
                    cl.setCaseInsensitiveEnumValuesAllowed(true);
                    List<String> args = new ArrayList<>(List.of(o.longestName(), candidate));
                    try {
                        cl.parseArgs(args.toArray(String[]::new)); // throws if the candidate is refused
                    } catch (CommandLine.MissingParameterException positionalOnly) {
                        // the candidate was taken; the command's own positional parameters are not given here
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
        String completion = Cli.run("generate-completion").out();
        assertThat(completion).doesNotContain("MONOTONIC").contains("(\"veth\" \"bridge\" \"macvlan\" \"vm\")");
    }

    @Test
    void optionsThatExcludeOrNeedAnotherAreRefusedAlikeInEveryCommand() {
        for (String cmd : List.of("run", "send 127.0.0.1")) {
            List<String> args = new ArrayList<>(List.of(cmd.split(" ")));
            args.addAll(List.of("-d", "1s", "-n", "10"));
            Cli c = Cli.run(args.toArray(String[]::new));
            assertThat(c.exitCode()).as(cmd).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).as(cmd).contains("--duration and --count exclude each other: give one");
        }
        assertThat(Cli.run("run", "--rate", "50mbit").err()).contains("--rate needs --shape tbf or --shape htb");
        assertThat(Cli.run("lab", "up", "--rate", "50mbit").err()).contains("--rate needs --shape tbf or --shape htb");
        assertThat(Cli.run("run", "--shape", "tbf").err()).contains("--shape needs --topology");
        assertThat(Cli.run("run", "--ptp-domain", "7").err()).contains("--ptp-domain needs --ptp-socket");
        assertThat(Cli.run("run", "--load-size", "100").err()).contains("--load-size needs --load");
        assertThat(Cli.run("run", "--load-cpu", "0").err()).contains("--load-cpu needs --load");
        assertThat(Cli.run("run", "--guest-net", "macvtap").err()).contains("--guest-net needs --topology vm");
        assertThat(Cli.run("run", "-t", "bridge", "--direction", "guest-to-host").err()).contains("--direction needs --topology vm");
        assertThat(Cli.run("run", "-t", "vm", "--direction", "sideways").err())
                .contains("unknown direction 'sideways'; expected one of host-to-guest, guest-to-host");
        assertThat(Cli.run("run", "--vhost-cpu", "0").err()).contains("--vhost-cpu needs --topology vm");
        assertThat(Cli.run("run", "-t", "vm", "--bidir", "--direction", "guest-to-host").err())
                .contains("--bidir measures both directions: give it without --direction");
        assertThat(Cli.run("lab", "up", "--guest-net", "macvtap").err()).contains("--guest-net needs --topology vm");
        assertThat(Cli.run("run", "--load-sink-cpu", "0").err()).contains("--load-sink-cpu needs --load");
        int cpus = org.tsnlat.linux.Cpus.online();
        Cli beyond = Cli.run("run", "--load", "1mbit", "--load-sink-cpu", Integer.toString(cpus));
        assertThat(beyond.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(beyond.err()).contains("--load-sink-cpu " + cpus + ": this machine has CPUs 0-" + (cpus - 1));
        assertThat(Cli.run("report", "runs/x", "--histogram-max", "100").err())
                .contains("--histogram-max needs --format histogram");
        Cli report = Cli.run("report", "runs/x", "--ptp-domain", "7");
        assertThat(report.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(report.err()).contains("Unknown options: '--ptp-domain'");
    }

    @Test
    void numbersAreTakenInTheFormsTheHelpShows() {
        var cl = Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE));
        var parsed = cl.parseArgs("send", "127.0.0.1", "--so-priority", "0x10010");
        SendCommand send = (SendCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(send.soPriority).isEqualTo(0x10010);
        assertThat(Cli.run("lab", "--help").out()).contains("--so-priority 0x10010");
        assertThat(Cli.run("load", "127.0.0.1", "--so-priority", "ten").err()).contains("'ten' is not a number");
    }

    @Test
    void theOldNamesStillWork() {
        var cl = Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE));
        var watch = (PtpWatchCommand) cl.parseArgs("ptp", "watch", "--socket", "/x", "--domain", "3", "--interval", "2s")
                .subcommand().subcommand().commandSpec().userObject();
        assertThat(watch.ptp.resolved().socket).isEqualTo(Path.of("/x"));
        assertThat(watch.ptp.domainNumber).isEqualTo(3);
        assertThat(watch.periodNs()).isEqualTo(2_000_000_000L);
        var run = (RunCommand) Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE)).parseArgs("run", "--lab", "bridge")
                .subcommand().commandSpec().userObject();
        assertThat(run.lab.topology).isEqualTo(org.tsnlat.lab.Topology.BRIDGE);
        assertThat(Cli.run("ptp", "watch", "--help").out()).doesNotContain("--interval").doesNotContain("--socket ");
    }

    @Test
    void everyCommandsHelpFormatsWithoutAWarning() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream(); // picocli's tracer writes to System.err
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String cmd : List.of("run", "send", "recv", "report", "explain", "compare", "env", "lab", "load", "ptp",
                    "tune", "agent", "campaign")) {
                Cli.run(cmd, "--help");
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void theReadmesTourParses() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String tour = readme.substring(readme.indexOf("## A tour"), readme.indexOf("## Scripts"));
        int parsed = 0;
        for (String line : tour.lines().toList()) {
            String command = line.replaceAll("#.*", "").strip();
            if (!command.startsWith("tsnlat ") || command.contains("|") || command.contains("<")) continue;
            String[] words = command.substring("tsnlat ".length()).split("\\s+");
            Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE)).parseArgs(words); // throws if refused
            parsed++;
        }
        assertThat(parsed).isGreaterThan(15);
    }

    @Test
    void eachMeasuringCommandOpensWithExamplesThatParse() {
        for (String cmd : List.of("run", "send", "recv", "report")) {
            String help = Cli.run(cmd, "--help").out();
            assertThat(help.indexOf("Examples:")).as(cmd).isPositive().isLessThan(help.indexOf("  -h, --help"));
            List<String> examples = Help.EXAMPLE_LINES.get(cmd);
            assertThat(examples.size() / 2).as(cmd).isBetween(3, 5);
            for (int i = 0; i < examples.size(); i += 2) {
                String line = examples.get(i);
                assertThat(help).contains(line);
                String[] words = line.substring("tsnlat ".length()).split(" ");
                Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE)).parseArgs(words); // throws if refused
            }
        }
    }

    @Test
    void eachCommandListsItsOwnExitCodesAndTheDocsSayTheSame() throws Exception {
        String page = Files.readString(Path.of("docs/exit-codes.md"));
        for (var entry : Help.CODES.entrySet()) {
            String help = Cli.run(entry.getKey(), "--help").out();
            for (Exit e : Exit.values()) {
                boolean listed = Pattern.compile("(?m)^ +" + e.code() + " +" + Pattern.quote(e.meaning().substring(0, 20)))
                        .matcher(help).find();
                assertThat(listed).as(entry.getKey() + " --help lists " + e.code()).isEqualTo(entry.getValue().contains(e));
            }
            Matcher row = Pattern.compile("(?m)^\\| [^|]*`" + entry.getKey() + "`[^|]*\\| ([^|]+) \\|$").matcher(page);
            assertThat(row.find()).as("docs/exit-codes.md has a row for " + entry.getKey()).isTrue();
            List<Integer> documented = new ArrayList<>();
            Matcher n = Pattern.compile("\\b(\\d+)\\b").matcher(row.group(1).replaceAll("\\([^)]*\\)", ""));
            while (n.find()) documented.add(Integer.parseInt(n.group(1)));
            assertThat(documented).as(entry.getKey()).isEqualTo(entry.getValue().stream().map(Exit::code).toList());
        }
    }

    @Test
    void helpWrapsOnlyAtSpacesAtEveryWidth() {
        int words = 0;
        for (int width = 80; width <= 160; width += 9) {
            CommandLine root = Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE));
            root.setUsageHelpWidth(width);
            for (CommandSpec c : commands()) {
                CommandLine cl = root;
                for (String name : c.qualifiedName().split(" ")) {
                    if (!name.equals("tsnlat")) cl = cl.getSubcommands().get(name);
                }
                String help = cl.getUsageMessage();
                Set<String> shown = new java.util.HashSet<>(Arrays.asList(help.split("\\s+")));
                List<String> texts = new ArrayList<>(Arrays.asList(cl.getCommandSpec().usageMessage().description()));
                cl.getCommandSpec().options().stream().filter(o -> !o.hidden()).forEach(o -> texts.addAll(Arrays.asList(o.description())));
                for (String text : texts) {
                    for (String word : text.strip().split("\\s+")) {
                        if (word.isEmpty() || word.contains("${")) continue;
                        words++;
                        assertThat(shown).as(c.qualifiedName() + " --help at width " + width + ": a word broken").contains(word);
                    }
                }
                for (String line : help.lines().toList()) {
                    assertThat(line.length()).as(c.qualifiedName() + " at " + width + ": " + line).isLessThanOrEqualTo(width);
                }
            }
        }
        assertThat(words).isGreaterThan(1000);
        assertThat(Cli.run("run", "--help").out().replaceAll("\\s+", " ")).contains("(default: ./runs)");
        assertThat(Cli.run("--help").out().replaceAll("\\s+", " ")).contains("(meta.json and the record files)");
    }

    @Test
    void aGroupWithoutItsCommandListsThemAndExits2() {
        for (String[] group : List.of(new String[0], new String[] {"env"}, new String[] {"lab"}, new String[] {"ptp"})) {
            Cli c = Cli.run(group);
            String name = String.join(" ", List.of(group));
            assertThat(c.exitCode()).as(name).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).as(name).contains("Usage: tsnlat" + (name.isEmpty() ? " " : " " + name)).contains("Commands:");
        }
    }

    @Test
    void anUnknownCommandOrOptionSuggestsTheNearest() {
        Cli c = Cli.run("recieve");
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("did you mean: recv");
        Cli o = Cli.run("run", "--duraton", "1s");
        assertThat(o.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("did you mean: --duration");
    }
}
