package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.Clock;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * Against two real ptp4l (see {@link PtpLab}): tsnlat's client reads what linuxptp's own pmc
 * reads. Needs root and linuxptp; skipped with the reason otherwise.
 */
@Needs({Need.ROOT, Need.IP, Need.PTP4L, Need.PMC})
class PtpAgreesWithPmcTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static PtpLab lab;
    private static long taiOffsetBeforeNs;

    @BeforeAll
    static void startLab() {
        taiOffsetBeforeNs = Clock.taiOffsetNs();
        lab = PtpLab.start();
        lab.awaitPortState(lab.slaveSocket(), s -> s == PortState.UNCALIBRATED || s == PortState.SLAVE, PATIENCE);
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void clientAndPmcAgreeOnTheSlaveUncalibratedThenLocked() {
        PmcComparison.Observed before = PmcComparison.compare(lab.slaveSocket(), lab::pmc, lab::logs);
        assertThat(before.state()).isIn("UNCALIBRATED", "SLAVE");
        assertThat(before.gmPresent()).isTrue();

        // The one SET of the set-up (sent by pmc, never by tsnlat): with free_running the
        // servo stays unlocked until the local sync is declared certain. It changes no clock.
        assertThat(lab.pmc(lab.slaveSocket(), "SET SYNCHRONIZATION_UNCERTAIN_NP 0")).contains("uncertain 0");
        lab.awaitPortState(lab.slaveSocket(), s -> s == PortState.SLAVE, PATIENCE);

        PmcComparison.Observed after = PmcComparison.compare(lab.slaveSocket(), lab::pmc, lab::logs);
        assertThat(after.state()).isEqualTo("SLAVE");
        assertThat(Clock.taiOffsetNs()).as("the kernel's TAI offset is untouched").isEqualTo(taiOffsetBeforeNs);
    }

    @Test
    void clientAndPmcAgreeOnTheMaster() {
        PmcComparison.Observed master = PmcComparison.compare(lab.masterSocket(), lab::pmc, lab::logs);
        assertThat(master.state()).isEqualTo("MASTER");
        assertThat(master.gmPresent()).isFalse();
        assertThat(master.offsetNs()).isZero();
    }

    @Test
    void theSlavesHealthNamesTheMasterAsGrandmasterOneStepAway() {
        String masterClock;
        try (PtpManagementClient master = open(lab.masterSocket(), 0, 0)) {
            masterClock = master.portDataSet().portIdentity().replaceAll("-\\d+$", "");
        }
        try (PtpManagementClient slave = open(lab.slaveSocket(), 0, 0)) {
            PtpHealth h = slave.health();
            assertThat(h.timeStatus().gmIdentity()).isEqualTo(masterClock);
            assertThat(h.parentDataSet().grandmasterIdentity()).isEqualTo(masterClock);
            assertThat(h.parentDataSet().gmPriority1()).isEqualTo(100);
            assertThat(h.parentDataSet().parentPortIdentity()).isEqualTo(masterClock + "-1");
            assertThat(h.currentDataSet().stepsRemoved()).isEqualTo(1);
            // software timestamps on one kernel clock: offsets of microseconds, never milliseconds
            assertThat(Math.abs(h.currentDataSet().offsetFromMasterNs())).isLessThan(1_000_000);
            assertThat(h.currentDataSet().meanPathDelayNs()).isBetween(0.0, 1_000_000.0);
            // the safety of the set-up: nothing may make ptp4l set the kernel's TAI offset
            assertThat(h.timePropertiesDataSet().utcOffsetValid()).isFalse();
            assertThat(h.timePropertiesDataSet().timeTraceable()).isFalse();
        }
    }

    @Test
    void ptp4lIgnoresAnotherDomainOrTransportSpecificAndTheClientSaysWhatToCheck() {
        Path master = lab.masterSocket();
        try (PtpManagementClient otherDomain = open(master, 1, 0)) {
            assertThatThrownBy(otherDomain::timeStatus).isInstanceOf(PtpException.class)
                    .hasMessage("no answer from ptp4l at " + master + " within 300 ms"
                            + " (is ptp4l running with domainNumber 1 and transportSpecific 0?)");
        }
        try (PtpManagementClient gptp = open(master, 0, 1)) {
            assertThatThrownBy(gptp::portDataSet).isInstanceOf(PtpException.class)
                    .hasMessageContaining("transportSpecific 1?");
        }
    }

    @Test
    void anIdPtp4lDoesNotSupportComesBackAsNotSupported() {
        try (PtpManagementClient client = open(lab.slaveSocket(), 0, 0)) {
            assertThatThrownBy(() -> client.get(0x0006)).isInstanceOf(PtpException.class)
                    .hasMessage("ptp4l answered MANAGEMENT_ERROR_STATUS NOT_SUPPORTED for 0x0006");
            assertThat(client.portDataSet()).isNotNull(); // and the client goes on
        }
    }

    @Test
    void thePidsTheLabWillKillAreItsOwnPtp4l() throws Exception {
        assertThat(lab.processes()).hasSize(2).allSatisfy(p -> {
            assertThat(p.isAlive()).isTrue();
            assertThat(java.nio.file.Files.readString(Path.of("/proc/" + p.pid() + "/comm")).strip())
                    .isEqualTo("ptp4l");
        });
    }

    private static PtpManagementClient open(Path socket, int domainNumber, int transportSpecific) {
        return PtpManagementClient.open(socket, domainNumber, transportSpecific, Duration.ofMillis(300));
    }
}
