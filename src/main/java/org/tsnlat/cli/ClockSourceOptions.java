package org.tsnlat.cli;

import java.nio.file.Path;
import org.tsnlat.run.PtpSources;
import picocli.CommandLine.Option;

/** Where a measurement reads this host's clock evidence from: ptp4l, chronyd, phc2sys's log; shared by run, send and recv. */
final class ClockSourceOptions {
    @Option(names = "--ptp-socket", paramLabel = "PATH",
            description = "Read this host's ptp4l (its uds_address, e.g. /var/run/ptp4l) once a second during the run.")
    Path ptpSocket;

    @Option(names = "--chrony", paramLabel = "SOCKET", arity = "0..1", fallbackValue = "/run/chrony/chronyd.sock",
            description = "Read this host's chronyd (chronyc -c tracking over its command socket, default "
                    + "/run/chrony/chronyd.sock) once a second during the run; needs chronyc and, usually, root.")
    Path chronySocket;

    @Option(names = "--phc2sys-log", paramLabel = "FILE",
            description = "Follow this host's phc2sys output in FILE (phc2sys -m ... > FILE, or the syslog file it writes "
                    + "to) and record once a second what its offset lines of that second say; phc2sys itself answers "
                    + "no management message. FILE must exist and be readable when the run starts.")
    Path phc2sysLog;

    @Option(names = "--ptp-domain", paramLabel = "N", converter = Ranges.PtpDomain.class,
            description = "With --ptp-socket: ptp4l's domainNumber, 0-255 (default: 0).")
    Integer ptpDomain;

    @Option(names = "--ptp-transport-specific", paramLabel = "N", converter = Ranges.TransportSpecific.class,
            description = "With --ptp-socket: ptp4l's transportSpecific, 1 for gPTP / 802.1AS configurations (default: 0).")
    Integer ptpTransportSpecific;

    /** ptp4l's sources: this host's socket on the listener's side, the talker's, or both (run: one host). */
    PtpSources ptp(boolean listener, boolean talker) {
        OptionRules.needs(ptpDomain != null, "--ptp-domain", ptpSocket != null, "--ptp-socket");
        OptionRules.needs(ptpTransportSpecific != null, "--ptp-transport-specific", ptpSocket != null, "--ptp-socket");
        return new PtpSources(listener ? ptpSocket : null, talker ? ptpSocket : null,
                ptpDomain == null ? 0 : ptpDomain, ptpTransportSpecific == null ? 0 : ptpTransportSpecific);
    }

    /**
     * phc2sys's log, likewise; checked now, so a run whose log cannot be read never starts.
     *
     * @throws org.tsnlat.sync.Phc2sysLog.Phc2sysLogException (exit 2) naming the file and what is wrong
     */
    org.tsnlat.run.Phc2sysSources phc2sys(boolean listener, boolean talker) {
        if (phc2sysLog != null) org.tsnlat.sync.Phc2sysLog.check(phc2sysLog);
        return new org.tsnlat.run.Phc2sysSources(listener ? phc2sysLog : null, talker ? phc2sysLog : null);
    }

    /** chronyd's sources, likewise. */
    org.tsnlat.run.ChronySources chrony(boolean listener, boolean talker) {
        return new org.tsnlat.run.ChronySources(listener ? chronySocket : null, talker ? chronySocket : null);
    }
}
