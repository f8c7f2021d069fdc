package org.tsnlat.run;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tsnlat.time.DurationNs;

/**
 * A made-up error of the sender's clock, for tests and demonstrations: on one machine both ends
 * read the same kernel clock, so a clock sync that does not hold can only be shown by perturbing
 * what the sender believes. The fault is a function of the true time elapsed since the run's
 * origin: the sender reads {@code true + offsetNs(true - origin)} (see {@link SenderClock}).
 *
 * <p>Specs ({@link #parse}): {@code none}; {@code step:+50ms@10s} (the sender's clock jumps by
 * +50 ms 10 s into the run and stays there); {@code drift:100ppm} (it runs fast by 100 ppm:
 * +100 us per second); {@code steps:+2ms@every5s/1s} (intermittent: +2 ms during the first
 * second of every fifth second, from 5 s on; the run starts clean). Documented in
 * {@code docs/clock-faults.md}.
 */
public sealed interface ClockFault {
    ClockFault NONE = new None();

    /** The sender's clock minus the true clock, {@code elapsedNs} (true) after the origin. */
    long offsetNs(long elapsedNs);

    /**
     * The earliest true elapsed time at which the faulty clock reads at least
     * {@code faultyElapsedNs}: where a sleep until that faulty time must end.
     */
    long trueElapsedNs(long faultyElapsedNs);

    /** The spec this parses from. */
    String spec();

    /** No fault: the sender reads the true clock. */
    record None() implements ClockFault {
        public long offsetNs(long elapsedNs) { return 0; }
        public long trueElapsedNs(long faultyElapsedNs) { return faultyElapsedNs; }
        public String spec() { return "none"; }
    }

    /** The offset jumps from 0 to {@code stepNs} at {@code atNs} and stays. */
    record Step(long atNs, long stepNs) implements ClockFault {
        public Step {
            if (atNs < 0) throw new IllegalArgumentException("clock fault step: the time must be 0 or more");
        }

        public long offsetNs(long elapsedNs) {
            return elapsedNs >= atNs ? stepNs : 0;
        }

        public long trueElapsedNs(long f) {
            if (f < atNs) return f;
            return stepNs >= 0 ? Math.max(atNs, f - stepNs) : f - stepNs;
        }

        public String spec() {
            return "step:" + signed(stepNs) + "@" + DurationNs.format(atNs);
        }
    }

    /** The offset grows by {@code ppm} parts per million of the elapsed time (the clock runs fast for ppm > 0). */
    record Drift(double ppm) implements ClockFault {
        public Drift {
            if (!(Math.abs(ppm) <= 100_000)) {
                throw new IllegalArgumentException("clock fault drift: " + ppm + "ppm is outside -100000..100000ppm");
            }
        }

        public long offsetNs(long elapsedNs) {
            return (long) Math.floor(elapsedNs * (ppm / 1e6));
        }

        public long trueElapsedNs(long f) {
            long e = (long) Math.ceil(f / (1 + ppm / 1e6));
            while (e + offsetNs(e) < f) e++;
            while (e - 1 + offsetNs(e - 1) >= f) e--;
            return e;
        }

        public String spec() {
            return "drift:" + (ppm == Math.rint(ppm) ? Long.toString((long) ppm) : Double.toString(ppm)) + "ppm";
        }
    }

    /** The offset is {@code stepNs} during [k * everyNs, k * everyNs + durationNs) for k = 1, 2, ..., else 0. */
    record Steps(long everyNs, long stepNs, long durationNs) implements ClockFault {
        public Steps {
            if (everyNs <= 0 || durationNs <= 0 || durationNs >= everyNs) {
                throw new IllegalArgumentException("clock fault steps: the window must be longer than 0 and shorter than the repeat");
            }
        }

        public long offsetNs(long elapsedNs) {
            return windowStart(elapsedNs) >= 0 ? stepNs : 0;
        }

        public long trueElapsedNs(long f) {
            if (stepNs >= 0) {
                long from = f - stepNs;
                if (windowStart(from) >= 0) return from;
                long next = from < everyNs ? everyNs : (Math.floorDiv(from, everyNs) + 1) * everyNs;
                return next < f ? next : f;
            }
            long start = windowStart(f);
            if (start < 0) return f;
            return Math.min(f - stepNs, start + durationNs);
        }

        /** The start of the window {@code e} is in, or -1 when it is in none. */
        private long windowStart(long e) {
            if (e < everyNs) return -1;
            long start = Math.floorDiv(e, everyNs) * everyNs;
            return e - start < durationNs ? start : -1;
        }

        public String spec() {
            return "steps:" + signed(stepNs) + "@every" + DurationNs.format(everyNs) + "/" + DurationNs.format(durationNs);
        }
    }

    Pattern STEP = Pattern.compile("step:([^@]+)@(.+)");
    Pattern DRIFT = Pattern.compile("drift:([+-]?[0-9]+(?:\\.[0-9]+)?)ppm");
    Pattern STEPS = Pattern.compile("steps:([^@]+)@every([^/]+)/(.+)");

    /** Parses a spec; the exception's message is one line that names the spec and the forms. */
    static ClockFault parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.equals("none")) return NONE;
            Matcher m = STEP.matcher(s);
            if (m.matches()) return new Step(duration(m.group(2)), duration(m.group(1)));
            m = DRIFT.matcher(s);
            if (m.matches()) return new Drift(Double.parseDouble(m.group(1)));
            m = STEPS.matcher(s);
            if (m.matches()) return new Steps(duration(m.group(2)), duration(m.group(1)), duration(m.group(3)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("clock fault '" + text + "': " + e.getMessage());
        }
        throw new IllegalArgumentException("clock fault '" + text
                + "' is not one of: none, step:+50ms@10s, drift:100ppm, steps:+2ms@every5s/1s");
    }

    private static long duration(String text) {
        return DurationNs.parse(text, "-");
    }

    private static String signed(long ns) {
        return (ns >= 0 ? "+" : "-") + DurationNs.format(Math.abs(ns));
    }
}
