package org.tsnlat.lab;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A rate limit on the bottleneck, the egress of talker:eth0.
 *
 * @param kind TBF (one queue) or HTB (a probe class and a bulk class)
 * @param rateBitsPerSecond the link rate the qdisc enforces
 * @param ptpClass with HTB, the class PTP messages go to (null given means {@link PtpClass#PRIORITY});
 *     null with TBF, which has one queue for everything
 */
public record Shaping(Kind kind, long rateBitsPerSecond, @JsonInclude(JsonInclude.Include.NON_NULL) PtpClass ptpClass) {
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
            return byLowerCaseName(values(), text, "shaping");
        }
    }

    /**
     * Where HTB puts PTP messages (UDP ports 319 and 320, EtherType 0x88F7): beside the probes in
     * the priority class 1:10, or in the bulk class 1:20 behind the background load.
     */
    public enum PtpClass {
        PRIORITY("1:10"),
        BULK("1:20");

        private final String classId;

        PtpClass(String classId) {
            this.classId = classId;
        }

        /** The htb class, {@code 1:10} or {@code 1:20}. */
        public String classId() {
            return classId;
        }

        @JsonValue
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static PtpClass parse(String text) {
            return byLowerCaseName(values(), text, "PTP class");
        }
    }

    /** The one of two {@code values} named {@code text} in any case, or a usage error naming both. */
    private static <E extends Enum<E>> E byLowerCaseName(E[] values, String text, String what) {
        for (E e : values) {
            if (e.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return e;
            }
        }
        throw new org.tsnlat.exit.UsageException("unknown " + what + " '" + text + "'; expected "
                + values[0].name().toLowerCase(Locale.ROOT) + " or " + values[1].name().toLowerCase(Locale.ROOT));
    }

    /** HTB with PTP in the priority class, or TBF. */
    public Shaping(Kind kind, long rateBitsPerSecond) {
        this(kind, rateBitsPerSecond, null);
    }

    public Shaping {
        if (kind == null) {
            throw new org.tsnlat.exit.UsageException("shaping needs a kind (tbf or htb)");
        }
        if (kind == Kind.HTB && ptpClass == null) {
            ptpClass = PtpClass.PRIORITY;
        }
        if (kind == Kind.TBF && ptpClass != null) {
            throw new org.tsnlat.exit.UsageException("a PTP class needs htb shaping: tbf has one queue for everything");
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
        return kind.cliName() + " " + formatRate(rateBitsPerSecond)
                + (ptpClass == null ? "" : " (PTP in " + ptpClass.cliName() + " class " + ptpClass.classId() + ")");
    }
}
