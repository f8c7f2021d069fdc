package org.tsnlat.lab;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A rate limit on the bottleneck, the egress of talker:eth0.
 *
 * @param kind TBF (one queue) or HTB (a probe class and a bulk class)
 * @param rateBitsPerSecond the link rate the qdisc enforces
 */
public record Shaping(Kind kind, long rateBitsPerSecond) {
    /** Lowest rate accepted: below this one full-size frame takes longer than the queue depth. */
    public static final long MIN_RATE_BITS_PER_SECOND = 64_000;
    public static final long MAX_RATE_BITS_PER_SECOND = 100_000_000_000L;


    public enum Kind {
        TBF,
        HTB;

        @JsonValue
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.cliName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return k;
                }
            }
            throw new org.tsnlat.exit.UsageException("unknown shaping '" + text + "'; expected tbf or htb");
        }
    }

    public Shaping {
        if (kind == null) {
            throw new org.tsnlat.exit.UsageException("shaping needs a kind (tbf or htb)");
        }
        if (rateBitsPerSecond < MIN_RATE_BITS_PER_SECOND || rateBitsPerSecond > MAX_RATE_BITS_PER_SECOND) {
            throw new org.tsnlat.exit.UsageException("rate " + formatRate(rateBitsPerSecond)
                    + " is outside 64kbit..100gbit");
        }
    }

    /**
     * Parses a rate as tc writes it, in bits per second with decimal prefixes: {@code 100mbit},
     * {@code 1.5gbit}, {@code 500kbit}, {@code 64000} (bare number = bit/s). Bytes per second
     * ({@code mbps}) are refused rather than guessed.
     */
    public static long parseRate(String text) {
        return org.tsnlat.time.BitRate.parse(text);
    }

    /** The rate in tc's words: {@code 100mbit}, {@code 1500kbit}, {@code 64001bit}. */
    public static String formatRate(long bitsPerSecond) {
        if (bitsPerSecond % 1_000_000_000L == 0 && bitsPerSecond != 0) {
            return bitsPerSecond / 1_000_000_000L + "gbit";
        }
        if (bitsPerSecond % 1_000_000L == 0 && bitsPerSecond != 0) {
            return bitsPerSecond / 1_000_000L + "mbit";
        }
        if (bitsPerSecond % 1_000L == 0 && bitsPerSecond != 0) {
            return bitsPerSecond / 1_000L + "kbit";
        }
        return bitsPerSecond + "bit";
    }

    @Override
    public String toString() {
        return kind.cliName() + " " + formatRate(rateBitsPerSecond);
    }
}
