package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.FifoHog;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * Issue 14's first two acceptances: a SCHED_FIFO thread at a higher priority than the measuring
 * threads, pinned to the receiver's (then the sender's) CPU, spinning 2 ms every 500 ms during a
 * 16 s run at 1 ms. The probes it delays (those whose time from schedule to app RX overlaps a spin)
 * are outliers of --explain, and at least 90 % of those explained name the hog, with a run of it on
 * that CPU within 10 % of its spin (and not beyond its hold of the CPU by more than its own waking and
 * sleeping take); the late stage is the pick-up (the probe was in the kernel, the
 * receiver could not run), then the wake-up (the sender's timer fired, the sender could not run).
 * The tracefs instance is gone afterwards and tracing_on as it was.
 */
@Needs(Need.ROOT)
class ExplainHogTest {
    private static final long SPIN_NS = 2_000_000;
    private static final long EVERY_NS = 500_000_000;
    private static final String HOG = FifoHog.NAME;

    @TempDir Path runs;

    @Test
    void aFifoHogOnTheReceiversCpuIsNamedForTheOutliersItCausesInTheirPickUp() throws Exception {
        hogRun(0, "pick-up", "the receiver's");
    }

    @Test
    void aFifoHogOnTheSendersCpuIsNamedForTheOutliersItCausesInTheirWakeUp() throws Exception {
        hogRun(1, "wake-up", "the sender's");
    }

    /** The receiver on CPU 0, the sender on CPU 1, the hog on {@code cpu}: its outliers late in {@code stage}. */
    private void hogRun(int cpu, String stage, String whose) throws Exception {
        Path tracing = Path.of("/sys/kernel/tracing");
        String tracingOnBefore = Files.exists(tracing.resolve("tracing_on")) ? Files.readString(tracing.resolve("tracing_on")) : null;
        List<long[]> spins = new CopyOnWriteArrayList<>();
        Process hog = new ProcessBuilder(FifoHog.command(cpu, 90, SPIN_NS, EVERY_NS / 1_000_000))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var hogOut = new java.io.BufferedReader(new java.io.InputStreamReader(hog.getInputStream()));
        assertThat(hogOut.readLine()).as("the hog's first line").isEqualTo("ready");
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try {
                for (String line; (line = hogOut.readLine()) != null;) {
                    String[] f = line.split(" ");
                    if (f.length == 4 && f[0].equals("spin")) {
                        spins.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
                    }
                }
            } catch (java.io.IOException e) {
                // the hog was ended: its spins are all in
            }
        });
        // the run in a JVM of its own: the test JVM's collections and compilations (hundreds of tests
        // in) would make outliers of their own, bigger than the hog's, and crowd its episodes out
        int exit;
        Path out = runs.resolve("out.txt");
        try {
            exit = Cli.inChildJvm(out, 120, "run", "-d", "16s", "--rx-cpu", "0", "--tx-cpu", "1", "--explain", "--runs-dir",
                    runs.resolve("runs").toString(), "--no-live").exitCode();
        } finally {
            hog.destroy(); // the hog we started, by its handle
            if (!hog.waitFor(10, TimeUnit.SECONDS)) hog.destroyForcibly();
            reader.join(5_000);
        }
        String both = Files.readString(out);
        assertThat(exit).as(both).isZero();
        Path dir;
        try (var dirs = Files.list(runs.resolve("runs"))) {
            dir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(dir.resolve("trace/trace.txt")).isNotEmptyFile();
        JsonNode report = RunDirectory.json().readTree(dir.resolve(RunDirectory.REPORT_JSON).toFile());
        long start = report.path("startNs").asLong();
        long period = report.path("periodNs").asLong();
        JsonNode outliers = report.path("outliers");
        assertThat(outliers.isObject()).as("report.json's outliers: " + both).isTrue();

        int caused = 0;
        long beyondHold = Long.MIN_VALUE; // the most the hog's run named went beyond its hold, for the record
        List<String> notNamed = new ArrayList<>();
        for (JsonNode o : outliers.path("explained")) {
            long scheduled = start + o.path("seq").asLong() * period;
            long appRx = scheduled + o.path("latenessNs").asLong();
            long[] spin = spins.stream().filter(s -> s[0] < appRx && scheduled < s[1]).findFirst().orElse(null);
            boolean onHogCpu = false;
            for (JsonNode c : o.path("cpus")) onHogCpu |= c.asInt() == cpu;
            // caused by the hog: during one of its spins, and late on its CPU (a late stage on the other
            // CPU meanwhile, e.g. an idle vCPU the hypervisor did not run, is not the hog's doing)
            if (spin == null || !onHogCpu) continue;
            caused++;
            long spun = spin[1] - spin[0]; // as the hog measured its own spin (steal and interrupts in it included)
            long held = spin[2] - spin[0]; // and its hold of the CPU, but for going to sleep
            boolean named = false;
            for (JsonNode c : o.path("causes")) {
                long stretch = c.path("stretchNs").asLong();
                // its run on the CPU covers the spin (at least 90 % of it), and is not longer than its hold
                // by more than waking up before it and going to sleep after it take the hog, interpreted: up to
                // 1.4 ms seen with three CPU-bound processes beside the run (stop 29), so 2 ms
                if (c.path("cause").asText().contains(HOG)) beyondHold = Math.max(beyondHold, stretch - held);
                if (c.path("cause").asText().contains(HOG) && stretch >= spun - spun / 10 && stretch <= held + 2_000_000) {
                    named = true;
                }
            }
            if (!named || !stage.equals(o.path("lateStage").asText())) notNamed.add("spin of " + spun + " ns, held " + held + " ns: " + o);
        }
        System.out.printf("--explain with a 2 ms FIFO hog every 500 ms on %s CPU: %d outliers, %d explained,"
                + " %d during a spin, %d of them not the hog's %s; its run named at most %d us beyond its hold%n", whose,
                outliers.path("count").asLong(), outliers.path("explained").size(), caused, notNamed.size(), stage,
                beyondHold / 1000);
        assertThat(caused).as("outliers during the hog's %d spins", spins.size()).isGreaterThanOrEqualTo(8);
        assertThat(notNamed.size()).as("outliers during a spin not blamed on the hog in their %s: %s", stage, notNamed)
                .isLessThanOrEqualTo(caused / 10);
        assertThat(Files.readString(dir.resolve(RunDirectory.REPORT_TXT))).contains("outliers (--explain").contains(HOG);
        assertThat(both).contains("outliers (--explain");
        // only the trace around late probes is kept: less than the kernel wrote
        var kept = java.util.regex.Pattern.compile("kernel trace: ([0-9.]+) MB of ([0-9.]+) MB kept").matcher(both);
        assertThat(kept.find()).as(both).isTrue();
        assertThat(Double.parseDouble(kept.group(1))).as(both).isLessThan(Double.parseDouble(kept.group(2)));
        assertThat(Files.size(dir.resolve("trace/trace.txt"))).isLessThanOrEqualTo((long) (Double.parseDouble(kept.group(1)) * 1e6) + 100_000);

        if (tracingOnBefore != null) { // tracefs was mounted before: it stays, as it was; else the run unmounted what it mounted
            try (var s = Files.list(tracing.resolve("instances"))) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.equals("tsnlat-" + ProcessHandle.current().pid()));
            }
            assertThat(Files.readString(tracing.resolve("tracing_on"))).isEqualTo(tracingOnBefore);
        } else {
            assertThat(tracing.resolve("instances")).doesNotExist();
        }
    }
}
