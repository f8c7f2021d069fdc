package org.tsnlat.cli;

import org.tsnlat.linux.ClockId;
import picocli.CommandLine.Option;

/** What the probes look like and which clock stamps them; shared by send and run. */
final class ProbeOptions {
    @Option(names = {"-i", "--period"}, paramLabel = "PERIOD", defaultValue = "1ms", converter = Durations.Period.class,
            description = "Time between probes (default: ${DEFAULT-VALUE}). Units ns, us, ms, s; a bare number is us.")
    long periodNs;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "64", converter = Ranges.ProbeSize.class,
            description = "UDP payload size of a probe, 64-65507 (default: ${DEFAULT-VALUE}).")
    int sizeBytes;

    @Option(names = "--clock", paramLabel = "CLOCK", defaultValue = "TAI", converter = ClockConverter.class,
            description = {"Clock of the schedule and the timestamps: TAI or REALTIME (default: ${DEFAULT-VALUE}).",
                    "TAI is PTP's timescale: ptp4l and phc2sys keep it on both hosts and it never jumps at a leap second.",
                    "Use REALTIME when the hosts are kept in sync by NTP or chrony instead of PTP. Both ends must use the same clock."})
    ClockId clock;
}
