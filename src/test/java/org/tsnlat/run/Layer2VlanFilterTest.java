package org.tsnlat.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.NetDevice;

/**
 * A receiving interface whose NIC filters VLANs drops tagged probes of a VLAN nothing registered
 * before any socket sees them (QEMU's virtio-net does by default: the VM lab turns it off); the
 * receiver says so before the first probe instead of counting them lost without a reason.
 */
class Layer2VlanFilterTest {
    @Test
    void aFilteringInterfaceIsSaidWithWhatToDo() {
        String note = Layer2.vlanFilterNote("eth0", Map.of("rx-vlan-filter", "on"), 7);
        assertThat(note).startsWith("eth0 filters VLANs (rx-vlan-filter on): frames tagged with a VLAN")
                .contains("ip link add link eth0 name eth0.7 type vlan id 7")
                .contains("ethtool -K eth0 rx-vlan-filter off").contains("ctrl_vlan=off");
        assertThat(Layer2.vlanFilterNote("eth1", Map.of("rx-vlan-filter", "on [fixed]"), 0)).contains("rx-vlan-filter on [fixed]")
                .as("a receiver alone knows no VLAN").contains("ip link add link eth1 name eth1.ID type vlan id ID");
    }

    @Test
    void anInterfaceThatDoesNotFilterIsNotSaid() {
        assertThat(Layer2.vlanFilterNote("eth0", Map.of("rx-vlan-filter", "off [fixed]"), 7)).isNull();
        assertThat(Layer2.vlanFilterNote("eth0", Map.of("rx-vlan-filter", "off [requested on]"), 7)).isNull();
        assertThat(Layer2.vlanFilterNote("eth0", Map.of("rx-gro", "on"), 7)).as("no such feature").isNull();
        // loopback, as the kernel reports it here: no filter
        assertThat(Layer2.vlanFilterNote("lo", NetDevice.features("lo"), 7)).isNull();
    }
}
