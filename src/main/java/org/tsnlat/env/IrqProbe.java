package org.tsnlat.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The IRQs of the interfaces in use. An IRQ belongs to interface IF when a word of its
 * /proc/interrupts line is IF or starts with IF and a separator ("eth0-TxRx-0"), or is named
 * after IF's device the same way ("virtio2-input.0" for the virtio2 device behind eth0), or when
 * the device lists it in msi_irqs. Keyed by action name; a repeated name gets "#2", "#3".
 */
final class IrqProbe {
    private static final String K = "irqs";

    private IrqProbe() {
    }

    static SortedMap<String, EnvSnapshot.Irq> collect(List<String> interfaces, Reads reads) {
        SortedMap<String, EnvSnapshot.Irq> irqs = new TreeMap<>();
        String text = reads.file(K, Path.of("/proc/interrupts"));
        if (text == null) {
            return null;
        }
        Interrupts table = Interrupts.parse(text);
        Set<Integer> seen = new HashSet<>();
        for (String ifname : interfaces) {
            Set<String> names = namesOf(ifname);
            Set<Integer> msi = msiIrqs(ifname);
            for (Interrupts.Line line : table.lines()) {
                boolean ours = msi.contains(line.number())
                        || line.words().stream().anyMatch(w -> matches(w, names));
                if (ours && seen.add(line.number())) {
                    String key = unique(irqs, line.actionName());
                    irqs.put(key, irq(line, ifname, table.cpus(), key, reads));
                }
            }
        }
        return irqs;
    }

    /** True when {@code word} is one of {@code names} or one followed by '-', '_', '.', '@' or ':'. */
    static boolean matches(String word, Set<String> names) {
        for (String name : names) {
            if (word.equals(name) || (word.startsWith(name) && word.length() > name.length()
                    && "-_.@:".indexOf(word.charAt(name.length())) >= 0)) {
                return true;
            }
        }
        return false;
    }

    private static EnvSnapshot.Irq irq(Interrupts.Line line, String ifname, List<String> cpus,
            String key, Reads reads) {
        Path dir = Path.of("/proc/irq", Integer.toString(line.number()));
        SortedMap<String, Long> counts = new TreeMap<>();
        for (int c = 0; c < line.counts().length && c < cpus.size(); c++) {
            counts.put(cpus.get(c), line.counts()[c]);
        }
        return new EnvSnapshot.Irq(line.number(), ifname,
                reads.file(K + "." + key + ".affinity", dir.resolve("smp_affinity_list")),
                reads.file(K + "." + key + ".effectiveAffinity", dir.resolve("effective_affinity_list")),
                counts);
    }

    private static Set<String> namesOf(String ifname) {
        Set<String> names = new HashSet<>();
        names.add(ifname);
        try {
            Path device = Path.of("/sys/class/net", ifname, "device").toRealPath();
            names.add(device.getFileName().toString());
        } catch (IOException e) {
            // a virtual interface (lo, veth, bridge) has no device and no IRQ of its own
        }
        return names;
    }

    private static Set<Integer> msiIrqs(String ifname) {
        Set<Integer> irqs = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of("/sys/class/net", ifname, "device", "msi_irqs"))) {
            files.forEach(f -> irqs.add(Integer.parseInt(f.getFileName().toString())));
        } catch (IOException | NumberFormatException e) {
            // no MSI (virtual or virtio device: named above)
        }
        return irqs;
    }

    static <V> String unique(SortedMap<String, V> map, String name) {
        String key = name;
        for (int n = 2; map.containsKey(key); n++) {
            key = name + "#" + n;
        }
        return key;
    }
}
