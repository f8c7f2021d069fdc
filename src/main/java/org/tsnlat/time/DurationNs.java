package org.tsnlat.time;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way latency engineers write them: {@code 1ms}, {@code 250us}, {@code 10s},
 * {@code 5m}, {@code 2h}, {@code 100ns}. A bare number is taken in the unit the caller names.
 */
public final class DurationNs {
    private static final Pattern FORM = Pattern.compile("([+-]?[0-9]+(?:\\.[0-9]+)?)\\s*([a-zµ]*)");

    private DurationNs() {}

    /** Parses {@code text} into nanoseconds; a bare number is in {@code bareUnit} (for example "ms"). */
    public static long parse(String text, String bareUnit) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new org.tsnlat.exit.UsageException("'" + text + "' is not a duration (examples: 1ms, 250us, 10s, 5m)");
        }
        String unit = m.group(2).isEmpty() ? bareUnit : m.group(2);
        long nsPerUnit = switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new org.tsnlat.exit.UsageException(
                    "'" + text + "': unknown unit '" + unit + "' (use ns, us, ms, s, m or h)");
        };
        java.math.BigDecimal ns = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(nsPerUnit));
        try {
            return ns.setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new org.tsnlat.exit.UsageException("'" + text + "' is not a whole number of nanoseconds or too large");
        }
    }

    /** A short human form: 1ms, 250us, 10s, 1.5s, 1234ns. */
    public static String format(long ns) {
        if (ns != 0 && ns % 3_600_000_000_000L == 0) return ns / 3_600_000_000_000L + "h";
        if (ns != 0 && ns % 60_000_000_000L == 0) return ns / 60_000_000_000L + "m";
        if (ns != 0 && ns % 1_000_000_000L == 0) return ns / 1_000_000_000L + "s";
        if (ns != 0 && ns % 1_000_000L == 0) return ns / 1_000_000L + "ms";
        if (ns != 0 && ns % 1_000L == 0) return ns / 1_000L + "us";
        return ns + "ns";
    }
}
