package org.tsnlat.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.tsnlat.sync.PtpManagementClient;
import picocli.CommandLine.Option;

/** Which ptp4l to ask and how: shared by 'ptp status' and 'ptp watch'. */
final class PtpOptions {
    @Option(names = "--ptp-socket", paramLabel = "PATH", defaultValue = "/var/run/ptp4l",
            description = "ptp4l's management socket: uds_address in its configuration. Default: ${DEFAULT-VALUE}.")
    Path socket;

    @Option(names = "--ptp-domain", paramLabel = "N", defaultValue = "0", converter = Ranges.PtpDomain.class,
            description = "ptp4l's domainNumber (0-255); ptp4l ignores requests for another domain. Default: ${DEFAULT-VALUE}.")
    int domainNumber;

    @Option(names = "--ptp-transport-specific", paramLabel = "N", defaultValue = "0", converter = Ranges.TransportSpecific.class,
            description = "1 for gPTP / 802.1AS configurations (gPTP.cfg, automotive profiles), else 0: "
                    + "ptp4l's transportSpecific (0-15); it ignores requests with another value. Default: ${DEFAULT-VALUE}.")
    int transportSpecific;

    @Option(names = "--socket", paramLabel = "PATH", hidden = true, description = "Old name of --ptp-socket.")
    void oldSocket(Path p) {
        oldSocket = p;
    }

    private Path oldSocket;
    private Integer oldDomain;
    private Integer oldTransportSpecific;

    @Option(names = "--domain", paramLabel = "N", hidden = true, converter = Ranges.PtpDomain.class,
            description = "Old name of --ptp-domain.")
    void oldDomain(int n) {
        oldDomain = n;
    }

    @Option(names = "--transport-specific", paramLabel = "N", hidden = true, converter = Ranges.TransportSpecific.class,
            description = "Old name of --ptp-transport-specific.")
    void oldTransportSpecific(int n) {
        oldTransportSpecific = n;
    }

    /** The old names, when given, over the new names' defaults (picocli sets those after the old names). */
    PtpOptions resolved() {
        if (oldSocket != null) socket = oldSocket;
        if (oldDomain != null) domainNumber = oldDomain;
        if (oldTransportSpecific != null) transportSpecific = oldTransportSpecific;
        oldSocket = null;
        oldDomain = null;
        oldTransportSpecific = null;
        return this;
    }

    @Option(names = "--timeout", paramLabel = "SPAN", defaultValue = "500ms", converter = Durations.Positive.class,
            description = "How long to wait for each answer (e.g. 500ms, 2s). Default: ${DEFAULT-VALUE}.")
    long timeoutNs;

    @Option(names = "--json", description = "Print JSON (the data sets field by field) instead of text.")
    boolean json;

    /** A client for the chosen ptp4l. */
    PtpManagementClient open() {
        resolved();
        return PtpManagementClient.open(socket, domainNumber, transportSpecific, Duration.ofNanos(timeoutNs));
    }
}
