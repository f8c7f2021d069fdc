package org.tsnlat.cli;

import java.util.regex.Pattern;
import org.tsnlat.time.DurationNs;
import picocli.CommandLine;

/**
 * Converters for duration options: always a number with a unit (250us, 1ms, 10s, 5m, 2h). A bare
 * number other than 0 is refused with the accepted forms, whatever the option, so that no option
 * reads "100" as microseconds and another as seconds.
 */
final class Durations {
    private Durations() {}

    /** The forms every duration option accepts, as its help and its refusals say. */
    static final String FORMS = "a number and a unit: ns, us, ms, s, m or h (250us, 1ms, 1.5s, 10m)";

    private static final Pattern BARE = Pattern.compile("\\s*[+-]?[0-9]+(\\.[0-9]+)?\\s*");
    private static final Pattern ZERO = Pattern.compile("\\s*[+-]?0+(\\.0+)?\\s*");

    static long parse(String text, boolean zeroAllowed) {
        if (BARE.matcher(text).matches() && !ZERO.matcher(text).matches()) {
            throw new CommandLine.TypeConversionException("'" + text.strip() + "' has no unit: give " + FORMS);
        }
        long ns;
        try {
            ns = DurationNs.parse(text, "s");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (ns < 0 || (ns == 0 && !zeroAllowed)) {
            throw new CommandLine.TypeConversionException("'" + text + "' must be " + (zeroAllowed ? "0 or more" : "greater than 0"));
        }
        return ns;
    }

    /** A duration greater than 0: a period, a run length, a limit, a wait. */
    static final class Positive implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return parse(text, false);
        }
    }

    /** A span that may be 0 (a warm-up, a silence rule that is off). */
    static final class Span implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return parse(text, true);
        }
    }
}
