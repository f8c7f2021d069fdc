package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** up touches nothing it did not make, refuses a second lab of a name, and undoes itself on failure. */
@Needs({Need.ROOT, Need.IP})
class LabRefusalAndRollbackTest {
    static final String SQUAT = "tl-squat";
    static final String TWICE = "tl-twice";
    static final String FAIL = "tl-fail";

    @AfterAll
    static void cleanUp() {
        LabChecks.downQuietly(TWICE);
        LabChecks.downQuietly(FAIL);
        if (Teardown.namespaces().contains(SQUAT + "-listener")) {
            Exec.run(Exec.ip(null, "netns", "del", SQUAT + "-listener"));
        }
    }

    @Test
    void aNamespaceWithoutStateFileIsLeftAlone() {
        Exec.run(Exec.ip(null, "netns", "add", SQUAT + "-listener"));
        try {
            assertThatThrownBy(() -> Lab.up(new LabSpec(SQUAT, Topology.VETH, null, false)))
                    .isInstanceOf(LabException.class)
                    .hasMessageStartingWith("network namespace '" + SQUAT + "-listener' exists but no lab state file "
                            + "/run/tsnlat/lab-" + SQUAT + ".json records it, so tsnlat will not touch it");
            assertThat(Teardown.namespaces()).contains(SQUAT + "-listener").doesNotContain(SQUAT + "-talker");
            assertThat(StateFile.path(SQUAT)).doesNotExist();
            assertThat(Lab.down(SQUAT)).isFalse();
            assertThat(Teardown.namespaces()).contains(SQUAT + "-listener");
        } finally {
            Exec.run(Exec.ip(null, "netns", "del", SQUAT + "-listener"));
        }
    }

    @Test
    void upTwiceIsRefusedAndTheFirstLabStaysWhole() throws Exception {
        LabState first = Lab.up(new LabSpec(TWICE, Topology.BRIDGE, null, false));
        assertThatThrownBy(() -> Lab.up(new LabSpec(TWICE, Topology.VETH, null, false)))
                .isInstanceOf(LabException.class)
                .hasMessage("lab '" + TWICE + "' is already up (bridge since " + first.createdAt()
                        + "); run 'tsnlat lab down --name " + TWICE + "' first");
        LabState still = Lab.status(TWICE).orElseThrow();
        assertThat(still.health().ok()).isTrue();
        assertThat(still.topology()).isEqualTo(Topology.BRIDGE);
        LabChecks.assertTalkerReachesListener(still, java.net.StandardProtocolFamily.INET);
        assertThat(Lab.down(TWICE)).isTrue();
    }

    @Test
    @Needs({Need.TC, Need.PTP4L, Need.PMC})
    void aFailingStepUndoesEverythingMadeBeforeIt() throws Exception {
        Set<String> rootLinks = LabChecks.rootLinks();
        List<Long> pids = new ArrayList<>();
        assertThatThrownBy(() -> Lab.up(new LabSpec(FAIL, Topology.MACVLAN,
                new Shaping(Shaping.Kind.TBF, 50_000_000), true), steps -> {
                    List<Step> edited = new ArrayList<>(steps);
                    edited.add(new Step("note the ptp4l pids", null, () -> {
                        StateFile.read(FAIL).orElseThrow().made().stream()
                                .filter(r -> r.pid() != null).forEach(r -> pids.add(r.pid()));
                        return null;
                    }));
                    edited.add(Step.configure(Exec.ip(FAIL + "-talker", "link", "set", "no-such-link", "up")));
                    return edited;
                }))
                .isInstanceOf(LabException.class)
                .hasMessage("ip -n " + FAIL + "-talker link set no-such-link up: Cannot find device \"no-such-link\""
                        + " (all that was made is removed)");
        assertThat(pids).hasSize(2);
        LabChecks.assertNothingLeft(FAIL, rootLinks, pids);
        assertThat(Lab.down(FAIL)).isFalse();
    }
}
