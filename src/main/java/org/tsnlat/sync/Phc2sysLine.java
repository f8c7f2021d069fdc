package org.tsnlat.sync;

/**
 * One line of phc2sys's output, as linuxptp's {@code phc2sys.c} prints it (docs/sync-samples.md,
 * "phc2sys"). Only the end of a line is read, so every prefix phc2sys or a logger puts before
 * the message is accepted: {@code phc2sys[1234.567]: } ({@code -m}), a {@code -t} tag, a syslog
 * date and host. Two messages carry the clock's state ({@code update_clock} and
 * {@code update_clock_stats}):
 * <pre>
 *   CLOCK_REALTIME phc offset       -12 s2 freq   +1234 delay    500     (a sample; "delay" only when measured)
 *   eth0 sys offset    -35 s1 freq   -4071                                (source the system clock: no delay)
 *   CLOCK_REALTIME rms   12 max   40 freq  +1234 +/-   5 delay   500 +/-   2    (-u N: a summary of N samples)
 * </pre>
 * The source label is {@code phc}, {@code sys} or {@code pps}; the state is the servo's,
 * {@code s0} unlocked, {@code s1} stepping the clock, {@code s2} locked, {@code s3} locked and
 * stable (linuxptp 4). Every other line phc2sys writes ("selecting ... for synchronization",
 * ptp4l's own lines in a shared syslog) is {@link Kind#OTHER}. A line that looks like one of the
 * two messages but is not whole (cut, a number out of range, a state phc2sys has not), or that
 * holds a control character (an ESC sequence) or is longer than {@link #MAX_CHARS}, is
 * {@link Kind#SKIPPED}: counted, never used. So what is kept is printable ASCII of bounded size.
 *
 * @param kind           what the line is
 * @param clock          the clock phc2sys steers, as it names it ({@code CLOCK_REALTIME}, {@code eth0}, {@code /dev/ptp1})
 * @param source         {@code phc}, {@code sys} or {@code pps}; null for a summary
 * @param state          0 to 3 (the servo state of {@code sN}); -1 for a summary
 * @param offsetNs       the clock minus its source, ns; for a summary its largest |offset|
 * @param freqPpb        the frequency adjustment, ppb (a summary's mean)
 * @param delayNs        the delay of reading the source, ns (a summary's mean); -1 when the line gives none
 */
public record Phc2sysLine(Kind kind, String clock, String source, int state, long offsetNs, long freqPpb, long delayNs) {
    /** phc2sys formats a message into 1024 bytes; with a syslog prefix a line stays well under this. */
    public static final int MAX_CHARS = 4096;
    /** The longest clock name kept: an interface name or a device path. */
    static final int MAX_CLOCK_CHARS = 64;
    /** Digits of a number phc2sys can print: a 64-bit offset; a frequency adjustment of at most a few 1e9 ppb. */
    private static final int MAX_DIGITS = 19;

    public enum Kind { OFFSET, SUMMARY, OTHER, SKIPPED }

    public static final Phc2sysLine OTHER = new Phc2sysLine(Kind.OTHER, null, null, -1, 0, 0, -1);
    public static final Phc2sysLine SKIPPED = new Phc2sysLine(Kind.SKIPPED, null, null, -1, 0, 0, -1);

    /** What {@code line} (without its newline) is; never throws. */
    public static Phc2sysLine parse(String line) {
        if (line.length() > MAX_CHARS) return SKIPPED;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f) return SKIPPED; // ESC, CR, C1: not phc2sys's
        }
        String[] t = line.strip().split("[ \t]+");
        int at = indexOf(t, "offset");
        if (at >= 2 && isSource(t[at - 1])) return offset(t, at - 2);
        at = indexOf(t, "rms");
        // ptp4l prints the same summary without a clock name: its prefix, "[1.2]" or "ptp4l:", is none
        if (at >= 1 && at + 2 < t.length && "max".equals(t[at + 2]) && isClock(t[at - 1])) return summary(t, at - 1);
        return OTHER;
    }

    /** {@code CLOCK src offset N sK freq F [delay D]}, from t[c] to the end. */
    private static Phc2sysLine offset(String[] t, int c) {
        int n = t.length - c;
        if (n != 7 && n != 9) return SKIPPED;
        if (!"freq".equals(t[c + 5]) || n == 9 && !"delay".equals(t[c + 7])) return SKIPPED;
        String s = t[c + 4];
        if (s.length() != 2 || s.charAt(0) != 's' || s.charAt(1) < '0' || s.charAt(1) > '3') return SKIPPED;
        long offset = number(t[c + 3], SIGNED);
        long freq = number(t[c + 6], PLUS_OR_MINUS);
        long delay = n == 9 ? number(t[c + 8], DIGITS) : -1;
        if (offset == Long.MIN_VALUE || freq == Long.MIN_VALUE || delay == Long.MIN_VALUE || !isClock(t[c])) return SKIPPED;
        return new Phc2sysLine(Kind.OFFSET, t[c], t[c + 1], s.charAt(1) - '0', offset, freq, n == 9 ? delay : -1);
    }

    /** {@code CLOCK rms R max M freq F +/- S [delay D +/- S]}, from t[c] to the end. */
    private static Phc2sysLine summary(String[] t, int c) {
        int n = t.length - c;
        if (n != 9 && n != 13) return SKIPPED;
        if (!"freq".equals(t[c + 5]) || !"+/-".equals(t[c + 7])) return SKIPPED;
        if (n == 13 && (!"delay".equals(t[c + 9]) || !"+/-".equals(t[c + 11]))) return SKIPPED;
        long max = number(t[c + 4], DIGITS);
        long freq = number(t[c + 6], PLUS_OR_MINUS);
        long delay = n == 13 ? number(t[c + 10], DIGITS) : -1;
        if (number(t[c + 2], DIGITS) == Long.MIN_VALUE || number(t[c + 8], DIGITS) == Long.MIN_VALUE
                || n == 13 && number(t[c + 12], DIGITS) == Long.MIN_VALUE) {
            return SKIPPED; // rms and the +/- deviations: figures that cannot be negative
        }
        if (max == Long.MIN_VALUE || freq == Long.MIN_VALUE || delay == Long.MIN_VALUE) return SKIPPED;
        return new Phc2sysLine(Kind.SUMMARY, t[c], null, -1, max, freq, delay);
    }

    /** Signs a number may have: none (a delay, an rms), '-' ({@code %9 PRId64}), '+' or '-' ({@code %+7.0f}). */
    private static final int DIGITS = 0;
    private static final int SIGNED = 1;
    private static final int PLUS_OR_MINUS = 2;

    /**
     * A whole number as phc2sys prints it: the sign {@code signs} allows, then at most
     * {@value #MAX_DIGITS} digits; Long.MIN_VALUE when it is none.
     */
    private static long number(String s, int signs) {
        int i = 0;
        if (!s.isEmpty() && (signs >= SIGNED && s.charAt(0) == '-' || signs == PLUS_OR_MINUS && s.charAt(0) == '+')) i = 1;
        if (s.length() == i || s.length() - i > MAX_DIGITS) return Long.MIN_VALUE;
        for (int k = i; k < s.length(); k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(s.charAt(0) == '+' ? s.substring(1) : s); // -2^63 is refused like the rest
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE; // 19 digits beyond 2^63 - 1
        }
    }

    private static boolean isSource(String s) {
        return "phc".equals(s) || "sys".equals(s) || "pps".equals(s);
    }

    /**
     * A clock name kept in the log: printable ASCII, at most {@value #MAX_CLOCK_CHARS}, without a
     * quote, a backslash or a colon (no interface name has one), not starting with '[': so neither
     * a prefix ({@code phc2sys[1.2]:}, {@code [1.2]}, a {@code [tag]}) nor ptp4l's own summary in
     * a shared log ({@code ptp4l: [1.2] rms ... max ...}, no clock name) passes for a clock.
     */
    static boolean isClock(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_CLOCK_CHARS || s.charAt(0) == '[') return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == ':') return false;
        }
        return true;
    }

    private static int indexOf(String[] t, String word) {
        for (int i = t.length - 1; i >= 0; i--) {
            if (word.equals(t[i])) return i;
        }
        return -1;
    }
}
