package org.tsnlat.tune;

import java.util.BitSet;
import org.tsnlat.linux.Cpus;

/**
 * The kernel's hexadecimal CPU masks (rps_cpus, xps_cpus, smp_affinity): 32-bit groups of 8 hex
 * digits separated by commas, most significant first ("00000000,00000004" is CPU 2).
 */
final class CpuMask {
    private CpuMask() {
    }

    /** The CPUs of a mask; IllegalArgumentException when it is not one. */
    static BitSet parse(String mask) {
        String hex = mask.strip().replace(",", "");
        if (hex.isEmpty() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a CPU mask: '" + mask + "'");
        }
        BitSet cpus = new BitSet();
        for (int i = 0; i < hex.length(); i++) {
            int nibble = Character.digit(hex.charAt(hex.length() - 1 - i), 16);
            for (int b = 0; b < 4; b++) {
                if ((nibble & (1 << b)) != 0) cpus.set(i * 4 + b);
            }
        }
        return cpus;
    }

    /** The mask the kernel takes: "0" for none, "4" for CPU 2, groups of 8 digits beyond CPU 31. */
    static String format(BitSet cpus) {
        if (cpus.isEmpty()) return "0";
        int groups = (cpus.length() + 31) / 32;
        StringBuilder b = new StringBuilder();
        for (int g = groups - 1; g >= 0; g--) {
            long word = 0;
            for (int bit = 0; bit < 32; bit++) {
                if (cpus.get(g * 32 + bit)) word |= 1L << bit;
            }
            String digits = Long.toHexString(word);
            if (g < groups - 1) {
                b.append(',').append("0".repeat(8 - digits.length()));
            }
            b.append(digits);
        }
        return b.toString();
    }

    /** "CPU 0", "CPUs 0-3", "no CPU". */
    static String words(BitSet cpus) {
        int n = cpus.cardinality();
        return n == 0 ? "no CPU" : (n == 1 ? "CPU " : "CPUs ") + Cpus.formatList(cpus);
    }
}
