package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * This machine's kernel has no sch_taprio, sch_etf or sch_mqprio (CONFIG_NET_SCH_* not set): the
 * snapshot says so in words, with the evidence, and lo has no time-aware qdisc. Where a kernel
 * has them, each says "present" with where it was seen.
 */
class TimeAwareQdiscsHereTest {

    @Test
    @Needs(Need.TC)
    void theSnapshotSaysPlainlyWhichTimeAwareQdiscsThisKernelHas() {
        EnvSnapshot s = EnvCollector.collect(new EnvRequest(List.of("lo"), null, Map.of()));
        Map<String, String> kernel = s.kernel().timeAwareQdiscs();
        assertThat(kernel).containsOnlyKeys("etf", "mqprio", "taprio");
        kernel.forEach((q, said) -> assertThat(said).matches("(present|absent|unknown): .+"));
        assertThat(s.net().get("lo").schedules()).isEmpty();
        assertThat(s.net().get("lo").qdisc()).isNotEmpty();

        var availability = LaunchTimeQdisc.KernelModules.read();
        assumeThat(availability.apply("taprio").present()).as("a kernel with sch_taprio").isFalse();
        assertThat(kernel.get("taprio")).startsWith("absent: ");
        String text = EnvText.snapshot(s);
        assertThat(text).contains("  time-aware qdiscs: etf ").contains("taprio absent (");
        assertThat(text).containsPattern("    time-aware qdisc: none \\(no taprio, etf or mqprio here; this kernel has no [a-z_, ]*sch_taprio\\)\n");
    }
}
