package org.tsnlat.run;

import java.nio.file.Path;

/**
 * The ptp4l instances to read during a run, one per side (null: that side has none), all with
 * the same domain number and transportSpecific (1 for gPTP / 802.1AS configurations).
 */
public record PtpSources(Path rxSocket, Path txSocket, int domainNumber, int transportSpecific) {
    public static PtpSources none() {
        return new PtpSources(null, null, 0, 0);
    }
}
