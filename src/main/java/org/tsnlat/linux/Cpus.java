package org.tsnlat.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;

/**
 * CPU counts and the kernel's CPU list format ("0-3,6", as in /sys/devices/system/cpu/online,
 * isolcpus= and taskset -c), used by {@code --cpu}.
 */
public final class Cpus {
    private static final int SC_NPROCESSORS_ONLN = 84;
    private static final int SC_CLK_TCK = 2;
    /** Keeps a typo such as "0-99999999" from allocating a huge BitSet. */
    private static final int MAX_CPU = 8191;
    private static final MethodHandle SYSCONF = Native.downcallErrno("sysconf",
            FunctionDescriptor.of(Native.C_LONG, Native.C_INT));

    private Cpus() {
    }

    /** Number of CPUs online (sysconf(_SC_NPROCESSORS_ONLN)). */
    public static int online() {
        return (int) sysconf(SC_NPROCESSORS_ONLN, "_SC_NPROCESSORS_ONLN");
    }

    /**
     * The CPUs online as the kernel lists them in /sys/devices/system/cpu/online (with some
     * offline, not always 0 to N-1); 0 to {@link #online()}-1 when that file cannot be read.
     */
    public static BitSet onlineSet() {
        try {
            BitSet s = parseList(java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/online")).strip());
            if (!s.isEmpty()) return s;
        } catch (java.io.IOException | IllegalArgumentException e) {
            // fall back to the count
        }
        BitSet s = new BitSet();
        s.set(0, online());
        return s;
    }

    /** Clock ticks a second (sysconf(_SC_CLK_TCK), USER_HZ): the unit of /proc/stat's CPU times. */
    public static long clockTicksPerSecond() {
        return sysconf(SC_CLK_TCK, "_SC_CLK_TCK");
    }

    private static long sysconf(int name, String cName) {
        var capture = Native.threadCaptureState();
        long value;
        try {
            value = (long) SYSCONF.invokeExact(capture, name);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        if (value < 0) {
            throw Native.failure("sysconf", cName, capture);
        }
        return value;
    }

    /**
     * Parses a CPU list: comma-separated CPU numbers and inclusive ranges, e.g. "0-3,6".
     * Blank means no CPU. Spaces around items are ignored.
     *
     * @throws IllegalArgumentException naming the bad item
     */
    public static BitSet parseList(String list) {
        BitSet cpus = new BitSet();
        if (list == null || list.isBlank()) {
            return cpus;
        }
        for (String raw : list.split(",", -1)) {
            String item = raw.trim();
            int dash = item.indexOf('-');
            int first = number(dash < 0 ? item : item.substring(0, dash), item, list);
            int last = dash < 0 ? first : number(item.substring(dash + 1), item, list);
            if (last < first) {
                throw new IllegalArgumentException("CPU range '" + item + "' in '" + list
                        + "' runs backwards");
            }
            cpus.set(first, last + 1);
        }
        return cpus;
    }

    /** Formats CPUs as the shortest list: runs of 2 or more become ranges ("0-3,6"); "" for none. */
    public static String formatList(BitSet cpus) {
        StringBuilder out = new StringBuilder();
        int first = cpus.nextSetBit(0);
        while (first >= 0) {
            int last = cpus.nextClearBit(first) - 1;
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(first);
            if (last > first) {
                out.append('-').append(last);
            }
            first = cpus.nextSetBit(last + 1);
        }
        return out.toString();
    }

    private static int number(String text, String item, String list) {
        String digits = text.trim();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || digits.length() > 5 || Integer.parseInt(digits) > MAX_CPU) {
            throw new IllegalArgumentException("bad CPU item '" + item + "' in '" + list
                    + "': expected N or N-M with 0 <= N <= M <= " + MAX_CPU);
        }
        return Integer.parseInt(digits);
    }
}
