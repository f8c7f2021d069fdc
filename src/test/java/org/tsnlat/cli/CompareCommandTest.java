package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/**
 * `tsnlat compare` leads with what differed in how the runs were made, then puts their figures
 * side by side (clock trust, sender counts, a reason for every absent figure), then the
 * environment differences grouped and summarised. Real run directories of short loopback runs.
 */
class CompareCommandTest {
    @TempDir Path runs;

    private Path run(String name, String... settings) {
        List<String> args = new ArrayList<>(List.of("run", "-n", "300", "--warmup", "0"));
        args.addAll(List.of(settings));
        args.addAll(List.of("--runs-dir", runs.resolve(name).toString(), "--no-live"));
        return Cli.run(args.toArray(String[]::new)).runDirectory();
    }

    private Cli compare(Path a, Path b, String names) {
        Cli c = Cli.run("compare", a.toString(), b.toString(), "--name", names, "--html", runs.resolve("compare.html").toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        return c;
    }

    /** The row labels of the leading "how they were made" section. */
    private static List<String> madeRows(String out) {
        List<String> lines = out.lines().toList();
        assertThat(lines.getFirst()).as(out).startsWith("how they were made, what differed (");
        List<String> labels = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) break;
            labels.add(line.strip().split(" {2,}")[0]);
        }
        return labels;
    }

    @Test
    void leadsWithThePeriodAndReflectionThatDifferedThenFiguresWithReasons() {
        Path a = run("a");
        Path b = run("b", "-i", "500us", "--reflect-every", "0");
        String out = compare(a, b, "slow,fast").out();
        assertThat(madeRows(out)).as(out).containsExactly("command line", "period", "reflection", "timestamping, sender");
        assertThat(out).startsWith("how they were made, what differed (slow | fast):\n")
                .containsPattern("(?m)^  period +1ms \\| 500us$")
                .containsPattern("(?m)^  reflection +1 probe in 10 \\| off \\(--reflect-every 0\\)$")
                .containsPattern("(?m)^  command line +run -n 300 --warmup 0 \\| run -n 300 --warmup 0 -i 500us --reflect-every 0$")
                .containsPattern("(?m)^  timestamping, sender +sw rx, sched tx, sw tx; no interface given \\| sched tx, sw tx; no interface given$")
                .containsPattern("(?m)^ +slow +fast$")
                .containsPattern("(?m)^packets received +300 +300$")
                .containsPattern("(?m)^intervals trusted +1 +1$")
                .containsPattern("(?m)^intervals untrusted +0 +0$")
                .containsPattern("(?m)^late wake-ups +\\d+ +\\d+$")
                .containsPattern("(?m)^send failures +0 +0$")
                .containsPattern("(?m)^rejected datagrams +0 +0$")
                .containsPattern("(?m)^reverse-latency p50 +[0-9.]+ +- \\(no reflections\\)$")
                .contains("environment, slow -> fast:")
                .doesNotContain("config.baseTimeNs")
                .doesNotContain("-> (none)");
        assertThat(out.indexOf("how they were made")).isLessThan(out.indexOf("packets received"));
        assertThat(out.indexOf("packets received")).isLessThan(out.indexOf("environment, slow -> fast:"));
    }

    @Test
    void aRunWhoseEveryIntervalIsUntrustedSaysSoWhereItsLatencyWouldBe() throws IOException {
        Path a = run("a");
        Path c = run("c", "-s", "200", "--inject-clock-fault", "step:+50ms@0s");
        String out = compare(a, c, "clean,faulty").out();
        assertThat(madeRows(out)).as(out).containsExactly("command line", "probe size", "clock fault injected");
        assertThat(out).containsPattern("(?m)^  probe size +64 bytes \\| 200 bytes$")
                .containsPattern("(?m)^  clock fault injected +none \\| step:\\+50ms@0s$")
                .containsPattern("(?m)^intervals trusted +1 +0$")
                .containsPattern("(?m)^intervals untrusted +0 +1$")
                .containsPattern("(?m)^packets excluded \\(untrusted\\) +0 +300$")
                .containsPattern("(?m)^latency p99 +[0-9.]+ +- \\(every interval untrusted\\)$")
                .containsPattern("(?m)^delta p50 +[0-9.]+ +[0-9.]+$");
        String html = Files.readString(runs.resolve("compare.html"));
        assertThat(html).contains("how they were made").contains("every interval untrusted");
    }

    @Test
    void offloadsFoldIntoOneLinePerInterfaceAndAMissingThreadIsNamed() throws IOException {
        Path a = run("a");
        Path b = copy(a, runs.resolve("b-copy"));
        JsonNode golden = RunDirectory.json().readTree(Path.of("src/test/resources/golden/env-v1.json").toFile());
        ObjectNode envA = golden.deepCopy();
        ObjectNode envB = golden.deepCopy();
        ObjectNode offloads = (ObjectNode) envB.path("net").path("eth0").path("offloads");
        List<String> flipped = new ArrayList<>();
        offloads.properties().forEach(e -> {
            if (flipped.size() < 12 && !e.getValue().asText().contains("[fixed]")) flipped.add(e.getKey());
        });
        for (String f : flipped) {
            offloads.put(f, offloads.path(f).asText().startsWith("on") ? "off" : "on");
        }
        ((ObjectNode) envB.path("threads")).remove("tsnlat-tx");
        ((ObjectNode) envB.path("net")).remove("lo");
        ((ObjectNode) envB.path("ptp")).remove("processes");
        ((ObjectNode) envB.path("unreadable")).put("ptp.processes", "no /proc access");
        setEnv(a, envA);
        setEnv(b, envB);
        String out = compare(a, b, "A,B").out();
        String env = out.substring(out.indexOf("environment, A -> B:"));
        assertThat(env).containsPattern("(?m)^    tsnlat-tx: no sender thread in B$")
                .containsPattern("(?m)^    lo: only in A$")
                .containsPattern("(?m)^    eth0 offloads: " + flipped.size() + " differ \\(" + flipped.getFirst()
                        + " (on|off) -> (on|off), .*, \\.\\.\\.\\)$")
                .containsPattern("(?m)^    processes ptp4l commandLine ptp4l -i eth0 .* -> \\(unreadable: no /proc access\\)$")
                .doesNotContain("-> (none)");
        assertThat(env.lines().filter(l -> l.contains("offloads"))).hasSize(1);
        assertThat(flipped).hasSizeGreaterThan(EnvironmentDifferences.OFFLOADS_NAMED);
    }

    private static void setEnv(Path dir, JsonNode env) throws IOException {
        Path meta = dir.resolve(RunDirectory.META);
        ObjectNode m = (ObjectNode) RunDirectory.json().readTree(meta.toFile());
        m.set("env", env);
        RunDirectory.json().writeValue(meta.toFile(), m);
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    @Test
    void mismatchedNamesAreUsageError() {
        Cli c = Cli.run("compare", runs.toString(), runs.toString(), "--name", "one");
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("--name gives 1 names for 2 directories");
    }
}
