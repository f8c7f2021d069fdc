package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * tune on a veth pair with two queues each way, inside a network namespace the test makes and
 * removes: RPS and XPS masks and the RFS flow count are checked, applied and undone through the
 * namespace's own /sys; what a veth lacks (IRQs, ntuple steering) is unknown with the reason, never
 * held; kernel parameters are checked against /proc/cmdline and, on apply, given as a boot line,
 * never applied.
 */
@Needs({Need.ROOT, Need.IP})
class TuneNetnsTest {
    private final String netns = "tsnlat-tune-" + ProcessHandle.current().pid();
    @TempDir Path tmp;

    @Test
    void rpsXpsAppliedAndUndoneInTheNamespaceWhatVethLacksIsUnknownAndTheKernelNeedsAReboot() throws Exception {
        sh("ip", "netns", "add", netns);
        sh("ip", "-n", netns, "link", "add", "va", "numtxqueues", "2", "numrxqueues", "2", "type", "veth",
                "peer", "name", "vb", "numtxqueues", "2", "numrxqueues", "2");
        sh("ip", "-n", netns, "link", "set", "va", "up");
        sh("ip", "-n", netns, "link", "set", "vb", "up");
        List<String> files = List.of("rx-0/rps_cpus", "rx-1/rps_cpus", "rx-0/rps_flow_cnt", "tx-0/xps_cpus",
                "tx-1/xps_cpus");
        Map<String, String> original = read(files);
        assertThat(original.get("rx-0/rps_cpus")).as("no RPS on a new veth").matches("[0,]+");

        Path plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, """
                kernel:
                  isolcpus: nohz,domain,managed_irq,1
                irqs:
                  - name: va
                    cpus: 0
                interfaces:
                  - name: va
                    netns: %1$s
                    rps: {"*": 1}
                    xps: {"0": 0, "1": 1}
                    rpsFlowCnt: {"0": 256}
                    ntuple:
                      - {flowType: udp4, dstPort: 7788, queue: 1}
                  - name: nosuch0
                    netns: %1$s
                    rps: {"0": 1}
                """.formatted(netns));

        Cli check = Cli.run("tune", "check", plan.toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(ExitCodes.NOT_AS_PLANNED);
        assertThat(check.out())
                .contains("VIOLATED kernel isolcpus: isolcpus is not on the kernel command line, plan says "
                        + "isolcpus=nohz,domain,managed_irq,1")
                .contains("unknown  IRQ va: no IRQ in /proc/interrupts is named va (a virtual device such as veth or lo has none)")
                .contains("VIOLATED interface va (netns " + netns + ") rx-* rps_cpus: va rx-0 rps_cpus ")
                .contains("plan says 1 (mask 2)")
                .contains("va rx-1 rps_cpus")
                .contains("rx-0 rps_flow_cnt: va rx-0 rps_flow_cnt 0, plan says 256")
                .contains("unknown  interface va (netns " + netns + ") ntuple flow-type udp4 dst-port 7788 action 1: "
                        + "va: rx-ntuple-filter off [fixed]: the device cannot steer flows to a queue")
                .contains("unknown  interface nosuch0 (netns " + netns + ") rx-0 rps_cpus: no interface nosuch0")
                .doesNotContain("held     interface va (netns " + netns + ") ntuple")
                .doesNotContain("held     IRQ");

        Path state = tmp.resolve("state.json");
        Cli apply = Cli.run("tune", "apply", plan.toString(), "--state", state.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(ExitCodes.NOT_AS_PLANNED);
        String cmdline = Files.readString(Path.of("/proc/cmdline")).strip();
        String before = cmdline.contains(" -- ") ? cmdline.substring(0, cmdline.indexOf(" -- ")) : cmdline;
        assertThat(apply.out())
                .contains("changed  va rx-0 rps_cpus " + original.get("rx-0/rps_cpus") + " -> 2")
                .contains("changed  va rx-1 rps_cpus")
                .contains("changed  va rx-0 rps_flow_cnt 0 -> 256")
                .contains("REBOOT   kernel isolcpus: isolcpus is not on the kernel command line")
                .contains("boot line to use")
                .contains(before + " isolcpus=nohz,domain,managed_irq,1")
                .doesNotContain("changed  kernel")
                .contains("0 failed");
        Map<String, String> applied = read(files);
        assertThat(applied.get("rx-0/rps_cpus")).matches("[0,]*2");
        assertThat(applied.get("rx-1/rps_cpus")).matches("[0,]*2");
        assertThat(applied.get("rx-0/rps_flow_cnt")).isEqualTo("256");
        assertThat(applied.get("tx-1/xps_cpus")).matches("[0,]*2");

        Cli again = Cli.run("tune", "check", plan.toString());
        assertThat(again.out()).contains("held     interface va (netns " + netns + ") rx-* rps_cpus")
                .contains("held     interface va (netns " + netns + ") tx-1 xps_cpus")
                .contains("held     interface va (netns " + netns + ") rx-0 rps_flow_cnt")
                .contains("VIOLATED kernel isolcpus");

        Cli undo = Cli.run("tune", "undo", "--state", state.toString());
        assertThat(undo.exitCode()).as(undo.out() + undo.err()).isZero();
        assertThat(undo.out()).contains("restored va rx-0 rps_cpus 2 -> " + original.get("rx-0/rps_cpus"));
        assertThat(read(files)).isEqualTo(original);
        assertThat(state).doesNotExist();
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        new ProcessBuilder("ip", "netns", "del", netns).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
    }

    private Map<String, String> read(List<String> files) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : files) {
            m.put(f, sh("ip", "netns", "exec", netns, "cat", "/sys/class/net/va/queues/" + f).strip());
        }
        return m;
    }

    private static String sh(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }
}
