package org.tsnlat.cli;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that check a number's range as the command line is parsed, so that a value the
 * tool cannot use is refused with the option's name (exit 2) before anything starts.
 */
final class Ranges {
    private Ranges() {}

    static long whole(String text, long min, long max) {
        return whole(text, min, max, Long::parseLong, "a whole number");
    }

    /** A whole number read by {@code parse} (refusing with NumberFormatException what is not {@code form}), in range. */
    static long whole(String text, long min, long max, java.util.function.ToLongFunction<String> parse, String form) {
        long v;
        try {
            v = parse.applyAsLong(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not " + form);
        }
        if (v < min || v > max) {
            throw new TypeConversionException("'" + text + "' must be " + range(min, max));
        }
        return v;
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE) return min + " or more";
        return min + "-" + max;
    }

    /** A socket's SO_PRIORITY, decimal or hexadecimal (0x10010, as tc writes class 1:10), 0 or more. */
    static final class SoPriority implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) whole(text, 0, Integer.MAX_VALUE, SoPriority::decimalOrHex,
                    "a number (decimal, or hexadecimal as 0x10010)");
        }

        /** 65552 or 0x10010 (never octal: 010 is ten). */
        static long decimalOrHex(String t) {
            return t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        }
    }

    /** A number of probes or packets: 1 or more. */
    static final class Count implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return whole(text, 1, Long.MAX_VALUE);
        }
    }

    /** A probe's sequence number: 0 or more. */
    static final class Seq implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return whole(text, 0, Long.MAX_VALUE);
        }
    }

    /** A count where 0 means none or never. */
    static final class CountOrZero implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) whole(text, 0, Integer.MAX_VALUE);
        }
    }

    /** A real-time priority, 1-99. */
    static final class Priority implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) whole(text, 1, 99);
        }
    }

    /** A probe's UDP payload: 64 bytes (its header) to 65507 (the largest UDP payload over IPv4). */
    static final class ProbeSize implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) whole(text, 64, 65507);
        }
    }

    /** The number of 1 us buckets of a cyclictest histogram: up to a second. */
    static final class HistogramBuckets implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) whole(text, 1, 1_000_000);
        }
    }

    /** A PTP domainNumber, 0-255. */
    static final class PtpDomain implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) whole(text, 0, 255);
        }
    }

    /** A PTP transportSpecific nibble, 0-15. */
    static final class TransportSpecific implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) whole(text, 0, 15);
        }
    }

    /** The length of a clock-trust interval: 10 ms (several probes at the usual periods) to 1 h. */
    static final class TrustInterval implements CommandLine.ITypeConverter<Long> {
        static final long MIN_NS = 10_000_000L;
        static final long MAX_NS = 3_600_000_000_000L;

        @Override
        public Long convert(String text) {
            long ns = Durations.parse(text, false);
            if (ns < MIN_NS || ns > MAX_NS) {
                throw new TypeConversionException("'" + text + "' must be 10ms-1h");
            }
            return ns;
        }
    }

    /** A drift limit in ppm: greater than 0 and at most 1e6. */
    static final class Ppm implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v;
            try {
                v = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a number");
            }
            if (!(v > 0 && v <= 1e6)) {
                throw new TypeConversionException("'" + text + "' must be greater than 0 and at most 1000000");
            }
            return v;
        }
    }
}
