package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.explain.Outliers;

/** The summary's outliers line: a threshold as a span or as the run's percentile, and a run with nothing to judge said so. */
class OutliersTextTest {
    @Test
    void theThresholdIsSaidAsGivenAndARunWithoutTrustedClocksJudgesNothing() {
        assertThat(SummaryText.outliers(new Outliers(200_000, 56_807, 3, List.of(), List.of(), "trace/trace.txt")))
                .startsWith("outliers (--explain, lateness beyond its median 56.807 us by more than 200.000 us): 3");
        assertThat(SummaryText.outliers(new Outliers(31_000, 56_807, 30, List.of(), List.of(), "trace/trace.txt", "p99")))
                .startsWith("outliers (--explain, lateness beyond its median 56.807 us by more than 31.000 us (the run's p99)): 30");
        // every interval untrusted (a VM guest's own clock): no median to measure against, never "median 0.000 us"
        assertThat(SummaryText.outliers(new Outliers(0, 0, 0, List.of(), List.of(), "trace/trace.txt")))
                .isEqualTo("outliers (--explain): none judged: no probe after the warm-up in an interval whose clocks were "
                        + "trusted, and lateness needs both (trace: trace/trace.txt)\n");
    }
}
