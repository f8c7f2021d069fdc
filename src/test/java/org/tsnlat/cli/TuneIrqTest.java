package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.env.Interrupts;
import org.tsnlat.linux.Cpus;

/**
 * IRQ items read from this host's /proc/interrupts and /proc/irq/N/smp_affinity_list, read only
 * (check never writes): an IRQ where the plan puts it holds, one elsewhere is violated with its
 * number, name, CPUs and the plan's.
 */
class TuneIrqTest {
    @TempDir Path tmp;

    @Test
    void anIrqOfThisHostHoldsWhereItIsAndIsViolatedElsewhere() throws Exception {
        Interrupts irqs = Interrupts.parse(Files.readString(Path.of("/proc/interrupts")));
        Interrupts.Line chosen = null;
        String cpus = null;
        for (Interrupts.Line l : irqs.lines()) {
            Path f = Path.of("/proc/irq/" + l.number() + "/smp_affinity_list");
            String name = l.actionName();
            boolean unique = irqs.lines().stream().filter(o -> o.actionName().equals(name)).count() == 1;
            if (Files.isReadable(f) && unique && name.matches("[A-Za-z0-9_.:-]+") && !name.equals("irq" + l.number())) {
                chosen = l;
                cpus = Files.readString(f).strip();
                break;
            }
        }
        Assumptions.assumeTrue(chosen != null, "this host has no named IRQ with a readable affinity");
        String other = Cpus.parseList(cpus).get(0) ? "1" : "0";
        Path plan = tmp.resolve("irq.yaml");
        Files.writeString(plan, "irqs:\n  - {name: \"" + chosen.actionName() + "\", cpus: \"" + cpus + "\"}\n");
        Cli held = Cli.run("tune", "check", plan.toString());
        assertThat(held.exitCode()).as(held.out() + held.err()).isZero();
        int n = Cpus.parseList(cpus).cardinality();
        assertThat(held.out()).contains("held     IRQ " + chosen.actionName() + ": 1 IRQ on " + (n == 1 ? "CPU " : "CPUs ") + cpus);

        Files.writeString(plan, "irqs:\n  - {name: \"" + chosen.actionName() + "\", cpus: \"" + other + "\"}\n");
        Cli violated = Cli.run("tune", "check", plan.toString());
        assertThat(violated.exitCode()).isEqualTo(ExitCodes.NOT_AS_PLANNED);
        assertThat(violated.out()).contains("VIOLATED IRQ " + chosen.actionName() + ": IRQ " + chosen.number() + " "
                + chosen.actionName() + " on " + (n == 1 ? "CPU " : "CPUs ") + cpus + ", plan says " + other);
        assertThat(Files.readString(Path.of("/proc/irq/" + chosen.number() + "/smp_affinity_list")).strip())
                .as("check changes nothing").isEqualTo(cpus);
    }
}
