package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** Each topology comes up, carries IPv4 and IPv6 from talker to listener, and goes without a trace. */
@Needs({Need.ROOT, Need.IP})
class LabTopologyTest {
    static String labName(Topology t) {
        return "tl-topo-" + t.cliName();
    }

    @AfterAll
    static void downAll() {
        for (Topology t : Topology.values()) {
            LabChecks.downQuietly(labName(t));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Topology.class, names = "VM", mode = EnumSource.Mode.EXCLUDE) // the guest: LabVmIT
    void upCarriesDatagramsThenDownLeavesNothing(Topology topology) throws Exception {
        String name = labName(topology);
        Set<String> rootLinks = LabChecks.rootLinks();

        LabState lab = Lab.up(new LabSpec(name, topology, null, false));

        assertThat(lab.name()).isEqualTo(name);
        assertThat(lab.topology()).isEqualTo(topology);
        assertThat(lab.namespace(Role.TALKER)).isEqualTo(name + "-talker");
        assertThat(lab.namespace(Role.LISTENER)).isEqualTo(name + "-listener");
        assertThat(lab.namespaces().containsKey(Role.SWITCH)).isEqualTo(topology != Topology.VETH);
        assertThat(lab.ipv4(Role.TALKER).getHostAddress()).isEqualTo("198.18.0.1");
        assertThat(lab.ipv4(Role.LISTENER).getHostAddress()).isEqualTo("198.18.0.2");
        assertThat(lab.ipv6(Role.LISTENER).getHostAddress()).isEqualTo("fd54:736e:6c61:7400:0:0:0:2");
        assertThat(lab.interfaceName()).isEqualTo("eth0");
        assertThat(lab.bottleneck()).isEqualTo(new LabState.Bottleneck(name + "-talker", "eth0"));
        assertThat(lab.probeSoPriority()).isEqualTo(-1);
        assertThat(lab.health().ok()).isTrue();
        assertThat(Teardown.namespaces()).containsAll(lab.namespaces().values());
        assertThat(StateFile.path(name)).exists();
        assertThat(LabChecks.rootLinks()).as("root namespace links").isSubsetOf(rootLinks);

        LabChecks.assertTalkerReachesListener(lab, StandardProtocolFamily.INET);
        LabChecks.assertTalkerReachesListener(lab, StandardProtocolFamily.INET6);

        LabState status = Lab.status(name).orElseThrow();
        assertThat(status.health().ok()).isTrue();
        assertThat(status.createdAt()).isEqualTo(lab.createdAt());
        assertThat(status.namespaces()).isEqualTo(lab.namespaces());

        assertThat(Lab.down(name)).isTrue();
        LabChecks.assertNothingLeft(name, rootLinks, List.of());
        assertThat(Lab.status(name)).isEmpty();
        assertThat(Lab.down(name)).as("down again").isFalse();
    }
}
