package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.env.TaskStat;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.testing.NamedThreads;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * tune on threads this test starts (a JVM of its own named like a QEMU process, with a vhost
 * worker and a vCPU thread): check names each violation, apply fixes them, check then holds, and
 * undo puts back each thread's CPUs, policy and priority exactly, as /proc and sched_getaffinity
 * read them. No other thread of this host is touched: the plan names the child's own process name.
 */
@Needs(Need.ROOT)
class TuneThreadsTest {
    @TempDir Path tmp;
    private Process child;
    private Path link;

    @Test
    void checkApplyCheckUndoOnTheTestsOwnThreads() throws Exception {
        String process = "qemu-t" + ProcessHandle.current().pid() % 100000;
        link = tmp.resolve(process);
        child = new ProcessBuilder(NamedThreads.command(link, "vhost-4242@0", "CPU 1/KVM"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Integer> tids = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        while (tids.size() < 2) {
            String line = lines.readLine();
            assertThat(line).as("the child's threads start").isNotNull();
            String[] w = line.split(" ");
            tids.put(line.substring("thread ".length(), line.lastIndexOf(' ')), Integer.parseInt(w[w.length - 1]));
        }
        int vhost = tids.get("vhost-4242");
        int vcpu = tids.get("CPU 1/KVM");
        assertThat(comm(vhost)).isEqualTo("vhost-4242");
        assertThat(comm(vcpu)).isEqualTo("CPU 1/KVM");
        String vhostBefore = allowed(vhost);
        String vcpuBefore = allowed(vcpu);
        TaskStat vhostStat = stat(vhost);
        TaskStat vcpuStat = stat(vcpu);
        assertThat(vhostBefore).isEqualTo("0");
        assertThat(vcpuStat.policy()).isZero();

        Path plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, """
                threads:
                  - name: "vhost-*"
                    process: "%1$s"
                    cpus: 1
                    policy: fifo
                    priority: 10
                  - name: "CPU */KVM"
                    process: "%1$s"
                    cpus: 0
                    policy: rr
                    priority: 5
                """.formatted(process));
        Path state = tmp.resolve("state.json");

        Cli check = Cli.run("tune", "check", plan.toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(ExitCodes.NOT_AS_PLANNED);
        assertThat(check.out())
                .contains("VIOLATED thread vhost-* (process " + process + "): thread vhost-4242 (tid " + vhost)
                .contains("allowed on CPU 0, plan says 1")
                .contains("runs other 0, plan says fifo 10")
                .contains("thread CPU 1/KVM (tid " + vcpu)
                .contains("allowed on " + (vcpuBefore.matches("\\d+") ? "CPU " : "CPUs ") + vcpuBefore + ", plan says 0")
                .contains("runs other 0, plan says rr 5")
                .contains("2 items: 0 held, 2 violated, 0 unknown");

        Cli apply = Cli.run("tune", "apply", plan.toString(), "--state", state.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("changed  thread vhost-4242 (tid " + vhost)
                .contains("affinity 0 -> 1").contains("policy other 0 -> fifo 10")
                .contains("affinity " + vcpuBefore + " -> 0").contains("policy other 0 -> rr 5")
                .contains("4 changes made, 0 failed").contains("now: 2 items: 2 held, 0 violated, 0 unknown");
        assertThat(Files.readString(state)).contains("\"format\" : \"tsnlat-tune-state\"").contains("\"tid\" : " + vhost);
        assertThat(Scheduling.getAffinityOf(vhost)).isEqualTo(Cpus.parseList("1"));
        assertThat(Scheduling.getSchedulerOf(vhost)).isEqualTo(1);
        assertThat(Scheduling.getPriorityOf(vhost)).isEqualTo(10);
        assertThat(Scheduling.getSchedulerOf(vcpu)).isEqualTo(2);
        assertThat(Scheduling.getPriorityOf(vcpu)).isEqualTo(5);

        Cli again = Cli.run("tune", "check", plan.toString());
        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(again.out()).contains("held     thread vhost-* (process " + process + "): 1 thread as planned (CPUs 1, fifo 10)")
                .contains("2 items: 2 held, 0 violated, 0 unknown");

        Cli undo = Cli.run("tune", "undo", "--state", state.toString());
        assertThat(undo.exitCode()).as(undo.out() + undo.err()).isZero();
        assertThat(undo.out()).contains("restored thread CPU 1/KVM (tid " + vcpu).contains("affinity 0 -> " + vcpuBefore)
                .contains("4 restored, 0 gone, 0 failed");
        assertThat(state).doesNotExist();
        assertThat(allowed(vhost)).isEqualTo(vhostBefore);
        assertThat(allowed(vcpu)).isEqualTo(vcpuBefore);
        assertThat(Scheduling.getAffinityOf(vhost)).isEqualTo(Cpus.parseList(vhostBefore));
        assertThat(Scheduling.getAffinityOf(vcpu)).isEqualTo(Cpus.parseList(vcpuBefore));
        for (var t : Map.of(vhost, vhostStat, vcpu, vcpuStat).entrySet()) {
            TaskStat now = stat(t.getKey());
            assertThat(now.policy()).as("policy of " + t.getKey()).isEqualTo(t.getValue().policy());
            assertThat(now.rtPriority()).isEqualTo(t.getValue().rtPriority());
            assertThat(now.nice()).isEqualTo(t.getValue().nice());
        }
        Cli nothing = Cli.run("tune", "undo", "--state", state.toString());
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.out()).contains("nothing to undo: no state file");
    }

    @Test
    void undoSkipsAThreadThatHasEnded() throws Exception {
        String process = "qemu-u" + ProcessHandle.current().pid() % 100000;
        link = tmp.resolve(process);
        child = new ProcessBuilder(NamedThreads.command(link, "vhost-4343@0"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).startsWith("thread vhost-4343 ");
        Path plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, "threads:\n  - {name: \"vhost-*\", process: \"" + process + "\", cpus: 1}\n");
        Path state = tmp.resolve("state.json");
        assertThat(Cli.run("tune", "apply", plan.toString(), "--state", state.toString()).exitCode()).isZero();
        child.destroy();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Cli undo = Cli.run("tune", "undo", "--state", state.toString());
        assertThat(undo.exitCode()).as(undo.out()).isZero();
        assertThat(undo.out()).contains("gone     thread vhost-4343").contains("0 restored, 1 gone, 0 failed");
        assertThat(state).doesNotExist();
    }

    @AfterEach
    void endTheChild() throws Exception {
        if (child != null) {
            child.destroy();
            if (!child.waitFor(20, TimeUnit.SECONDS)) child.destroyForcibly();
        }
        if (link != null) Files.deleteIfExists(link); // the link to java, not java
    }

    private String allowed(int tid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc", Integer.toString(tid), "status"))) {
            if (l.startsWith("Cpus_allowed_list:")) return l.substring("Cpus_allowed_list:".length()).strip();
        }
        throw new AssertionError("no Cpus_allowed_list for " + tid);
    }

    private static String comm(int tid) throws Exception {
        return Files.readString(Path.of("/proc", Integer.toString(tid), "comm")).strip();
    }

    private static TaskStat stat(int tid) throws Exception {
        return TaskStat.parse(Files.readString(Path.of("/proc", Integer.toString(tid), "stat")));
    }
}
