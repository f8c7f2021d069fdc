package org.tsnlat.linux;

import java.util.Locale;

/** The POSIX clocks tsnlat reads and sleeps on, with their Linux clockid_t numbers. */
public enum ClockId {
    /** Wall-clock time, UTC; steps when someone sets the clock. */
    REALTIME(0),
    /** Never steps, slewed by NTP; starts at an arbitrary point. */
    MONOTONIC(1),
    /** International Atomic Time: REALTIME plus the kernel's TAI offset (0 until someone sets it). */
    TAI(11);

    private final int id;

    ClockId(int id) {
        this.id = id;
    }

    /** The clockid_t value passed to clock_gettime and clock_nanosleep. */
    public int id() {
        return id;
    }

    /**
     * Parses "tai", "CLOCK_TAI", "realtime", "monotonic" and the like, in any letter case.
     *
     * @throws IllegalArgumentException for anything else, listing the accepted names
     */
    public static ClockId parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("no clock given; expected one of realtime, monotonic, tai");
        }
        String name = s.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("CLOCK_")) {
            name = name.substring("CLOCK_".length());
        }
        for (ClockId c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown clock '" + s
                + "'; expected one of realtime, monotonic, tai (optionally prefixed CLOCK_)");
    }
}
