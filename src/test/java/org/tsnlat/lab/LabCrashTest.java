package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * A lab whose maker died (SIGKILL in the middle of up, or a JVM that exited after up) is still
 * taken down completely, ptp4l processes that are no child of the JVM included.
 */
@Needs({Need.ROOT, Need.IP, Need.TC, Need.PTP4L, Need.PMC})
class LabCrashTest {
    static final String KILLED = "tl-crash-killed";
    static final String EXITED = "tl-crash-exited";

    @TempDir Path temp;

    @AfterAll
    static void down() {
        LabChecks.downQuietly(KILLED);
        LabChecks.downQuietly(EXITED);
    }

    @Test
    void upKilledMidwayIsRemovedByDown() throws Exception {
        Set<String> rootLinks = LabChecks.rootLinks();
        Process p = upInAnotherJvm(KILLED, temp.resolve("out.txt"));
        try {
            awaitMadeUntil(p, KILLED, s -> s.made().stream().anyMatch(r -> r.kind() == Resource.Kind.PTP4L),
                    temp.resolve("out.txt"));
            p.destroyForcibly(); // SIGKILL while up is starting ptp4l
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        StateFile journal = StateFile.read(KILLED).orElseThrow();
        assertThat(journal.complete()).isFalse();
        LabState half = Lab.status(KILLED).orElseThrow();
        assertThat(half.health().ok()).isFalse();
        assertThatThrownBy(() -> Lab.up(new LabSpec(KILLED, Topology.MACVLAN, null, false)))
                .isInstanceOf(LabException.class)
                .hasMessage("lab '" + KILLED + "' is half up (its set-up did not finish) (macvlan since "
                        + journal.createdAt() + "); run 'tsnlat lab down --name " + KILLED + "' first");

        List<Long> pids = new ArrayList<>(half.ptp4lPids().values());
        for (Role host : List.of(Role.TALKER, Role.LISTENER)) {
            pids.addAll(Ptp4l.findByConfig(Ptp4l.config(half.stateDirectory(), host)));
        }
        assertThat(Lab.down(KILLED)).isTrue();
        LabChecks.assertNothingLeft(KILLED, rootLinks, pids);
        for (Role host : List.of(Role.TALKER, Role.LISTENER)) {
            assertThat(Ptp4l.findByConfig(Ptp4l.config(half.stateDirectory(), host))).isEmpty();
        }
    }

    @Test
    void labOfAJvmThatExitedIsRemovedByDown() throws Exception {
        Set<String> rootLinks = LabChecks.rootLinks();
        Process p = upInAnotherJvm(EXITED, temp.resolve("out.txt"));
        assertThat(p.waitFor(25, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(temp.resolve("out.txt"))).isZero();
        assertThat(Files.readString(temp.resolve("out.txt"))).contains("lab '" + EXITED + "' is up", "198.18.0.2/24");

        LabState lab = Lab.status(EXITED).orElseThrow();
        assertThat(lab.health().ok()).isTrue();
        assertThat(lab.ptp4lPids()).hasSize(2);
        for (long pid : lab.ptp4lPids().values()) {
            assertThat(ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                    .as("ptp4l is no child of this JVM").isNotEqualTo(java.util.Optional.of(ProcessHandle.current().pid()));
        }
        LabChecks.assertTalkerReachesListener(lab, java.net.StandardProtocolFamily.INET);

        assertThat(Lab.down(EXITED)).isTrue();
        LabChecks.assertNothingLeft(EXITED, rootLinks, lab.ptp4lPids().values());
    }

    static Process upInAnotherJvm(String name, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.tsnlat.cli.Main", "lab", "up", "--name", name,
                "--topology", "macvlan", "--shape", "htb", "--rate", "100mbit", "--ptp"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    static void awaitMadeUntil(Process p, String name, java.util.function.Predicate<StateFile> condition, Path out)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0 && p.isAlive()) {
            try {
                if (StateFile.read(name).filter(condition).isPresent()) {
                    return;
                }
            } catch (LabException e) {
                // read between write and rename of a version: try again
            }
            Thread.sleep(2);
        }
        throw new AssertionError("up never got there: " + Files.readString(out));
    }
}
