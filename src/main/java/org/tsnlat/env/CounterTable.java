package org.tsnlat.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of per-CPU counters as /proc/interrupts and /proc/softirqs print them: a header naming
 * the CPU columns, then a row per counter, its label and a colon, one count per CPU column, and
 * words after them (for an IRQ: chip, hardware IRQ, action names; for LOC: "Local timer interrupts").
 * <pre>
 *                     CPU0       CPU1
 *  38:          0        980  PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
 * LOC:   20881815   29613972   Local timer interrupts
 * ERR:          0
 *       NET_RX:   22844675   34291545
 * </pre>
 * A row with fewer counts than CPU columns (ERR:, MIS: count for the whole machine) is not per CPU.
 *
 * @param cpus the CPU columns, lower case ("cpu0", "cpu1"; a CPU offline has no column)
 * @param rows the counter rows, in file order
 */
public record CounterTable(List<String> cpus, List<Row> rows) {

    /**
     * @param label  what stands before the colon ("38", "LOC", "NET_RX")
     * @param counts one count per CPU column (0 for a column the row does not fill)
     * @param given  how many counts the row gave: fewer than the columns for a machine-wide counter
     * @param words  what follows the counts, split on spaces and commas
     */
    public record Row(String label, long[] counts, int given, List<String> words) {
        /** Whether the row has a count for every CPU column. */
        public boolean perCpu() {
            return given == counts.length;
        }
    }

    /** The table of the file's text; lines that are not rows (no colon) are left out. */
    public static CounterTable parse(String text) {
        String[] lines = text.split("\n");
        List<String> cpus = lines.length == 0 || lines[0].isBlank() ? List.of()
                : List.of(lines[0].trim().toLowerCase(Locale.ROOT).split("\\s+"));
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            Row r = row(lines[i], cpus.size());
            if (r != null) rows.add(r);
        }
        return new CounterTable(cpus, List.copyOf(rows));
    }

    private static Row row(String line, int cpuCount) {
        String[] words = line.trim().split("[\\s,]+");
        if (words.length == 0 || !words[0].endsWith(":") || words[0].length() == 1) {
            return null;
        }
        long[] counts = new long[cpuCount];
        int w = 1;
        int given = 0;
        for (; given < cpuCount && w < words.length; given++, w++) {
            try {
                counts[given] = Long.parseLong(words[w]);
            } catch (NumberFormatException e) {
                break; // the words begin: a machine-wide counter, or a damaged row
            }
        }
        List<String> rest = new ArrayList<>();
        for (; w < words.length; w++) {
            if (!words[w].isEmpty()) rest.add(words[w]);
        }
        return new Row(words[0].substring(0, words[0].length() - 1), counts, given, List.copyOf(rest));
    }
}
