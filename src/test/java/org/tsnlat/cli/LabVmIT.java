package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * The VM lab as a user drives it, through {@code ./tsnlat} with the packaged jar (an integration
 * test: after package): {@code lab up --topology vm} boots a QEMU guest (under TCG here) whose
 * virtio-net NIC sits on a tap in the lab's bridge; {@code lab guest} starts {@code tsnlat recv}
 * in it, from this machine's root shared read-only; the talker's {@code tsnlat send} sends 5000
 * probes into it; every probe is accounted for; the guest's clock, its own and never synchronised
 * here, makes every interval untrusted with its offset in the reason, exit 6; {@code lab down}
 * stops QEMU by its pid and removes everything. The guest image is made once (apt-get download of
 * the kernel package) into /var/cache/tsnlat/guest and kept.
 */
@Needs({Need.ROOT, Need.IP, Need.QEMU, Need.BUSYBOX_STATIC, Need.DEPMOD, Need.CPIO})
class LabVmIT {
    private static final Path LAUNCHER = Path.of("tsnlat").toAbsolutePath();
    private static final String LAB = "itvm";
    @TempDir Path work;

    @AfterEach
    void down() throws Exception {
        launch(120, "lab", "down", "--name", LAB); // whatever the test did; "no lab" is exit 0 too
    }

    @Test
    void probesFromTheTalkerIntoAGuestAreAllAccountedForAndItsOwnClockIsUntrusted() throws Exception {
        Cli up = launch(400, "lab", "up", "--topology", "vm", "--name", LAB);
        assertThat(up.exitCode()).as(up.text()).isZero();
        Matcher pid = Pattern.compile("guest \\(QEMU pid (\\d+)\\)").matcher(up.out());
        assertThat(pid.find()).as(up.text()).isTrue();
        long qemu = Long.parseLong(pid.group(1));
        assertThat(cmdline(qemu)).as("QEMU runs with the lab's pid file").contains("qemu-system-x86_64")
                .contains("/run/tsnlat/lab-" + LAB + "/qemu.pid");
        boolean kvm = Files.exists(Path.of("/dev/kvm")) && Files.readString(Path.of("/proc/cpuinfo")).lines()
                .filter(l -> l.startsWith("flags")).findFirst().map(l -> l.contains(" vmx") || l.contains(" svm")).orElse(false);
        if (kvm) {
            assertThat(up.err()).as("KVM where the CPU has VMX/SVM: no emulation warning").doesNotContain("emulation (TCG");
        } else {
            assertThat(up.err()).as("TCG is said plainly where there is no VMX/SVM").contains("emulation (TCG");
        }

        Cli nic = launch(60, "lab", "guest", "--name", LAB, "--",
                "ip -br addr show eth0; basename $(readlink /sys/class/net/eth0/device/driver)");
        assertThat(nic.exitCode()).as(nic.text()).isZero();
        assertThat(nic.out()).contains("198.18.0.2/24").contains("virtio_net");

        Path share = Path.of("/run/tsnlat/lab-" + LAB + "/guest-share");
        // the guest's JVM crashes now and then under QEMU's emulation (docs/lab.md), before it
        // listens or while it receives: the receiver and the sender once more then, at most three times more
        Path out = null;
        for (int attempt = 1; out == null; attempt++) {
            Path tried = startRecv(share, attempt);
            boolean done = awaitLine(tried, "tsnlat recv: listening on", 200);
            if (done) {
                Cli send = launch(120, "ip", "netns", "exec", LAB + "-talker", LAUNCHER.toString(), "send", "198.18.0.2",
                        "-n", "5000", "--no-live", "--runs-dir", work.resolve("tx" + attempt).toString());
                assertThat(send.exitCode()).as(send.text()).isZero();
                done = awaitLine(tried, "run directory:", 200);
            }
            if (done) {
                out = tried;
            } else {
                System.out.println("--- the guest's JVM crashed (QEMU's emulation), attempt " + attempt + ":\n" + Files.readString(tried));
                assertThat(attempt).as("the guest's JVM crashed four times in a row").isLessThan(4);
            }
        }
        String recv = Files.readString(out);
        System.out.println("--- the guest's recv:\n" + recv);
        assertThat(recv).contains("5000 received, 0 lost").contains("sender announced 5000 sent");
        assertThat(recv).as("the guest's clock is its own: every interval untrusted, its offset said")
                .contains("exit 6").contains("two-way offset");

        Path dir;
        try (var runs = Files.list(out.resolveSibling(out.getFileName().toString().replace(".out", "").replace("recv", "runs")))) {
            dir = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        JsonNode meta = RunDirectory.json().readTree(dir.resolve("meta.json").toFile());
        assertThat(meta.toString()).as("the guest's environment snapshot names its virtio NIC").contains("virtio_net");
        assertThat(dir.resolve("rx.records")).isRegularFile();
        assertThat(dir.resolve("report.json")).isRegularFile();

        Cli down = launch(120, "lab", "down", "--name", LAB);
        assertThat(down.exitCode()).as(down.text()).isZero();
        assertThat(cmdline(qemu)).as("QEMU stopped").doesNotContain("qemu-system-x86_64");
        assertThat(Path.of("/run/tsnlat/lab-" + LAB)).doesNotExist();
        Cli ns = launch(30, "ip", "netns", "list");
        assertThat(ns.out()).doesNotContain(LAB + "-");
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** tsnlat recv started in the guest (attempt {@code n}), its output in the share; returns that file. */
    private Path startRecv(Path share, int n) throws Exception {
        Cli started = launch(60, "lab", "guest", "--name", LAB, "--", "cd " + LAUNCHER.getParent()
                + " && (./tsnlat recv --bind 198.18.0.2 --runs-dir /run/tsnlat-guest/runs" + n + " --no-live"
                + " > /run/tsnlat-guest/recv" + n + ".out 2>&1 &)");
        assertThat(started.exitCode()).as(started.text()).isZero();
        return share.resolve("recv" + n + ".out");
    }

    /** Waits for a line starting with {@code start}; false when the JVM there crashed first. */
    private static boolean awaitLine(Path file, String start, long timeoutS) throws Exception {
        long until = System.nanoTime() + timeoutS * 1_000_000_000L;
        while (System.nanoTime() - until < 0) {
            if (Files.exists(file) && Files.readString(file).lines().anyMatch(l -> l.startsWith(start))) return true;
            if (Files.exists(file) && Files.readString(file).contains("A fatal error has been detected by the Java Runtime")) {
                return false;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no line '" + start + "' in " + file + " within " + timeoutS + " s: "
                + (Files.exists(file) ? Files.readString(file) : "(no file)"));
    }

    private Cli launch(long timeoutS, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (!args[0].equals("ip")) cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        return Cli.process(work, timeoutS, cmd);
    }
}
