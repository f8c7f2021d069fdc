package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** Interfaces of another network namespace, read through ip netns exec (a veth pair with tbf). */
@Needs({Need.ROOT, Need.IP, Need.TC})
class EnvCollectorInNetnsTest {
    private final String netns = "tsnlat-envtest-" + ProcessHandle.current().pid();

    @Test
    void qdiscDriverAndOffloadsOfAVethInsideTheNamespace() throws Exception {
        sh("ip", "netns", "add", netns);
        sh("ip", "-n", netns, "link", "add", "va", "type", "veth", "peer", "name", "vb");
        sh("ip", "-n", netns, "link", "set", "va", "up");
        sh("ip", "-n", netns, "link", "set", "vb", "up");
        sh("ip", "-n", netns, "route", "add", "default", "dev", "va");
        sh("ip", "netns", "exec", netns, "tc", "qdisc", "add", "dev", "va", "root", "tbf",
                "rate", "100mbit", "burst", "32kb", "latency", "50ms");

        EnvSnapshot s = EnvCollector.collect(new EnvRequest(List.of("va", "vb"), netns, Map.of()));

        assertThat(s.net().get("va").qdisc()).containsEntry("root", "tbf rate 100Mbit burst 32Kb lat 50ms");
        assertThat(s.net().get("vb").qdisc()).containsEntry("root", "noqueue");
        assertThat(s.net().get("va").driver()).isEqualTo("veth");
        assertThat(s.net().get("va").offloads()).isNotEmpty();
        assertThat(s.kernel().release()).isNotBlank();
        assertThat(EnvCollector.defaultInterfaces(netns)).as("read inside the namespace").containsExactly("va");
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        new ProcessBuilder("ip", "netns", "del", netns).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
    }

    private static void sh(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
    }
}
