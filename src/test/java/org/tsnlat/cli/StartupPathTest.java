package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import picocli.CommandLine;

/**
 * What the way to the first probe leaves out or moves must still be there: the command model of one
 * subcommand (not of all), and the environment snapshot taken beside the first probes of the
 * warm-up (not before them).
 */
class StartupPathTest {
    private static final PrintStream NOWHERE = new PrintStream(java.io.OutputStream.nullOutputStream());
    private static final List<String> ALL = List.of("run", "send", "recv", "report", "explain", "compare", "synth",
            "env", "lab", "load", "ptp", "tune", "agent", "campaign", "help", "generate-completion", "gen-manpage");

    private static List<String> subcommands(String... args) {
        CommandLine cl = Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE), args);
        return List.copyOf(cl.getSubcommands().keySet());
    }

    @Test
    void aNamedCommandGetsItsOwnModelAlone() {
        assertThat(subcommands("run", "-d", "1s")).containsExactly("run");
        assertThat(subcommands("recv", "--help")).containsExactly("recv");
        assertThat(subcommands("lab", "up", "-t", "bridge")).containsExactly("lab");
        assertThat(Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE), new String[] {"ptp", "watch"})
                .getSubcommands().get("ptp").getSubcommands().keySet()).contains("status", "watch");
    }

    @Test
    void whatReadsTheWholeTreeGetsEveryCommand() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"--version"},
                new String[] {"rn"}, new String[] {"help", "run"}, new String[] {"generate-completion"},
                new String[] {"gen-manpage", "/tmp/x"}, new String[] {"Run"})) {
            assertThat(subcommands(args)).as(String.join(" ", args)).containsExactlyElementsOf(ALL);
        }
    }

    @Test
    void usageAndHelpStillListAndExplainEveryCommand() {
        Cli usage = Cli.run("--help");
        assertThat(usage.exitCode()).isZero();
        for (String c : ALL) {
            if (c.equals("synth")) continue; // hidden: a tool for the tests and the docs
            assertThat(usage.out()).containsPattern("(?m)^  " + c + " ");
        }
        Cli help = Cli.run("help", "recv");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: tsnlat recv");
        Cli own = Cli.run("send", "--help");
        assertThat(own.out()).startsWith("Usage: tsnlat send");
        Cli wrong = Cli.run("rnu");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("'rnu'");
    }

    @Test
    void picocliIsOfAClassFileVersionTheStartUpCacheKeeps() throws Exception {
        // the JVM's AOT cache leaves out classes older than version 50; picocli ships version 49
        // and the build rewrites it (src/build/UpgradeClassFiles.java): these are the classes tsnlat loads
        for (Class<?> c : List.of(CommandLine.class, CommandLine.Model.CommandSpec.class, picocli.AutoComplete.class)) {
            try (var in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
                assertThat(in).as(c.getName()).isNotNull();
                byte[] head = in.readNBytes(8);
                int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
                assertThat(major).as(c.getName() + " class-file version").isGreaterThanOrEqualTo(52);
            }
        }
        assertThat(Cli.run("run", "--help").out()).startsWith("Usage: tsnlat run"); // and it still works
    }

    @Test
    void theEnvironmentTakenBesideTheWarmUpIsInMetaJsonAsBefore(@TempDir Path runs) throws Exception {
        // the default warm-up (2 s): the snapshot runs beside the first probes; --warmup 0: before them
        for (List<String> warmup : List.of(List.<String>of(), List.of("--warmup", "0"))) {
            List<String> args = new java.util.ArrayList<>(List.of("run", "-n", "300", "--no-live", "--policy", "OTHER",
                    "--runs-dir", runs.resolve("w" + warmup.size()).toString()));
            args.addAll(warmup);
            Cli run = Cli.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isIn(0, 6);
            JsonNode meta = RunDirectory.json().readTree(run.runDirectory().resolve("meta.json").toFile());
            JsonNode env = meta.path("env");
            assertThat(env.has("error")).as(env.toString()).isFalse();
            assertThat(env.path("kernel").isObject()).as("kernel in " + warmup).isTrue();
            List<String> threads = java.util.stream.StreamSupport.stream(env.path("threads").spliterator(), false)
                    .map(t -> t.path("comm").asText()).collect(Collectors.toList());
            assertThat(threads).as("threads in " + warmup).contains("tsnlat-rx", "tsnlat-tx");
            assertThat(meta.at("/config/baseTimeNs").asLong()).isPositive();
        }
    }
}
