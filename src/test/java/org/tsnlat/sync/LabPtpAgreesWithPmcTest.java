package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabSpec;
import org.tsnlat.lab.LabState;
import org.tsnlat.lab.Role;
import org.tsnlat.lab.Topology;
import org.tsnlat.linux.Clock;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * The lab's own ptp4l pair (`tsnlat lab up --ptp`: software timestamping, free_running 1) read
 * by tsnlat's client and by linuxptp's pmc on the same sockets: they agree.
 */
@Needs({Need.ROOT, Need.IP, Need.PTP4L, Need.PMC})
class LabPtpAgreesWithPmcTest {
    private static final String NAME = "tl-pmc";

    @AfterAll
    static void down() {
        Lab.down(NAME);
    }

    private static String pmc(Path socket, String... commands) {
        List<String> cmd = new ArrayList<>(List.of("pmc", "-u", "-b", "0", "-s", socket.toString()));
        cmd.addAll(List.of(commands));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void clientAndPmcAgreeOnBothEndsOfTheLab() throws Exception {
        long taiOffsetNs = Clock.taiOffsetNs();
        LabState lab = Lab.up(new LabSpec(NAME, Topology.VETH, null, true));
        Path slave = lab.ptpSocket(Role.LISTENER);
        Path master = lab.ptpSocket(Role.TALKER);
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (PtpManagementClient c = PtpManagementClient.open(slave, 0, 0, Duration.ofMillis(300))) {
            while (c.portDataSet().portState() != PortState.SLAVE) {
                assertThat(System.nanoTime()).as("listener's ptp4l never reached SLAVE").isLessThan(until);
                Thread.sleep(250);
            }
        }
        var s = PmcComparison.compare(slave, LabPtpAgreesWithPmcTest::pmc, () -> "");
        assertThat(s.state()).isEqualTo("SLAVE");
        assertThat(s.gmPresent()).isTrue();
        var m = PmcComparison.compare(master, LabPtpAgreesWithPmcTest::pmc, () -> "");
        assertThat(m.state()).isEqualTo("MASTER");
        assertThat(s.gmIdentity()).isEqualTo(m.gmIdentity());
        assertThat(Clock.taiOffsetNs()).as("the kernel's TAI offset is untouched").isEqualTo(taiOffsetNs);
    }
}
