package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Which interface a one-ended measurement's environment snapshot records: the one holding a
 * receiver's address, the one a sender's destination is routed through; the default-route ones
 * only when neither tells. (Before, always the default-route ones: a VM guest with no default
 * route recorded lo while it received on its virtio NIC; LabVmIT checks that case.)
 */
class InterfacesForTest {
    @Test
    void loopbackIsLo() throws Exception {
        assertThat(EnvCollector.interfacesFor(InetAddress.getByName("127.0.0.1"), true)).containsExactly("lo");
        assertThat(EnvCollector.interfacesFor(InetAddress.getByName("::1"), false)).containsExactly("lo");
    }

    @Test
    void aReceiverBoundToAnAddressOfThisHostIsOnTheInterfaceHoldingIt() throws Exception {
        int checked = 0;
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isLoopback() || !nic.isUp()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                assertThat(EnvCollector.interfacesFor(a, true)).as(a.toString()).containsExactly(nic.getName());
                checked++;
            }
        }
        assertThat(checked).as("addresses of this host's interfaces other than lo").isPositive();
    }

    @Test
    void aWildcardBindOrAnUnroutedDestinationFallsBackToTheDefaultRoutes() throws Exception {
        assertThat(EnvCollector.interfacesFor(InetAddress.getByName("0.0.0.0"), true))
                .isEqualTo(EnvCollector.defaultInterfaces(null));
        // TEST-NET-2: a connected UDP socket only asks the routing table (nothing is sent); with a
        // default route its interface is that route's, without one there is no route and the
        // fallback is the same list
        assertThat(EnvCollector.interfacesFor(InetAddress.getByName("198.51.100.1"), false))
                .isEqualTo(EnvCollector.defaultInterfaces(null));
    }
}
