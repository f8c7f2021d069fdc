package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.lab.LabChecks;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * Tier 3 (root): a metric the sending interface cannot give is named with the reason, never left
 * out without a word (issue 13). Over veth, the driver stamps each probe as it sends it and
 * tx-qdisc is measured; over macvlan (namespaces made for the run and removed after it) no driver
 * timestamp comes, and the summary says so, with the interface's driver and qdisc.
 */
@Needs({Need.ROOT, Need.IP, Need.TC})
class UnavailableMetricTest {
    @TempDir Path runs;
    private final String labName = "run-" + ProcessHandle.current().pid();

    private Cli run(String topology) {
        Cli r = Cli.run("run", "--topology", topology, "-n", "1500", "--warmup", "500ms", "--runs-dir", runs.toString(),
                "--no-live");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r;
    }

    @Test
    void txQdiscIsMeasuredOverVethAndSaidUnavailableOverMacvlanWithTheReason() throws Exception {
        Set<String> rootLinks = LabChecks.rootLinks();
        JsonNode veth = RunDirectory.json().readTree(run("veth").runDirectory().resolve("report.json").toFile());
        assertThat(veth.at("/metrics/tx-qdisc/count").asLong()).as("tx-qdisc over veth").isPositive();
        assertThat(veth.at("/pairs/tx-qdisc").asText()).startsWith("sw tx (driver) minus sched tx");

        Cli macvlan = run("macvlan");
        JsonNode report = RunDirectory.json().readTree(macvlan.runDirectory().resolve("report.json").toFile());
        assertThat(report.at("/metrics").has("tx-qdisc")).isFalse();
        assertThat(report.at("/metrics/tx-stack/count").asLong()).as("the sched TX timestamps came").isPositive();
        assertThat(report.at("/pairs/tx-qdisc").asText()).matches("not available: none of the [0-9]+ probes sent after the"
                + " warm-up got a driver \\(sw\\) TX timestamp, only a qdisc-entry \\(sched\\) one; the sender's interface:"
                + " eth0 \\(driver macvlan, root qdisc noqueue\\)");
        assertThat(macvlan.out()).contains("\n  tx-qdisc not available: none of the ");
        LabChecks.assertNothingLeft(labName, rootLinks, List.of());
    }
}
