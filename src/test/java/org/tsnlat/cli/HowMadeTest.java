package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsnlat.rundir.RunDirectory;

/** The aspects of how a run was made, read from meta.json: the lab, load, ptp and placement ones (no lab here, so crafted). */
class HowMadeTest {
    private static JsonNode meta(String json) throws Exception {
        return RunDirectory.json().readTree(json);
    }

    @Test
    void labShapingLoadPtpPlacementAndAuthenticationAreRead() throws Exception {
        Map<String, String> lab = HowMade.aspects(meta("""
                {"role":"run","command":["run","--lab","--shape","htb","--ptp","--key-file","k","--runs-dir","/x"],
                 "config":{"clock":"CLOCK_TAI","periodNs":1000000,"count":-1,"durationNs":10000000000,"sizeBytes":64,
                           "warmupNs":0,"destination":"10.0.0.2:9000","bind":"10.0.0.1:0"},
                 "tuning":{"threads":["tsnlat-rx: SCHED_FIFO 80, CPUs 0","tsnlat-tx: SCHED_FIFO 80, CPUs 1"],"process":"memory locked"},
                 "lab":{"topology":"bridge","shaping":{"kind":"HTB","rateBitsPerSecond":100000000,"ptpClass":"BULK"}},
                 "load":{"rateBitsPerSecond":90000000,"sizeBytes":1400,"soPriority":0,"destination":"10.0.0.2:9"}}"""));
        Map<String, String> plain = HowMade.aspects(meta("""
                {"role":"run","command":["run","--runs-dir","/y"],
                 "config":{"clock":"CLOCK_TAI","periodNs":1000000,"count":-1,"durationNs":10000000000,"sizeBytes":64,
                           "warmupNs":0,"destination":"127.0.0.1:41000","bind":"127.0.0.1:41000"},
                 "tuning":{"threads":["tsnlat-rx: SCHED_FIFO 80, CPUs 0"],"process":"memory locked"},
                 "lab":null,"load":null}"""));
        assertThat(lab).containsEntry("command line", "run --lab --shape htb --ptp --key-file k")
                .containsEntry("destination", "10.0.0.2:9000")
                .containsEntry("topology", "bridge")
                .containsEntry("shaping", "htb 100 Mbit/s, PTP in the bulk class")
                .containsEntry("load", "90 Mbit/s asked, 1400 B, priority 0 to 10.0.0.2:9")
                .containsEntry("ptp", "ptp4l in the lab (--ptp)")
                .containsEntry("placement", "tsnlat-rx: SCHED_FIFO 80, CPUs 0; tsnlat-tx: SCHED_FIFO 80, CPUs 1")
                .containsEntry("authenticated", "yes (--key-file)")
                .containsEntry("length", "10s");
        assertThat(plain).containsEntry("command line", "run")
                .containsEntry("destination", "127.0.0.1 (own port)")
                .containsEntry("topology", "no lab (this host)")
                .containsEntry("shaping", "none")
                .containsEntry("load", "none")
                .containsEntry("ptp", "no --ptp")
                .containsEntry("authenticated", "no");
        assertThat(lab.keySet()).containsExactlyElementsOf(plain.keySet());
    }
}
