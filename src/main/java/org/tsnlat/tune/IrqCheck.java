package org.tsnlat.tune;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tsnlat.env.Interrupts;
import org.tsnlat.linux.Cpus;

/**
 * The plan's IRQs: each rule against the IRQs of /proc/interrupts whose action name (the last word
 * of the line, "eth0-rx-2", "virtio0-input.0") it matches, by /proc/irq/N/smp_affinity_list. An
 * IRQ is judged by the first rule that matches it. A rule that matches none (a virtual device such
 * as veth has no IRQ) is unknown.
 */
final class IrqCheck {
    private IrqCheck() {
    }

    static List<Finding> check(List<HostPlan.IrqRule> rules) {
        List<Finding> findings = new ArrayList<>();
        if (rules.isEmpty()) return findings;
        SysFiles.Text text = SysFiles.read(null, "/proc/interrupts");
        Interrupts interrupts = text.ok() ? Interrupts.parse(text.value()) : null;
        Set<Integer> claimed = new HashSet<>();
        for (HostPlan.IrqRule rule : rules) {
            String item = "IRQ " + rule.name();
            if (interrupts == null) {
                findings.add(Finding.unknown(item, "/proc/interrupts: " + text.failure()));
                continue;
            }
            Glob name = Glob.of(rule.name());
            BitSet want = Cpus.parseList(rule.cpus());
            List<String> evidence = new ArrayList<>();
            List<Change> fixes = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            int matched = 0;
            for (Interrupts.Line line : interrupts.lines()) {
                if (!name.matches(line.actionName()) || !claimed.add(line.number())) continue;
                matched++;
                String path = "/proc/irq/" + line.number() + "/smp_affinity_list";
                String what = "IRQ " + line.number() + " " + line.actionName();
                SysFiles.Text now = SysFiles.read(null, path);
                if (!now.ok()) {
                    unreadable.add(what + ": " + path + ": " + now.failure());
                    continue;
                }
                BitSet has = Cpus.parseList(now.value().strip());
                if (!has.equals(want)) {
                    evidence.add(what + " on " + CpuMask.words(has) + ", plan says " + Cpus.formatList(want));
                    fixes.add(new Change(Change.FILE, what, null, path, null, null, null, now.value().strip(),
                            Cpus.formatList(want)));
                }
            }
            if (matched == 0) {
                findings.add(Finding.unknown(item, "no IRQ in /proc/interrupts is named " + rule.name()
                        + " (a virtual device such as veth or lo has none)"));
            } else if (!evidence.isEmpty()) {
                evidence.addAll(unreadable);
                findings.add(Finding.violated(item, evidence, fixes, null));
            } else if (!unreadable.isEmpty()) {
                findings.add(new Finding(item, Finding.Status.UNKNOWN, unreadable, List.of(), null));
            } else {
                findings.add(Finding.held(item, matched + (matched == 1 ? " IRQ" : " IRQs") + " on "
                        + CpuMask.words(want)));
            }
        }
        return findings;
    }
}
