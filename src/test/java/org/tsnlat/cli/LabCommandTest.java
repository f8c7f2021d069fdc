package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tsnlat.lab.Lab;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** tsnlat lab up/status/down: messages and exit codes. */
class LabCommandTest {
    static final String NAME = "tl-cli";

    @AfterAll
    static void down() {
        if (Lab.isRoot()) {
            Cli.run("lab", "down", "--name", NAME);
        }
    }

    @Test
    @Needs({Need.ROOT, Need.IP, Need.TC})
    void upStatusUpAgainDownDownAgain() {
        Cli up = Cli.run("lab", "up", "--name", NAME, "--topology", "veth", "--shape", "tbf", "--rate", "20mbit");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).contains("lab 'tl-cli' is up", "tl-cli-talker", "198.18.0.1/24",
                "fd54:736e:6c61:7400::2/64", "tbf 20mbit on tl-cli-talker:eth0 egress");

        Cli status = Cli.run("lab", "status", "--name", NAME);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("lab 'tl-cli' is up", "tl-cli-listener");

        Cli again = Cli.run("lab", "up", "--name", NAME, "--topology", "bridge");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.LAB);
        assertThat(again.err().strip()).matches("tsnlat lab up: lab 'tl-cli' is already up \\(veth since \\S+Z\\); "
                + "run 'tsnlat lab down --name tl-cli' first");
        assertThat(Cli.run("lab", "status", "--name", NAME).exitCode()).as("first lab unaffected").isZero();

        Cli down = Cli.run("lab", "down", "--name", NAME);
        assertThat(down.exitCode()).isZero();
        assertThat(down.out()).isEqualTo("lab 'tl-cli' is down\n");
        Cli downAgain = Cli.run("lab", "down", "--name", NAME);
        assertThat(downAgain.exitCode()).isZero();
        assertThat(downAgain.out()).isEqualTo("no lab 'tl-cli' is up\n");
        Cli noStatus = Cli.run("lab", "status", "--name", NAME);
        assertThat(noStatus.exitCode()).isEqualTo(ExitCodes.LAB);
        assertThat(noStatus.out()).isEqualTo("no lab 'tl-cli' is up\n");
    }

    @Test
    void badValuesAreUsageErrors() {
        Cli rate = Cli.run("lab", "up", "--name", NAME, "--shape", "tbf", "--rate", "5mbps");
        assertThat(rate.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(rate.err()).contains("'5mbps' is not a rate; use e.g. 100mbit, 1gbit, 500kbit");
        Cli topology = Cli.run("lab", "up", "--topology", "ovs");
        assertThat(topology.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(topology.err()).contains("unknown topology 'ovs'; expected one of veth, bridge, macvlan");
        Cli name = Cli.run("lab", "up", "--name", "Bad/Name");
        assertThat(name.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(name.err()).contains("lab name 'Bad/Name' must be");
        Cli rateOnly = Cli.run("lab", "up", "--rate", "5mbit");
        assertThat(rateOnly.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(rateOnly.err()).contains("--rate needs --shape tbf or --shape htb");
    }

    /** What run --topology vm does not do yet is refused before anything is built: no lab, no QEMU, one line. */
    @Test
    void aVmRunRefusesWhatItsGuestEndDoesNotDoBeforeBuildingAnything() {
        java.util.Map<List<String>, String> refused = new java.util.LinkedHashMap<>();
        refused.put(List.of("--ptp-socket", "/run/ptp4l"), "--ptp-socket with --topology vm is not built yet");
        refused.put(List.of("--load", "10mbit", "--direction", "guest-to-host"),
                "--load with --direction guest-to-host is not built yet");
        refused.put(List.of("--explain"), "--explain with --topology vm traces this machine's kernel, where only the "
                + "receiver of --direction guest-to-host is");
        refused.put(List.of("--load", "10mbit", "--load-sink-cpu", "0"), "--load-sink-cpu pins a thread of this machine; "
                + "with --topology vm the load's sink runs in the guest");
        refused.put(List.of("--shape", "tbf", "--direction", "guest-to-host"), "--shape shapes the talker's egress, which "
                + "the probes of --direction guest-to-host never cross");
        refused.put(List.of("--explain-above", "p99"), "--explain-above needs --explain");
        for (var e : refused.entrySet()) {
            List<String> extra = e.getKey();
            List<String> args = new java.util.ArrayList<>(List.of("run", "--topology", "vm", "-n", "10", "--no-live"));
            args.addAll(extra);
            Cli run = Cli.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(extra + ": " + run.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(extra.toString()).contains(e.getValue()).doesNotContain("Exception");
            assertThat(run.out()).as("nothing ran").isEmpty();
            assertThat(run.err().lines()).as("one line, no lab built (its steps would be said): " + run.err()).hasSize(1);
        }
    }

    @Test
    void vcpuPinningIsAnOrderedCpuListOfThisMachineForTheVmLabOnly() {
        assertThat(LabUpCommand.cpuOrder("1,0")).containsExactly(1, 0);
        assertThat(LabUpCommand.cpuOrder("2,4-5")).containsExactly(2, 4, 5);
        assertThat(LabUpCommand.cpuOrder(null)).isEmpty();
        for (String bad : List.of("a", "1,,2", "3-1", "1,1", "0-1,1")) {
            Cli up = Cli.run("lab", "up", "--topology", "vm", "--name", NAME, "--vcpu-cpu", bad);
            assertThat(up.exitCode()).as(bad + ": " + up.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(up.err()).as(bad).startsWith("tsnlat lab up: --vcpu-cpu: ").doesNotContain("Exception");
        }
        Cli beyond = Cli.run("lab", "up", "--topology", "vm", "--name", NAME, "--vcpu-cpu", "0,4095");
        assertThat(beyond.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(beyond.err()).contains("--vcpu-cpu: CPU 4095 is not one of this machine's");
        Cli veth = Cli.run("lab", "up", "--name", NAME, "--vcpu-cpu", "0");
        assertThat(veth.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(veth.err()).contains("--vcpu-cpu needs --topology vm");
        Cli run = Cli.run("run", "-n", "5", "--vcpu-cpu", "0");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--vcpu-cpu").contains("--topology vm");
    }

    @Test
    @Needs(Need.NON_ROOT)
    void withoutRootOneLineAndAUsageCode() {
        Cli up = Cli.run("lab", "up");
        assertThat(up.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(up.err()).isEqualTo("tsnlat lab up: lab needs root (network namespaces)\n");
    }
}
