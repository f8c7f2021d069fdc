package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabSpec;
import org.tsnlat.lab.LabState;
import org.tsnlat.lab.Role;
import org.tsnlat.lab.Topology;
import org.tsnlat.linux.Clock;

/**
 * The lab's own ptp4l pair (`tsnlat lab up --ptp`: software timestamping, free_running 1) read
 * by tsnlat's client and by linuxptp's pmc on the same sockets: they agree.
 */
class LabPtpAgreesWithPmcTest {
    private static final String NAME = "tl-pmc";

    @AfterAll
    static void down() {
        if (Lab.isRoot()) Lab.down(NAME);
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
        Assumptions.assumeTrue(Lab.isRoot(), "needs root: network namespaces");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ptp4l")), "needs linuxptp (ptp4l, pmc)");
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
