package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;
import org.tsnlat.tune.HostPlan;

/**
 * The plan file as users write it: docs/tune.md's example is a valid plan that says what the page
 * says; an unknown key, bad YAML, a bad value or a missing file is one line naming the file (and the
 * line and key), exit 2, never a stack trace; tune's help opens with examples and lists its exit codes.
 */
class TunePlanTest {
    @TempDir Path tmp;

    static String docsExample() throws Exception {
        String page = Files.readString(Path.of("docs/tune.md"));
        Matcher m = Pattern.compile("(?s)## The field's set-up.*?```yaml\n(.*?)```").matcher(page);
        assertThat(m.find()).as("docs/tune.md has the field's plan").isTrue();
        return m.group(1);
    }

    @Test
    void theDocumentedFieldPlanIsAValidPlanOfTheFieldsSetUp() throws Exception {
        HostPlan p = HostPlan.parse("docs/tune.md", docsExample());
        assertThat(p.kernel().isolcpus()).isEqualTo("nohz,domain,managed_irq,2-3");
        assertThat(p.kernel().nohzFull()).isEqualTo("2-3");
        assertThat(p.kernel().irqaffinity()).isEqualTo("0-1");
        assertThat(p.threads()).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("vhost-*");
            assertThat(t.cpus()).isEqualTo("2");
        }).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("CPU */KVM");
            assertThat(t.cpus()).isEqualTo("3");
        }).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("ptp4l");
            assertThat(t.cpus()).isEqualTo("2");
        }).anySatisfy(t -> assertThat(t.name()).isEqualTo("phc2sys"));
        assertThat(p.irqs().getFirst().name()).isEqualTo("eth0-rx-2");
        assertThat(p.irqs().getFirst().cpus()).isEqualTo("2");
        assertThat(p.irqs().get(1).cpus()).isEqualTo("0-1");
        assertThat(p.interfaces().getFirst().ntuple()).isNotEmpty();
        assertThat(p.pmqos()).isNotNull();
        assertThat(p.rtThrottling()).isNotNull();
        assertThat(p.cpufreq()).isNotNull();
        assertThat(p.cpuidle()).isNotNull();
        assertThat(p.isolated()).isNotNull();
        assertThat(p.rfs()).isNotNull();
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLineAndWhereItIs() throws Exception {
        Path plan = tmp.resolve("host.yaml");
        Files.writeString(plan, """
                threads:
                  - name: "vhost-*"
                    cpu: 2
                """);
        Cli c = Cli.run("tune", "check", plan.toString());
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err().strip()).isEqualTo("tsnlat tune check: " + plan
                + " line 3: unknown key 'cpu' in threads[0] (known here: cpus, name, policy, priority, process)");
        Files.writeString(plan, "kernel:\n  isolcpu: 2-3\n");
        assertThat(Cli.run("tune", "check", plan.toString()).err()).contains(plan + " line 2: unknown key 'isolcpu' in kernel");
        Files.writeString(plan, "tune: 1\n");
        assertThat(Cli.run("tune", "apply", plan.toString()).err()).contains(plan + " line 1: unknown key 'tune'");
    }

    @Test
    void badInputIsOneLineAndExit2NeverAStackTrace() throws Exception {
        Path plan = tmp.resolve("bad.yaml");
        String[][] cases = {
                {"threads: [\n  {name: x\n", "not YAML"},
                {"kernel: {isolcpus: 2}\nkernel: {nohz_full: 2}\n", "Duplicate field 'kernel'"},
                {"threads:\n  - name: x\n    priority: high\n", "line 3"},
                {"threads:\n  - name: x\n    cpus: 2-1\n", "threads[0].cpus: CPU range '2-1' in '2-1' runs backwards"},
                {"threads:\n  - name: x\n    policy: fifo\n", "threads[0]: policy fifo takes a priority of 1 to 99"},
                {"threads:\n  - name: x\n    priority: 5\n", "threads[0]: a priority needs a policy"},
                {"interfaces:\n  - name: eth0\n    rps: {rx0: 2}\n", "queue 'rx0': expected a number or \"*\""},
                {"interfaces:\n  - name: eth0\n    ntuple: [{flowType: udp, dstPort: 7788, queue: 2}]\n", "expected udp4"},
                {"version: 2\n", "plan version 2; this tsnlat reads version 1"},
                {"", "empty plan"},
        };
        for (String[] c : cases) {
            Files.writeString(plan, c[0]);
            Cli r = Cli.run("tune", "check", plan.toString());
            assertThat(r.exitCode()).as(c[0]).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(c[0]).startsWith("tsnlat tune check: " + plan).contains(c[1])
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
            assertThat(r.err().strip().lines().count()).as(c[0]).isEqualTo(1);
        }
        Cli missing = Cli.run("tune", "check", tmp.resolve("none.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err().strip()).isEqualTo("tsnlat tune check: " + tmp.resolve("none.yaml")
                + ": cannot read the plan (no such file)");
    }

    @Test
    void theHelpOpensWithExamplesAndListsTheExitCodes() {
        for (String cmd : new String[] {"tune", "tune check", "tune apply", "tune undo"}) {
            String help = Cli.run((cmd + " --help").split(" ")).out();
            assertThat(help.indexOf("Examples:")).as(cmd).isPositive().isLessThan(help.indexOf("  -h, --help"));
            assertThat(help).as(cmd).containsPattern("(?m)^ +10 +the host does not hold to its tune plan")
                    .containsPattern("(?m)^ +2 +bad usage").doesNotContainPattern("(?m)^ +6 +done");
            for (String line : Help.EXAMPLE_LINES.get(cmd)) {
                if (!line.contains("tsnlat ")) continue;
                String command = line.substring(line.indexOf("tsnlat ") + "tsnlat ".length()).replaceAll(" &&.*", "");
                Main.commandLine(new TsnlatCommand(System.out, System.err)).parseArgs(command.split(" "));
            }
        }
        Cli group = Cli.run("tune");
        assertThat(group.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(group.err()).contains("Commands:").contains("check").contains("apply").contains("undo");
    }

    @Test
    @Needs(Need.NON_ROOT)
    void applyAndUndoNeedRoot() throws Exception {
        Path plan = tmp.resolve("host.yaml");
        Files.writeString(plan, "threads: []\n");
        Cli c = Cli.run("tune", "apply", plan.toString());
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("tune apply needs root");
        assertThat(Cli.run("tune", "undo").err()).contains("tune undo needs root");
    }
}
