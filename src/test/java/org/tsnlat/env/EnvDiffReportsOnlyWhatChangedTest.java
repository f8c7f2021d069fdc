package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.Scheduling;

class EnvDiffReportsOnlyWhatChangedTest {

    static EnvSnapshot golden() throws Exception {
        return EnvJson.fromTree(Fixtures.json("golden/env-v1.json"), java.nio.file.Path.of("golden/env-v1.json"));
    }

    static EnvSnapshot edited(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode tree = (ObjectNode) Fixtures.json("golden/env-v1.json");
        edit.accept(tree);
        return EnvJson.mapper().treeToValue(tree, EnvSnapshot.class);
    }

    @Test
    void threadAffinityAndQdiscChangesAreExactlyTheTwoChanges() throws Exception {
        EnvSnapshot a = golden();
        EnvSnapshot b = edited(t -> {
            ((ObjectNode) t.at("/threads/tsnlat-rx")).put("affinity", "0");
            ((ObjectNode) t.at("/net/eth0/qdisc")).put("root", "tbf rate 100Mbit burst 32Kb lat 50ms");
        });
        List<EnvChange> changes = EnvDiff.diff(a, b);
        assertThat(changes).containsExactly(
                new EnvChange("threads", "tsnlat-rx affinity", "1", "0"),
                new EnvChange("net", "eth0 qdisc root",
                        a.net().get("eth0").qdisc().get("root"), "tbf rate 100Mbit burst 32Kb lat 50ms"));
        assertThat(EnvText.changes(changes)).contains("threads\n  tsnlat-rx affinity 1 -> 0\n")
                .contains("net\n  eth0 qdisc root pfifo_fast");
    }

    @Test
    void volatileFieldsAreNeverReported() throws Exception {
        EnvSnapshot b = edited(t -> {
            ((ObjectNode) t.at("/threads/tsnlat-rx")).put("pid", 1).put("tid", 2).put("lastCpu", 0);
            ((ObjectNode) t.at("/host")).put("memAvailableKb", 1);
            t.put("takenAt", "2030-01-01T00:00:00Z");
            ((ObjectNode) t.at("/ptp/processes/ptp4l")).put("pid", 99999);
            t.at("/irqs").forEach(irq -> ((ObjectNode) irq).put("number", 7)
                    .set("counts", EnvJson.mapper().createObjectNode().put("cpu0", 123456)));
            ((ObjectNode) t.at("/net/eth0")).set("tcQdisc", EnvJson.mapper().createArrayNode());
        });
        assertThat(EnvDiff.diff(golden(), b)).isEmpty();
    }

    @Test
    void isolationRemovedAndUnreadableValuesAreShownAsSuch() throws Exception {
        EnvSnapshot a = edited(t -> ((ObjectNode) t.at("/kernel")).put("isolcpus", "2-3"));
        EnvSnapshot b = edited(t -> {
            ((ObjectNode) t.at("/pmqos")).remove("cpuDmaLatencyUs");
            ((ObjectNode) t.at("/unreadable")).put("pmqos.cpuDmaLatencyUs", "permission denied");
        });
        assertThat(EnvDiff.diff(a, b)).containsExactly(
                new EnvChange("kernel", "isolcpus", "2-3", "(none)"),
                new EnvChange("pmqos", "cpuDmaLatencyUs", "0", "(unreadable: permission denied)"));
        assertThat(EnvText.changes(EnvDiff.diff(a, b))).isEqualTo("""
                kernel
                  isolcpus 2-3 -> (none)
                pmqos
                  cpuDmaLatencyUs 0 -> (unreadable: permission denied)
                """);
    }

    @Test
    void wholeTopicUnreadableOnOneSidePairsWithEachValueOnTheOther() throws Exception {
        EnvSnapshot a = edited(t -> ((ObjectNode) t.at("/kernel")).set("cpufreqGovernors",
                EnvJson.mapper().createObjectNode().put("cpu0", "performance")));
        List<EnvChange> changes = EnvDiff.diff(a, golden());
        assertThat(changes).containsExactly(
                new EnvChange("kernel", "cpufreqGovernors cpu0", "performance", "(unreadable: no cpufreq)"));
    }

    @Test
    void twoSnapshotsOfThisHostASecondApartDiffer() throws Exception {
        // The "nothing else" guarantee: everything that moves by itself is marked volatile.
        // This VM is shared with other test runs that start and stop processes (ptp4l...), so a
        // non-empty diff is retried twice; a volatile field left compared would fail every time.
        List<String> ifs = new ArrayList<>(EnvCollector.defaultInterfaces(null));
        ifs.add("lo");
        EnvRequest req = new EnvRequest(ifs, null, Map.of("tsnlat-test", Scheduling.gettid()));
        List<EnvChange> changes = List.of();
        for (int attempt = 0; attempt < 3; attempt++) {
            EnvSnapshot first = EnvCollector.collect(req);
            Thread.sleep(1000);
            EnvSnapshot second = EnvCollector.collect(req);
            assertThat(first.takenAt()).isNotEqualTo(second.takenAt());
            changes = EnvDiff.diff(first, second);
            if (changes.isEmpty()) {
                break;
            }
        }
        assertThat(changes).isEmpty();
    }

    @Test
    void goldenVersionOneIsReadAndEqualsItself() throws Exception {
        EnvSnapshot g = golden();
        assertThat(g.version()).isEqualTo(1);
        assertThat(g.threads()).containsKey("tsnlat-rx");
        assertThat(EnvDiff.diff(g, g)).isEmpty();
        assertThat(EnvText.raw(g)).contains("tsnlat-rx affinity 1");
        EnvSnapshot now = EnvCollector.collect(new EnvRequest(List.of("lo"), null, Map.of()));
        assertThat(EnvText.changes(EnvDiff.diff(g, now))).isNotBlank();
    }
}
