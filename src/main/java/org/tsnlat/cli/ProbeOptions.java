package org.tsnlat.cli;

import org.tsnlat.linux.ClockId;
import picocli.CommandLine.Option;

/** What the probes look like and which clock stamps them; shared by send and run. */
final class ProbeOptions {
    @Option(names = {"-i", "--period"}, paramLabel = "PERIOD", defaultValue = "1ms", converter = Durations.Positive.class,
            description = "Time between probes (default: ${DEFAULT-VALUE}). E.g. 250us, 1ms, 10ms.")
    long periodNs;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", converter = Ranges.ProbeSize.class,
            description = "UDP payload size of a probe, 64-65507 (default: 64; with --key-file 80, its least).")
    Integer sizeBytes;

    /** The probe size: as given, else the least a probe can have (with a key, its 16-byte tag too). */
    int sizeBytes(boolean authenticated) {
        int least = authenticated ? org.tsnlat.wire.ProbeHeader.AUTH_HEADER_BYTES : org.tsnlat.wire.ProbeHeader.MIN_PAYLOAD_BYTES;
        if (sizeBytes == null) return least;
        if (sizeBytes < least) {
            throw new org.tsnlat.exit.UsageException("--size " + sizeBytes + " is too small for an authenticated probe: "
                    + "at least " + least + " bytes (its 64-byte header and 16-byte tag)");
        }
        return sizeBytes;
    }

    @Option(names = "--clock", paramLabel = "CLOCK", defaultValue = "TAI", converter = ClockConverter.class,
            completionCandidates = Candidates.Clocks.class,
            description = {"Clock of the schedule and the timestamps: TAI or REALTIME (default: ${DEFAULT-VALUE}).",
                    "TAI is PTP's timescale: ptp4l and phc2sys keep it on both hosts and it never jumps at a leap second.",
                    "Use REALTIME when the hosts are kept in sync by NTP or chrony instead of PTP. Both ends must use the same clock."})
    ClockId clock;
}
