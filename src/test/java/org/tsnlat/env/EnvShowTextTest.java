package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code env show}'s text: grouped by concern, with units, defaults in words, offloads folded (issue 13). */
class EnvShowTextTest {
    private static EnvSnapshot golden(java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode tree = (ObjectNode) Fixtures.json("golden/env-v1.json");
        change.accept(tree);
        return EnvJson.fromTree(tree, Path.of("golden/env-v1.json"));
    }

    @Test
    void theGoldenSnapshotReadsGroupedWithUnitsAndOffloadsFolded() throws Exception {
        String text = EnvText.snapshot(golden(t -> { }));
        assertThat(text).startsWith("environment snapshot (tsnlat-env v1, 2026-11-26T07:40:00.123Z)\n"
                + "host: vm, AMD EPYC, 2 CPUs, 23.5 GiB memory (22.2 GiB available), a virtual machine (hypervisor CPU flag)\n"
                + "CPUs and scheduling\n");
        assertThat(text).containsSubsequence("CPUs and scheduling\n", "power and PM QoS\n", "kernel\n", "interfaces\n",
                "PTP and time sync\n", "unreadable (6)\n");
        assertThat(text).contains("\n  cpu_dma_latency: 0 us\n  held by this process: yes\n")
                .contains("\n    tsnlat-rx ").contains("\n  eth0: driver virtio_net 1.0.0, bus 0000:00:03.0, up, MTU 1400 bytes\n")
                .contains("\n  lo: no driver info, unknown, MTU 65536 bytes\n")
                .contains("\n    qdisc: root noqueue\n")
                .contains("; XPS unreadable; RPS off\n")
                .contains("\n    irq virtio2-input.0 (38): CPUs 0-1, effective 1, 983 interrupts (cpu1 983)\n")
                .contains("\n  ptp4l: pid 812, ptp4l -i eth0 -f /etc/linuxptp/ptp4l.conf -m; config /etc/linuxptp/ptp4l.conf;"
                        + " socket /var/run/ptp4l\n")
                .contains("\n  TAI offset: ");
        assertThat(text).containsPattern("\n    offloads: [0-9]+ on, [0-9]+ off \\(on: [a-z0-9-]+(, [a-z0-9-]+)*\\)\n")
                .doesNotContain("[fixed]").doesNotContain("tcQdisc").doesNotContain("cpuDmaLatencyUs");
        assertThat(text.lines().count()).as(text).isLessThan(60);
        assertThat(EnvText.raw(golden(t -> { })).lines().count()).as("every field, as before").isGreaterThan(150);
    }

    @Test
    void theDefaultsAndEmptyValuesAreSaidInWords() throws Exception {
        String text = EnvText.snapshot(golden(t -> {
            ((ObjectNode) t.path("pmqos")).put("cpuDmaLatencyUs", 2_000_000_000);
            ((ObjectNode) t.path("kernel")).put("isolatedCpus", "").put("taiOffsetS", 37);
            ((ObjectNode) t.at("/net/eth0/offloads")).put("rx-gro", "off [requested on]");
        }));
        assertThat(text).contains("\n  cpu_dma_latency: no limit (the default)\n")
                .contains("\n  isolated CPUs: none;").contains("\n  TAI offset: 37 s\n")
                .containsPattern("\n    offloads: [^\n]*; asked for but not in force: rx-gro on\n")
                .doesNotContain("2000000000");
    }

    @Test
    void aLineBreakReadFromOutsideCannotForgeALine() throws Exception {
        String text = EnvText.snapshot(golden(t -> ((ObjectNode) t.path("host")).put("cpuModel", "EPYC\nkernel\n  forged")));
        assertThat(text).contains("EPYC\\x0akernel\\x0a  forged").doesNotContain("\n  forged");
    }

    @Test
    void thisHostReadsGroupedToo() {
        EnvSnapshot here = EnvCollector.collect(new EnvRequest(java.util.List.of("lo"), null, java.util.Map.of()));
        String text = EnvText.snapshot(here);
        assertThat(text).containsSubsequence("host: ", "CPUs and scheduling\n", "  online CPUs: ", "power and PM QoS\n",
                "kernel\n", "  release: ", "interfaces\n", "  lo: ", "    qdisc: root noqueue\n", "    offloads: ",
                "PTP and time sync\n");
    }
}
