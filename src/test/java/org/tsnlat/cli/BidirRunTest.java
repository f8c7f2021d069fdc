package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.lab.LabChecks;
import org.tsnlat.report.SummaryText;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * {@code run --bidir} from the command line: refused beside a clock fault of the sending end; in
 * the veth lab (tier 3, root) both directions measured across the namespaces, each with its own
 * percentiles, trust verdicts and record files, and {@code report DIR} (text and html) giving both.
 */
class BidirRunTest {
    @TempDir Path runs;

    @Test
    void aClockFaultOfTheSendingEndIsRefused() {
        Cli r = Cli.run("run", "--bidir", "--inject-clock-fault", "step:+1ms@1s", "-n", "10", "--runs-dir",
                runs.toString(), "--no-live");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--bidir and --inject-clock-fault exclude each other: give one");
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    @Needs({Need.ROOT, Need.IP, Need.TC})
    void inTheLabBothDirectionsAreMeasuredAcrossTheNamespacesAndReportGivesBoth() throws Exception {
        Set<String> rootLinks = LabChecks.rootLinks();
        Cli r = Cli.run("run", "--lab", "bridge", "--bidir", "-d", "4s", "--warmup", "1s", "--runs-dir",
                runs.toString(), "--no-live");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        Path dir = r.runDirectory();
        JsonNode report = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
        for (JsonNode direction : List.of(report, report.get("reverse"))) {
            assertThat(direction.at("/packets/received").asLong()).isEqualTo(4000);
            assertThat(direction.at("/metrics/latency/count").asLong()).isEqualTo(3000);
            assertThat(direction.at("/metrics/latency/percentilesNs/p99").asLong()).isPositive();
            // its own verdicts over the 3 intervals after the warm-up (suspect: a loaded machine's round trip)
            assertThat(direction.at("/trust/trusted").asInt() + direction.at("/trust/suspect").asInt()).as(r.out())
                    .isEqualTo(3);
            assertThat(direction.at("/trust/untrusted").asInt()).isZero();
        }
        assertThat(report.at("/reverse/sessionId").asText()).isNotEqualTo(report.at("/sessionId").asText());

        // the reverse stream went the other way: sent from the listener's namespace to the talker's address
        JsonNode meta = RunDirectory.json().readTree(dir.resolve("meta.json").toFile());
        JsonNode back = RunDirectory.json().readTree(dir.resolve("reverse/meta.json").toFile());
        assertThat(back.at("/config/bind").asText()).isEqualTo(back.at("/config/destination").asText())
                .isNotEqualTo(meta.at("/config/bind").asText());
        assertThat(back.at("/lab/topology").asText()).isEqualTo("bridge");
        assertThat(back.at("/envSender/threads").has("tsnlat-tx")).isTrue();
        for (String f : List.of("tx.records", "rx.records", "reflections.records", "sync.jsonl", "intervals.jsonl")) {
            assertThat(dir.resolve("reverse").resolve(f)).as(f).isNotEmptyFile();
        }

        Cli text = Cli.run("report", dir.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).isEqualTo(Files.readString(dir.resolve("report.txt")))
                .contains(SummaryText.REVERSE_HEADER);
        Path page = runs.resolve("page.html");
        Cli html = Cli.run("report", dir.toString(), "--format", "html", "-o", page.toString());
        assertThat(html.exitCode()).as(html.err()).isZero();
        assertThat(Files.readString(page)).contains("reverse direction: one-way latency per ")
                .contains("reverse direction p50 ");
        LabChecks.assertNothingLeft("run-" + ProcessHandle.current().pid(), rootLinks, List.of());
    }
}
