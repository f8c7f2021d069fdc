package org.tsnlat.time;

import java.util.List;

/**
 * Puts a periodic schedule at one point of a repeating cycle, as isochron aligns its sender to a
 * taprio schedule: the cycles start at {@code cycleBaseNs + k * cycleNs} (k any whole number),
 * and the probes' schedule origin is {@code cycleBaseNs + shiftNs}. With a period that is a
 * whole number of cycles, every probe {@code origin + n * period}, and every origin moved forward
 * by whole periods, falls {@code shiftNs} into a cycle. A period shorter than the cycle, or not a
 * multiple of it, would put the probes at different points of the cycle: refused.
 *
 * @param cycleBaseNs when a cycle starts (taprio's base-time), ns of the schedule's clock
 * @param cycleNs     the cycle (taprio's cycle-time), more than 0
 * @param shiftNs     where in the cycle each probe is due, 0 or more and less than the cycle
 */
public record CycleAlignment(long cycleBaseNs, long cycleNs, long shiftNs) {

    public CycleAlignment {
        if (cycleNs <= 0) throw new IllegalArgumentException("the cycle must be greater than 0, not " + cycleNs + " ns");
        if (shiftNs < 0 || shiftNs >= cycleNs) {
            throw new IllegalArgumentException("the shift " + DurationNs.format(shiftNs) + " must be 0 or more and less than "
                    + "the cycle (" + DurationNs.format(cycleNs) + ")");
        }
    }

    /** Null when {@code periodNs} is a whole number of cycles; else why not, in words. */
    public String periodProblem(long periodNs) {
        if (periodNs > 0 && periodNs % cycleNs == 0) return null;
        return "the period " + DurationNs.format(periodNs) + " is not a whole number of cycles of "
                + DurationNs.format(cycleNs) + ": its probes would fall at different points of the cycle";
    }

    /**
     * The probes' schedule origin: the cycle's base plus the shift.
     *
     * @throws IllegalArgumentException when the period is not a whole number of cycles ({@link #periodProblem})
     */
    public long originNs(long periodNs) {
        String problem = periodProblem(periodNs);
        if (problem != null) throw new IllegalArgumentException(problem);
        return cycleBaseNs + shiftNs;
    }

    /** How far into its cycle {@code tNs} falls, 0 to the cycle (excluded); before the base too. */
    public long phaseNs(long tNs) {
        return Math.floorMod(tNs - cycleBaseNs, cycleNs);
    }

    /**
     * Which of a gate control list's entries is in force {@code offsetNs} into the cycle, given
     * their intervals in order: the index in the list, or -1 past the last entry's end.
     */
    public static int entryAt(List<Long> intervalsNs, long offsetNs) {
        long end = 0;
        for (int i = 0; i < intervalsNs.size(); i++) {
            end += intervalsNs.get(i);
            if (offsetNs < end) return i;
        }
        return -1;
    }
}
