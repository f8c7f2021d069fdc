package org.tsnlat.env;

import java.util.ArrayList;
import java.util.List;

/**
 * /proc/interrupts, numbered lines only ({@link CounterTable} has them all):
 * <pre>
 *            CPU0       CPU1
 *  38:          0        980  PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
 * </pre>
 * A header naming the CPU columns, then per IRQ its number, one count per CPU column, the chip
 * and hardware IRQ, and the action names (several, comma-separated, for a shared IRQ).
 */
public record Interrupts(List<String> cpus, List<Line> lines) {

    /**
     * @param number  the IRQ number
     * @param counts  one count per CPU column
     * @param words   what follows the counts: chip, hwirq, action names (split on spaces, commas)
     */
    public record Line(int number, long[] counts, List<String> words) {
        /** The last word: the (last) action name, such as "virtio2-input.0". */
        public String actionName() {
            return words.isEmpty() ? "irq" + number : words.getLast();
        }
    }

    /** The numbered lines of /proc/interrupts' text. */
    public static Interrupts parse(String text) {
        CounterTable table = CounterTable.parse(text);
        List<Line> lines = new ArrayList<>();
        for (CounterTable.Row r : table.rows()) {
            int number;
            try {
                number = Integer.parseInt(r.label());
            } catch (NumberFormatException e) {
                continue; // NMI:, LOC:, ... are not IRQs of a device
            }
            if (r.perCpu() || r.words().isEmpty()) { // a word among the counts: not a line the kernel writes
                lines.add(new Line(number, r.counts(), r.words()));
            }
        }
        return new Interrupts(table.cpus(), List.copyOf(lines));
    }
}
