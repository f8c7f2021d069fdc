package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.Clock;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** ptp4l runs free in both hosts, the listener's port becomes a slave, and down stops both. */
@Needs({Need.ROOT, Need.IP, Need.PTP4L, Need.PMC})
class LabPtpTest {
    static final String NAME = "tl-ptp";

    @AfterAll
    static void down() {
        LabChecks.downQuietly(NAME);
    }

    @Test
    void listenerBecomesSlaveWithoutSteeringAnyClockAndDownStopsPtp4l() throws Exception {
        Set<String> rootLinks = LabChecks.rootLinks();
        long taiOffsetBeforeNs = Clock.taiOffsetNs();
        LabState lab = Lab.up(new LabSpec(NAME, Topology.VETH, null, true));

        assertThat(lab.ptp()).isTrue();
        assertThat(lab.ptp4lPids()).containsOnlyKeys(Role.TALKER, Role.LISTENER);
        assertThat(lab.ptp4lPids().values()).allMatch(LabChecks::alive);
        for (Role host : List.of(Role.TALKER, Role.LISTENER)) {
            String config = Files.readString(Ptp4l.config(lab.stateDirectory(), host));
            assertThat(config).contains("\nfree_running 1\n", "\nkernel_leap 0\n",
                    "\nuds_address " + lab.ptpSocket(host) + "\n")
                    .doesNotContain("utc_offset", "timeTraceable", "phc2sys");
            assertThat(lab.ptpSocket(host)).exists();
        }
        assertThat(Files.readString(Ptp4l.config(lab.stateDirectory(), Role.LISTENER))).contains("\nslaveOnly 1\n");
        assertThat(Files.readString(Ptp4l.config(lab.stateDirectory(), Role.TALKER))).contains("\npriority1 127\n");

        Optional<String> state = Optional.empty();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            state = Lab.ptpPortState(lab, Role.LISTENER);
            if (state.filter("SLAVE"::equals).isPresent()) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(state).as("listener port state; log:%n%s",
                Files.readString(Ptp4l.log(lab.stateDirectory(), Role.LISTENER))).hasValueSatisfying(
                s -> assertThat(s).isIn("SLAVE", "UNCALIBRATED"));
        assertThat(Lab.ptpPortState(lab, Role.TALKER)).hasValue("MASTER");
        assertThat(Lab.status(NAME).orElseThrow().health().deadPtp4l()).isEmpty();

        assertThat(Clock.taiOffsetNs()).as("the kernel's TAI offset").isEqualTo(taiOffsetBeforeNs);

        assertThat(Lab.down(NAME)).isTrue();
        LabChecks.assertNothingLeft(NAME, rootLinks, lab.ptp4lPids().values());
    }
}
