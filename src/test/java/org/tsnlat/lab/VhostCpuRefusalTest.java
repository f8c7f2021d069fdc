package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tsnlat.exit.UsageException;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * {@code --vhost-cpu} where the guest would have no vhost-net worker (no KVM with VMX/SVM, or no
 * /dev/vhost-net: this machine): refused before anything is made, saying why, never a lab up with
 * the pinning silently not done.
 */
@Needs({Need.ROOT, Need.IP, Need.QEMU})
class VhostCpuRefusalTest {
    @Test
    void withoutVhostTheRefusalSaysWhyAndNothingIsMade() throws Exception {
        String why = Guest.vhostAbsence().orElse(null);
        Assumptions.assumeTrue(why != null, "this machine runs guests under KVM with vhost-net: no refusal to see");
        java.util.Set<String> before = Teardown.namespaces();
        var spec = new LabSpec("tl-vhost", Topology.VM, null, false, null, List.of(), GuestNet.TAP_BRIDGE, List.of(0));
        assertThatThrownBy(() -> Lab.up(spec)).isInstanceOf(UsageException.class)
                .hasMessage("--vhost-cpu: the guest will have no vhost-net worker to pin (" + why
                        + "; QEMU's own threads then carry its virtio-net: --vcpu-cpu pins those)");
        assertThat(StateFile.path("tl-vhost")).as("no state file").doesNotExist();
        assertThat(Teardown.namespaces()).as("no namespace made").isEqualTo(before);
    }

    @Test
    void vhostCpusAreTheVmLabsAndThisMachinesCpus() {
        assertThatThrownBy(() -> new LabSpec("x", Topology.BRIDGE, null, false, null, null, null, List.of(0)))
                .hasMessage("--vhost-cpu needs --topology vm");
        int online = org.tsnlat.linux.Cpus.online();
        assertThatThrownBy(() -> new LabSpec("x", Topology.VM, null, false, null, null, null, List.of(online)))
                .hasMessage("--vhost-cpu: CPU " + online + " is not one of this machine's " + online + " (0-" + (online - 1) + ")");
    }
}
