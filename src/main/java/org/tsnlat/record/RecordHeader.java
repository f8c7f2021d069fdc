package org.tsnlat.record;

import java.util.Objects;

/**
 * The header of a record file: what the records are and on which clock their timestamps are.
 *
 * @param version record format version: 1, or 2 (the same with checksums)
 * @param kind TX or RX
 * @param sessionId the run's session id, as in the probes (u64)
 * @param clockId the POSIX clock of the application timestamps: {@link #CLOCK_REALTIME},
 *     {@link #CLOCK_MONOTONIC} or {@link #CLOCK_TAI}
 * @param periodNs the probe period
 * @param startNs the run's start time on that clock
 * @param swOffsetNs offset added to kernel software timestamps (TAI minus REALTIME) so that every
 *     timestamp in the file is on the run's clock; 0 when none was applied
 */
public record RecordHeader(int version, RecordKind kind, long sessionId, int clockId, long periodNs,
        long startNs, long swOffsetNs) {
    /** The version this code writes, and the newest it reads. */
    public static final int CURRENT_VERSION = 2;
    /** The oldest version this code reads. */
    public static final int OLDEST_VERSION = 1;
    /** The first version with a checksum on the header and on every record. */
    public static final int FIRST_CHECKSUMMED_VERSION = 2;
    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int CLOCK_TAI = 11;

    public RecordHeader {
        Objects.requireNonNull(kind, "kind");
    }

    /** A header of the current version. */
    public static RecordHeader of(RecordKind kind, long sessionId, int clockId, long periodNs,
            long startNs, long swOffsetNs) {
        return new RecordHeader(CURRENT_VERSION, kind, sessionId, clockId, periodNs, startNs, swOffsetNs);
    }

    /** True if the header and every record of this file carry a checksum (version 2 on). */
    public boolean checksummed() {
        return version >= FIRST_CHECKSUMMED_VERSION;
    }

    /** The size of one record in this file. */
    public int recordBytes() {
        return kind.recordBytes();
    }
}
