package org.tsnlat.env;

import java.util.ArrayList;
import java.util.List;

/**
 * /proc/interrupts, numbered lines only:
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
        String[] rows = text.split("\n");
        List<String> cpus = rows.length == 0 ? List.of()
                : List.of(rows[0].trim().split("\\s+"));
        List<Line> lines = new ArrayList<>();
        for (int r = 1; r < rows.length; r++) {
            Line line = line(rows[r], cpus.size());
            if (line != null) {
                lines.add(line);
            }
        }
        return new Interrupts(cpus.stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList(),
                List.copyOf(lines));
    }

    private static Line line(String row, int cpuCount) {
        String[] words = row.trim().split("[\\s,]+");
        if (words.length == 0 || !words[0].endsWith(":")) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(words[0].substring(0, words[0].length() - 1));
        } catch (NumberFormatException e) {
            return null; // NMI:, LOC:, ... are not IRQs of a device
        }
        long[] counts = new long[cpuCount];
        int w = 1;
        for (int c = 0; c < cpuCount && w < words.length; c++, w++) {
            try {
                counts[c] = Long.parseLong(words[w]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        List<String> rest = new ArrayList<>();
        for (; w < words.length; w++) {
            if (!words[w].isEmpty()) {
                rest.add(words[w]);
            }
        }
        return new Line(number, counts, List.copyOf(rest));
    }
}
