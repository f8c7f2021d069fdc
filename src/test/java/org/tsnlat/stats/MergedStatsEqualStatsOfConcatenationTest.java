package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Recording A, then adding the stats of B, gives the same figures as recording A ++ B. */
class MergedStatsEqualStatsOfConcatenationTest {

    @Property(tries = 200)
    void mergeEqualsConcatenation(
            @ForAll("signedValues") List<Long> values, @ForAll @IntRange(min = 0, max = 2000) int cut) {
        int split = Math.min(cut, values.size());
        MetricStats first = new MetricStats("delta");
        MetricStats second = new MetricStats("delta");
        MetricStats all = new MetricStats("delta");
        for (int i = 0; i < values.size(); i++) {
            (i < split ? first : second).record(values.get(i), i, i * 1000L);
            all.record(values.get(i), i, i * 1000L);
        }

        first.add(second);

        assertThat(first.summary()).isEqualTo(all.summary());
        assertThat(first.positiveHistogram()).isEqualTo(all.positiveHistogram());
        assertThat(first.negativeHistogram()).isEqualTo(all.negativeHistogram());
        for (double p : MetricStatsMatchesNaiveReferenceTest.CHECKED_PERCENTILES) {
            assertThat(first.percentileNs(p)).isEqualTo(all.percentileNs(p));
        }
    }

    @Property(tries = 50)
    void resetThenRecordEqualsFreshStats(@ForAll("signedValues") List<Long> values) {
        MetricStats reused = MetricStatsMatchesNaiveReferenceTest.recordAll(new ArrayList<>(values));
        reused.reset();
        assertThat(reused.summary()).isEqualTo(MetricSummary.empty("latency"));
        for (int i = 0; i < values.size(); i++) {
            reused.record(values.get(i), i, MetricStatsMatchesNaiveReferenceTest.timeOf(i));
        }
        assertThat(reused.summary()).isEqualTo(MetricStatsMatchesNaiveReferenceTest.recordAll(values).summary());
    }

    @Provide
    Arbitrary<List<Long>> signedValues() {
        return MetricStatsMatchesNaiveReferenceTest.signedValues();
    }
}
