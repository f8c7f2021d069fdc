package org.tsnlat.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tsnlat.env.BootParams;
import org.tsnlat.linux.Cpus;

/**
 * The plan's kernel parameters against /proc/cmdline. A value is compared by meaning: its flags
 * as a set and its CPUs as a set ("managed_irq,domain,2,3" holds for "domain,managed_irq,2-3").
 * Nothing here can change without a reboot: a violated parameter comes with the boot line to use.
 */
final class KernelCheck {
    static final String CMDLINE = "/proc/cmdline";

    private KernelCheck() {
    }

    static List<Finding> check(HostPlan.Kernel kernel) {
        if (kernel == null) return List.of();
        return check(kernel, SysFiles.read(null, CMDLINE));
    }

    /** The planned parameters against {@code cmdline}, the text of /proc/cmdline (or why it could not be read). */
    static List<Finding> check(HostPlan.Kernel kernel, SysFiles.Text cmdline) {
        List<Finding> findings = new ArrayList<>();
        Map<String, String> planned = kernel.planned();
        if (!cmdline.ok()) {
            planned.keySet().forEach(p -> findings.add(Finding.unknown("kernel " + p, CMDLINE + ": " + cmdline.failure())));
            return findings;
        }
        BootParams now = BootParams.parse(cmdline.value());
        String bootLine = bootLine(cmdline.value(), planned);
        planned.forEach((param, want) -> {
            String item = "kernel " + param;
            String has = now.get(param);
            if (has != null && sameMeaning(has, want)) {
                findings.add(Finding.held(item, param + "=" + has));
            } else {
                String found = has == null ? param + " is not on the kernel command line" : param + "=" + has + " on the kernel command line";
                findings.add(Finding.violated(item, List.of(found + ", plan says " + param + "=" + want), List.of(),
                        "a reboot with the boot line: " + bootLine));
            }
        });
        return findings;
    }

    /** The command line with every planned parameter set as planned (changed in place, or added before "--"). */
    static String bootLine(String cmdline, Map<String, String> planned) {
        Map<String, String> left = new LinkedHashMap<>(planned);
        List<String> words = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        boolean init = false;
        for (String word : cmdline.strip().split("\\s+")) {
            if (word.isEmpty()) continue;
            if (word.equals("--")) init = true;
            if (init) {
                tail.add(word);
                continue;
            }
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (planned.containsKey(name)) {
                if (left.containsKey(name)) words.add(name + "=" + left.remove(name));
            } else {
                words.add(word);
            }
        }
        left.forEach((name, value) -> words.add(name + "=" + value));
        words.addAll(tail);
        return String.join(" ", words);
    }

    /** Same flags and same CPUs, whatever their order and form. */
    static boolean sameMeaning(String a, String b) {
        try {
            return flags(a).equals(flags(b)) && Cpus.parseList(cpuPart(a)).equals(Cpus.parseList(cpuPart(b)));
        } catch (IllegalArgumentException e) {
            return a.strip().equals(b.strip());
        }
    }

    /** The CPU list of a parameter's value: its items that are not words ("2-3" of "nohz,domain,2-3"). */
    static String cpuPart(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!isFlag(item)) items.add(item.strip());
        }
        return String.join(",", items);
    }

    private static Set<String> flags(String value) {
        Set<String> flags = new TreeSet<>();
        for (String item : value.split(",")) {
            if (isFlag(item)) flags.add(item.strip());
        }
        return flags;
    }

    private static boolean isFlag(String item) {
        String s = item.strip();
        return !s.isEmpty() && Character.isLetter(s.charAt(0));
    }
}
