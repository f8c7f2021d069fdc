package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.exit.Exit;
import org.tsnlat.lab.GuestNet;
import org.tsnlat.lab.LabState;
import org.tsnlat.lab.Topology;

/**
 * A guest end read from its files in the lab's share, as the guest leaves them: one that ended
 * before it listened failed, whatever its status (once, under emulation, the guest's recv ended
 * with status 0 and no output but the JVM's first line, and the run exited 0 having measured
 * nothing).
 */
class GuestEndTest {
    @TempDir Path share;

    private LabState lab() {
        return new LabState("t", Topology.VM, Instant.EPOCH, Map.of(), Map.of(), Map.of(), "eth0", null, null, -1,
                Map.of(), Map.of(), share.getParent(), new LabState.Health(true, List.of(), List.of(), false),
                new LabState.GuestState(1L, share.resolve("console"), share.resolve("control"), share, GuestNet.TAP_BRIDGE));
    }

    @Test
    void anEndThatEndedBeforeItListenedFailedEvenWithStatusZero() throws Exception {
        String id = "recv-" + ProcessHandle.current().pid();
        Files.writeString(share.resolve(id + ".out"), "Picked up JAVA_TOOL_OPTIONS: -XX:ErrorFile=/run/tsnlat-guest/x\n");
        Files.writeString(share.resolve(id + ".status"), "0\n");
        GuestEnd guest = GuestEnd.of(lab(), "recv");
        assertThatThrownBy(() -> guest.awaitListening(5_000)).isInstanceOf(GuestEnd.GuestFailure.class)
                .hasMessageContaining("tsnlat recv in the guest ended before it listened (exit 0)")
                .satisfies(e -> assertThat(((GuestEnd.GuestFailure) e).exit()).isEqualTo(Exit.FAILED));
    }

    @Test
    void anEndThatEndedWithItsOwnFailureKeepsItsCode() throws Exception {
        String id = "recv-" + ProcessHandle.current().pid();
        Files.writeString(share.resolve(id + ".out"), "tsnlat recv: cannot listen on 198.18.0.2:7788: Address in use\n");
        Files.writeString(share.resolve(id + ".status"), "3\n");
        assertThatThrownBy(() -> GuestEnd.of(lab(), "recv").awaitListening(5_000)).isInstanceOf(GuestEnd.GuestFailure.class)
                .satisfies(e -> assertThat(((GuestEnd.GuestFailure) e).exit().code()).isEqualTo(3));
    }
}
