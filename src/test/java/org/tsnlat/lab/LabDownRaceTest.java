package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * Two {@code down}s of one lab at once, as a run stopped by Ctrl-C does it (its shutdown hook and
 * its own thread, which sees the lab going): one takes it down, the other finds it gone, neither
 * fails, and the state file is not left behind (CI saw it kept when both tripped over each other).
 */
@Needs({Need.ROOT, Need.IP})
class LabDownRaceTest {
    static final String NAME = "tl-down-race";

    @AfterEach
    void down() {
        LabChecks.downQuietly(NAME);
    }

    @RepeatedTest(3)
    void twoDownsAtOnceTakeTheLabDownOnceAndNeitherFails() throws Exception {
        Set<String> rootLinks = LabChecks.rootLinks();
        Lab.up(new LabSpec(NAME, Topology.BRIDGE, null, false));
        CyclicBarrier together = new CyclicBarrier(2);
        List<Boolean> results = new ArrayList<>();
        try (ExecutorService two = Executors.newFixedThreadPool(2)) {
            List<Future<Boolean>> downs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                downs.add(two.submit(() -> {
                    together.await();
                    return Lab.down(NAME);
                }));
            }
            for (Future<Boolean> d : downs) {
                results.add(d.get()); // an ExecutionException here is the failure this test is about
            }
        }
        assertThat(results).as("one took it down, the other found it gone").containsExactlyInAnyOrder(true, false);
        assertThat(StateFile.path(NAME)).as("the state file removed").doesNotExist();
        LabChecks.assertNothingLeft(NAME, rootLinks, List.of());
    }
}
