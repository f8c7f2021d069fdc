package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.rundir.RunDirectory;

/**
 * {@code run --plan} over loopback (issue 15): a plan that holds is kept, before the first probe
 * and at the end; the receiving thread moved to another CPU while the run measures breaks the plan
 * at the end, and the summary, meta.json and the exit code say so, naming the thread; --plan-strict
 * refuses a run whose plan is off from the start; a bad plan is refused before any warm-up; compare
 * leads with the plans. No root needed: the threads are SCHED_OTHER, placed with --rx-cpu 0 and
 * --tx-cpu 1 (a process may set its own threads' CPUs), on the 2 CPUs every test machine has.
 */
class PlanRunTest {
    /** Receiver on CPU 0, sender on CPU 1, and one host-wide item any Linux holds. */
    private static final String KEPT_PLAN = """
            # this run's own threads, placed by --rx-cpu 0 --tx-cpu 1
            threads:
              - name: tsnlat-rx
                cpus: 0
              - name: tsnlat-tx
                cpus: 1
            rtThrottling:
              periodUs: %s
            """;

    @TempDir static Path tmp;
    static Path keptPlan;
    static Cli kept;

    @BeforeAll
    static void measureWithAPlanThatHolds() throws Exception {
        String period; // one large read: /proc/sys answers only a read at offset 0 (Files.readString gets "1" of "1000000")
        try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/sched_rt_period_us"))) {
            period = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
        keptPlan = write("kept.yaml", KEPT_PLAN.formatted(period));
        kept = run(tmp.resolve("runs-kept"), "--count", "1500", "--plan", keptPlan.toString());
    }

    @Test
    void aPlanThatHoldsIsKeptBeforeTheFirstProbeAndAtTheEnd() throws Exception {
        assertThat(kept.exitCode()).as(kept.out() + kept.err()).isZero();
        assertThat(kept.out()).contains("plan: kept (3 items held, 0 unknown, before the first probe and at the end; "
                + keptPlan + ")");
        Path dir = kept.runDirectory();
        JsonNode plan = RunDirectory.json().readTree(dir.resolve("meta.json").toFile()).path("plan");
        assertThat(plan.path("path").asText()).isEqualTo(keptPlan.toString());
        assertThat(plan.path("sha256").asText()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(keptPlan))));
        assertThat(plan.path("strict").asBoolean()).isFalse();
        for (String check : List.of("before", "end")) {
            assertThat(plan.path(check)).as(check).hasSize(3);
            assertThat(plan.path(check).findValuesAsText("verdict")).as(check).containsOnly("held");
            assertThat(plan.path(check).get(0).path("item").asText()).isEqualTo("thread tsnlat-rx");
            assertThat(plan.path(check).get(0).path("evidence").get(0).asText()).isEqualTo("1 thread as planned (CPUs 0)");
        }
        JsonNode report = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
        assertThat(report.at("/plan/kept").asBoolean()).isTrue();
        assertThat(report.at("/plan/held").asInt()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("report.html"))).contains("plan: kept (3 items held");
        Cli again = Cli.run("report", dir.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("plan: kept (3 items held");
    }

    @Test
    void aRunDirectoryFromBeforeThePlanFieldStillReads() throws Exception {
        Path dir = kept.runDirectory();
        Path old = tmp.resolve("before-plans");
        Files.createDirectories(old);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, old.resolve(f.getFileName()));
        }
        ObjectNode meta = (ObjectNode) RunDirectory.json().readTree(old.resolve("meta.json").toFile());
        meta.remove("plan");
        Files.writeString(old.resolve("meta.json"), RunDirectory.json().writeValueAsString(meta));
        Cli report = Cli.run("report", old.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("run: complete").doesNotContain("plan:");
    }

    @Test
    void theReceivingThreadMovedMidRunBreaksThePlanAtTheEnd() throws Exception {
        Path runs = tmp.resolve("runs-moved");
        CliInBackground running = CliInBackground.start(args(runs, "--count", "4000", "--plan", keptPlan.toString()));
        int rx = -1;
        try {
            awaitReady(runs, running);
            rx = ownThread("tsnlat-rx");
            Scheduling.setAffinityOf(rx, cpus(1)); // as a careless 'taskset -p' would
            Integer exit = running.exitCode(60_000);
            assertThat(exit).as(running.out() + running.err()).isEqualTo(ExitCodes.NOT_AS_PLANNED);
        } finally {
            if (rx > 0 && "tsnlat-rx".equals(comm(rx))) Scheduling.setAffinityOf(rx, cpus(0)); // the run did not end
        }
        String violation = "thread tsnlat-rx: thread tsnlat-rx (tid " + rx + ", pid " + ProcessHandle.current().pid();
        assertThat(running.out()).contains("plan: NOT KEPT (" + keptPlan + "): at the end: " + violation)
                .contains("allowed on CPU 1, plan says 0")
                .containsPattern("(?m)^exit 10: the host did not hold to its plan " + keptPlan + ": at the end: ");
        assertThat(running.err()).contains("NOT AS PLANNED at the end (" + keptPlan + "): " + violation);
        Path dir = new Cli(ExitCodes.NOT_AS_PLANNED, running.out(), running.err()).runDirectory();
        JsonNode plan = RunDirectory.json().readTree(dir.resolve("meta.json").toFile()).path("plan");
        assertThat(plan.path("before").get(0).path("verdict").asText()).isEqualTo("held");
        JsonNode end = plan.path("end").get(0);
        assertThat(end.path("item").asText()).isEqualTo("thread tsnlat-rx");
        assertThat(end.path("verdict").asText()).isEqualTo("violated");
        assertThat(end.path("evidence").get(0).asText()).contains("(tid " + rx + ",").endsWith("allowed on CPU 1, plan says 0");
        assertThat(plan.path("end").get(1).path("verdict").asText()).as("the sender stayed").isEqualTo("held");
        JsonNode report = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
        assertThat(report.at("/outcome/exit").asInt()).isEqualTo(10);
        assertThat(report.at("/plan/kept").asBoolean()).isFalse();
        assertThat(Cli.run("report", dir.toString()).exitCode()).as("report of the directory agrees").isEqualTo(10);
    }

    @Test
    void strictRefusesARunWhosePlanIsOffFromTheStart() throws Exception {
        Path runs = tmp.resolve("runs-strict");
        Path plan = write("rx-on-1.yaml", "threads:\n  - name: tsnlat-rx\n    cpus: 1\n");
        // a warm-up of 1 s or more has the JIT warm-up beside it: the refusal cuts it short, and says only why
        Cli refused = run(runs, "--count", "1000", "--warmup", "1s", "--plan", plan.toString(), "--plan-strict");
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(ExitCodes.NOT_AS_PLANNED);
        assertThat(refused.err()).contains("tsnlat run: the host does not hold to its plan " + plan
                + " (--plan-strict): thread tsnlat-rx: thread tsnlat-rx (tid ").contains("allowed on CPU 0, plan says 1; nothing measured")
                .doesNotContain("JIT warm-up:");
        assertThat(refused.out()).doesNotContain("Total:").doesNotContain("run directory:");
        try (Stream<Path> left = Files.list(runs)) {
            assertThat(left.toList()).as("no run directory left behind").isEmpty();
        }
    }

    @Test
    void aBadPlanIsRefusedBeforeAnyWarmUpOnEveryMeasuringCommand() throws Exception {
        Path bad = write("bad.yaml", "threads:\n  - name: tsnlat-rx\n    cpu: 0\n");
        Path runs = tmp.resolve("runs-bad");
        List<List<String>> commands = List.of(List.of("run"), List.of("send", "127.0.0.1:9"), List.of("recv", "-b", "127.0.0.1:0"));
        for (List<String> command : commands) {
            List<String> a = new ArrayList<>(command);
            a.addAll(List.of("--plan", bad.toString(), "--runs-dir", runs.toString(), "--no-live"));
            Cli c = Cli.run(a.toArray(String[]::new));
            assertThat(c.exitCode()).as(command + ": " + c.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).as(command.getFirst()).contains(bad + " line 3: unknown key 'cpu' in threads[0]")
                    .doesNotContain("warming up");
        }
        assertThat(runs).doesNotExist();
        Cli alone = Cli.run("run", "--plan-strict", "--runs-dir", runs.toString());
        assertThat(alone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(alone.err()).contains("--plan-strict needs --plan");
    }

    @Test
    void compareShowsThePlansFirst() throws Exception {
        Path plan = write("rx-on-1-warn.yaml", "threads:\n  - name: tsnlat-rx\n    cpus: 1\n");
        Cli off = run(tmp.resolve("runs-off"), "--count", "1000", "--plan", plan.toString());
        assertThat(off.exitCode()).as(off.err()).isEqualTo(ExitCodes.NOT_AS_PLANNED);
        assertThat(off.err()).contains("NOT AS PLANNED before the first probe (" + plan + "): thread tsnlat-rx: ")
                .contains("measuring anyway (--plan-strict refuses)");
        assertThat(off.out()).contains("plan: NOT KEPT (" + plan + "): before the first probe and at the end: thread tsnlat-rx: ");

        Cli compare = Cli.run("compare", kept.runDirectory().toString(), off.runDirectory().toString(), "--name",
                "kept,off", "--html", tmp.resolve("compare.html").toString());
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        List<String> lines = compare.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("host plans (--plan), what differed (kept | off):");
        assertThat(lines.get(1)).startsWith("  plan  " + keptPlan + " (sha256 ").contains(" | " + plan + " (sha256 ");
        assertThat(lines.get(2)).startsWith("  kept  kept | NOT KEPT: before the first probe and at the end: thread tsnlat-rx: ");
        assertThat(compare.out().indexOf("host plans")).isLessThan(compare.out().indexOf("how they were made"));
        assertThat(Files.readString(tmp.resolve("compare.html"))).contains("host plans (--plan), what differed");
    }

    private static Cli run(Path runs, String... more) {
        return Cli.run(args(runs, more));
    }

    /** A short loopback run, SCHED_OTHER, the receiver on CPU 0 and the sender on CPU 1; no warm-up unless {@code more} gives one. */
    private static String[] args(Path runs, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--period", "1ms", "--policy", "OTHER",
                "--rx-cpu", "0", "--tx-cpu", "1", "--no-live", "--runs-dir", runs.toString()));
        if (!List.of(more).contains("--warmup")) a.addAll(List.of("--warmup", "0"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** Waits until the run measures: its directory's ready file exists (the check before the first probe is made). */
    private static void awaitReady(Path runs, CliInBackground running) throws Exception {
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until) {
            if (Files.isDirectory(runs)) {
                try (Stream<Path> dirs = Files.list(runs)) {
                    Optional<Path> ready = dirs.map(d -> d.resolve(RunDirectory.READY)).filter(Files::exists).findFirst();
                    if (ready.isPresent()) return;
                }
            }
            assertThat(running.exitCode(0)).as(running.out() + running.err()).isNull();
            Thread.sleep(20);
        }
        throw new AssertionError("the run was not ready within 30 s: " + running.err());
    }

    /** The id of this JVM's thread named {@code name}. */
    private static int ownThread(String name) throws Exception {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            List<Integer> found = tasks.map(t -> Integer.parseInt(t.getFileName().toString()))
                    .filter(tid -> name.equals(comm(tid))).toList();
            assertThat(found).as("threads named " + name).hasSize(1);
            return found.getFirst();
        }
    }

    private static String comm(int tid) {
        try {
            return Files.readString(Path.of("/proc/self/task", Integer.toString(tid), "comm")).strip();
        } catch (java.io.IOException e) {
            return null; // the thread has ended
        }
    }

    private static BitSet cpus(int cpu) {
        BitSet b = new BitSet();
        b.set(cpu);
        return b;
    }
}
