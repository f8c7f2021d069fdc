package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tsnlat.sync.PortState;
import org.tsnlat.sync.PtpLab;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * 'tsnlat ptp status' and 'tsnlat ptp watch': against real ptp4l in two namespaces when root
 * (see {@link PtpLab}; skipped with the reason otherwise), and the set-up failures everywhere.
 */
class PtpCommandTest {
    private static PtpLab lab;

    /** The lab, started by the first test that needs it (each says so with @Needs). */
    private static PtpLab lab() {
        if (lab == null) {
            lab = PtpLab.start();
            lab.awaitPortState(lab.slaveSocket(), s -> s == PortState.UNCALIBRATED || s == PortState.SLAVE,
                    Duration.ofSeconds(20));
        }
        return lab;
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Needs({Need.ROOT, Need.IP, Need.PTP4L, Need.PMC})
    void statusOfTheSlaveShowsItsStateGrandmasterAndOffsetAndExitsZero() {
        Cli c = Cli.run("ptp", "status", "--socket", lab().slaveSocket().toString());

        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.err()).isEmpty();
        assertThat(c.out()).startsWith("ptp4l at " + lab().slaveSocket() + " (domainNumber 0, transportSpecific 0)")
                .containsPattern("port state +(UNCALIBRATED|SLAVE) \\(port [0-9a-f]{6}\\.[0-9a-f]{4}\\.[0-9a-f]{6}-1\\)")
                .containsPattern("gmPresent +yes")
                .containsPattern("master offset +-?\\d+ ns")
                .containsPattern("mean path delay +\\d+\\.\\d ns")
                .containsPattern("steps removed +1")
                .containsPattern("UTC offset +37 s \\(currentUtcOffsetValid no, ptpTimescale no, timeTraceable no");
    }

    @Test
    @Needs({Need.ROOT, Need.IP, Need.PTP4L, Need.PMC})
    void statusAsJsonCarriesTheDataSetsFieldByField() throws Exception {
        Cli c = Cli.run("ptp", "status", "--socket", lab().masterSocket().toString(), "--json");

        assertThat(c.exitCode()).as(c.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(c.out());
        assertThat(json.at("/portDataSet/portState").asText()).isEqualTo("MASTER");
        assertThat(json.at("/timeStatus/gmPresent").asBoolean(true)).isFalse();
        assertThat(json.at("/sampledMonotonicNs").asLong()).isPositive();
        assertThat(json.at("/timePropertiesDataSet/currentUtcOffset").asInt()).isEqualTo(37);
    }

    @Test
    @Needs({Need.ROOT, Need.IP, Need.PTP4L, Need.PMC})
    void watchPrintsOneLinePerSampleAndStopsAtCount() {
        Cli c = Cli.run("ptp", "watch", "--socket", lab().slaveSocket().toString(), "--interval", "0.2s", "--count", "3");

        assertThat(c.exitCode()).as(c.err()).isZero();
        List<String> lines = c.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("tsnlat ptp watch: ptp4l at " + lab().slaveSocket());
        assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l).matches(
                "\\S+Z (UNCALIBRATED|SLAVE) gm [0-9a-f.]+ offset -?\\d+ ns path delay \\d+ ns steps 1"));
    }

    @Test
    void aMissingSocketIsExitThreeWithOneLine() {
        Cli c = Cli.run("ptp", "status", "--socket", "/nonexistent");

        assertThat(c.exitCode()).isEqualTo(ExitCodes.NETWORK);
        assertThat(c.out()).isEmpty();
        assertThat(c.err()).isEqualTo("tsnlat ptp status: no ptp4l socket at /nonexistent (ptp4l not running?)"
                + System.lineSeparator());
    }

    @Test
    void watchOfAMissingSocketIsExitThreeWithOneLineToo() {
        Cli c = Cli.run("ptp", "watch", "--socket", "/nonexistent", "--count", "2", "--json");

        assertThat(c.exitCode()).isEqualTo(ExitCodes.NETWORK);
        assertThat(c.err().lines()).containsExactly("tsnlat ptp watch: no ptp4l socket at /nonexistent (ptp4l not running?)");
    }

    @Test
    @Needs({Need.ROOT, Need.IP, Need.PTP4L, Need.PMC})
    void aDomainThatPtp4lIsNotInTimesOutWithExitThree() {
        Cli c = Cli.run("ptp", "status", "--socket", lab().masterSocket().toString(), "--domain", "1", "--timeout", "200ms");

        assertThat(c.exitCode()).isEqualTo(ExitCodes.NETWORK);
        assertThat(c.err().lines()).containsExactly("tsnlat ptp status: no answer from ptp4l at " + lab().masterSocket()
                + " within 200 ms (is ptp4l running with domainNumber 1 and transportSpecific 0?)");
    }

    @Test
    void outOfRangeSettingsAreBadUsage() {
        assertThat(Cli.run("ptp", "status", "--domain", "256").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("ptp", "status", "--transport-specific", "16").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("ptp", "status", "--timeout", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("ptp", "watch", "--count", "-1").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpSaysGetOnlyAndWhenToUseTransportSpecificOne() {
        Cli c = Cli.run("ptp", "status", "--help");
        assertThat(c.exitCode()).isZero();
        assertThat(c.out().replaceAll("\\s+", " ")).contains("--transport-specific").contains("1 for gPTP / 802.1AS")
                .contains("--socket").contains("/var/run/ptp4l").contains("Exit codes");
        assertThat(Cli.run("ptp", "--help").out()).contains("Only GET requests are sent");
    }
}
