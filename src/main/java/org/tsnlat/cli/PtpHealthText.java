package org.tsnlat.cli;

import org.tsnlat.text.Untrusted;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.tsnlat.sync.CurrentDataSet;
import org.tsnlat.sync.PortDataSet;
import org.tsnlat.sync.PtpHealth;
import org.tsnlat.sync.PtpManagementClient;
import org.tsnlat.sync.TimePropertiesDataSet;
import org.tsnlat.sync.TimeStatusNp;

/** ptp4l's view as text: a block for 'ptp status', one line per sample for 'ptp watch'. */
final class PtpHealthText {
    private PtpHealthText() {}

    static String status(PtpManagementClient client, PtpHealth h) {
        PortDataSet port = h.portDataSet();
        TimeStatusNp status = h.timeStatus();
        CurrentDataSet current = h.currentDataSet();
        TimePropertiesDataSet tp = h.timePropertiesDataSet();
        StringBuilder s = new StringBuilder();
        s.append("ptp4l at ").append(Untrusted.text(client.ptp4lSocket())).append(" (domainNumber ")
                .append(client.domainNumber()).append(", transportSpecific ")
                .append(client.transportSpecific()).append(")\n");
        row(s, "port state", port.portState() + " (port " + port.portIdentity() + ")");
        row(s, "gmPresent", yesNo(status.gmPresent()));
        row(s, "grandmaster", status.gmIdentity() + " (priority1 " + h.parentDataSet().gmPriority1()
                + ", clockClass " + h.parentDataSet().gmClockClass() + ", priority2 "
                + h.parentDataSet().gmPriority2() + ")");
        row(s, "master offset", status.masterOffsetNs() + " ns");
        row(s, "mean path delay", String.format(Locale.ROOT, "%.1f ns", current.meanPathDelayNs()));
        row(s, "steps removed", Integer.toString(current.stepsRemoved()));
        row(s, "UTC offset", tp.currentUtcOffset() + " s (currentUtcOffsetValid " + yesNo(tp.utcOffsetValid())
                + ", ptpTimescale " + yesNo(tp.ptpTimescale()) + ", timeTraceable " + yesNo(tp.timeTraceable())
                + ", frequencyTraceable " + yesNo(tp.frequencyTraceable()) + ", leap61 " + yesNo(tp.leap61())
                + ", leap59 " + yesNo(tp.leap59()) + ")");
        row(s, "time source", String.format(Locale.ROOT, "0x%02x", tp.timeSource()));
        row(s, "locked", locked(h));
        return Untrusted.lines(s.toString()); // decoded from ptp4l's answer: enums, numbers and hex, guarded all the same
    }

    /** One watch line: time, state, grandmaster, offset, path delay, steps. */
    static String line(Instant at, PtpHealth h) {
        TimeStatusNp status = h.timeStatus();
        return Untrusted.text(time(at) + " " + h.portDataSet().portState()
                + (status.gmPresent() ? " gm " + status.gmIdentity() : " gm none (own clock)")
                + " offset " + status.masterOffsetNs() + " ns"
                + String.format(Locale.ROOT, " path delay %.0f ns", h.currentDataSet().meanPathDelayNs())
                + " steps " + h.currentDataSet().stepsRemoved());
    }

    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String locked(PtpHealth h) {
        if (h.locked()) {
            return "yes (port SLAVE, grandmaster present)";
        }
        if (!h.timeStatus().gmPresent()) {
            return "no (no grandmaster but this clock)";
        }
        return "no (port " + h.portDataSet().portState() + ", not SLAVE)";
    }

    private static void row(StringBuilder s, String name, String value) {
        s.append(String.format(Locale.ROOT, "  %-16s %s%n", name, value));
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
