package org.tsnlat.time;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rates as tc writes them: {@code 100mbit}, {@code 1.5gbit}, {@code 500kbit}, {@code 64000} (bit/s). */
public final class BitRate {
    public static final long MAX_BITS_PER_SECOND = 100_000_000_000L;
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)(?:bit)?");

    private BitRate() {}

    /** Bits per second; bytes per second ({@code mbps}) are refused rather than guessed. */
    public static long parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = RATE.matcher(t);
        if (!m.matches()) {
            throw new org.tsnlat.exit.UsageException("'" + text + "' is not a rate; use e.g. 100mbit, 1gbit, 500kbit");
        }
        long scale = switch (m.group(2)) {
            case "k" -> 1_000L;
            case "m" -> 1_000_000L;
            case "g" -> 1_000_000_000L;
            default -> 1L;
        };
        BigDecimal bits = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(scale));
        if (bits.compareTo(BigDecimal.valueOf(MAX_BITS_PER_SECOND)) > 0) {
            throw new org.tsnlat.exit.UsageException("rate '" + text + "' is above 100gbit");
        }
        return bits.longValue();
    }
}
