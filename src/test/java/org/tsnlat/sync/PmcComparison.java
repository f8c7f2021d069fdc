package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** tsnlat's management client against linuxptp's pmc, on the same ptp4l socket. */
final class PmcComparison {
    private PmcComparison() {}

    record Observed(String state, boolean gmPresent, String gmIdentity, long offsetNs) {}

    /**
     * Reads PORT_DATA_SET and TIME_STATUS_NP through both clients, back to back, and asserts
     * they agree. The state, gmPresent and gmIdentity must be equal. master_offset is replaced
     * at each Sync (once a second here), so two reads straddling a Sync legitimately differ by
     * the software-timestamp noise of two samples (a few us; the notes say about +-2 us):
     * |a - b| < 1 ms is generous and still catches a wrong unit or byte order. When both
     * reads carry the same ingress_time they describe the same Sync and must be exactly equal;
     * this is retried until it happens, which also catches a sign error.
     */
    static Observed compare(Path socket, BiFunction<Path, String[], String> pmcRun, Supplier<String> logs) {
        try (PtpManagementClient client = PtpManagementClient.open(socket, 0, 0, Duration.ofMillis(300))) {
            for (int attempt = 0; attempt < 10; attempt++) {
                PortDataSet port = client.portDataSet();
                TimeStatusNp status = client.timeStatus();
                String pmc = pmcRun.apply(socket, new String[] {"GET PORT_DATA_SET", "GET TIME_STATUS_NP"});

                String why = "pmc said:\n" + pmc;
                assertThat(port.portState().name()).as(why).isEqualTo(field(pmc, "portState"));
                assertThat(status.gmPresent()).as(why).isEqualTo(Boolean.parseBoolean(field(pmc, "gmPresent")));
                assertThat(status.gmIdentity()).as(why).isEqualTo(field(pmc, "gmIdentity"));
                assertThat(port.portIdentity()).as(why).isEqualTo(field(pmc, "portIdentity"));
                long pmcOffsetNs = Long.parseLong(field(pmc, "master_offset"));
                assertThat(Math.abs(status.masterOffsetNs() - pmcOffsetNs)).as(why).isLessThan(1_000_000L);
                if (status.ingressTimeNs() == Long.parseLong(field(pmc, "ingress_time"))) {
                    assertThat(status.masterOffsetNs()).as("same Sync, " + why).isEqualTo(pmcOffsetNs);
                    return new Observed(port.portState().name(), status.gmPresent(),
                            status.gmIdentity(), status.masterOffsetNs());
                }
            }
        }
        throw new AssertionError("pmc and the client never read the same Sync in 10 tries\n" + logs.get());
    }

    private static String field(String pmcOutput, String name) {
        Matcher m = Pattern.compile("(?m)^\\s+" + name + "\\s+(\\S+)\\s*$").matcher(pmcOutput);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in pmc output:\n" + pmcOutput);
        }
        return m.group(1);
    }

}
