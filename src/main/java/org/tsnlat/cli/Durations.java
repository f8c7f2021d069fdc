package org.tsnlat.cli;

import org.tsnlat.time.DurationNs;
import picocli.CommandLine;

/** Converters for duration options: a number with a unit (1ms, 250us, 10s, 5m, 2h). */
final class Durations {
    private Durations() {}

    static long parse(String text, String bareUnit, boolean zeroAllowed) {
        long ns;
        try {
            ns = DurationNs.parse(text, bareUnit);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (ns < 0 || (ns == 0 && !zeroAllowed)) {
            throw new CommandLine.TypeConversionException("'" + text + "' must be " + (zeroAllowed ? "0 or more" : "greater than 0"));
        }
        return ns;
    }

    /** A period: greater than 0; a bare number is microseconds, as cyclictest's -i. */
    static final class Period implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return parse(text, "us", false);
        }
    }

    /** A run length: greater than 0; a bare number is seconds. */
    static final class Length implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return parse(text, "s", false);
        }
    }

    /** A span that may be 0 (warm-up); a bare number is seconds. */
    static final class Span implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return parse(text, "s", true);
        }
    }

    /** A wait for an answer: greater than 0; a bare number is milliseconds. */
    static final class Wait implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return parse(text, "ms", false);
        }
    }
}
