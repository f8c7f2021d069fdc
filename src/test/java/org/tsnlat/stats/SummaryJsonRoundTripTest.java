package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** MetricSummary and PacketCounts written as JSON by Jackson read back equal. */
class SummaryJsonRoundTripTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void metricSummaryWithNegativesRoundTrips() throws Exception {
        MetricStats stats = new MetricStats("latency");
        long[] values = {86_914, -39, 71_810, 210_076, -1_000_000_000_000L, 4_000_000_000_000L, 0};
        for (int i = 0; i < values.length; i++) {
            stats.record(values[i], 100 + i, 1_000_000L * i);
        }
        MetricSummary original = stats.summary();

        String json = mapper.writeValueAsString(original);
        MetricSummary back = mapper.readValue(json, MetricSummary.class);

        assertThat(back).isEqualTo(original);
        assertThat(json).contains("\"p99.99\"").contains("\"minNs\":-1000000000000");
        assertThat(back.histogramClamped()).isEqualTo(1);
    }

    @Test
    void emptyMetricSummaryRoundTrips() throws Exception {
        MetricSummary original = MetricSummary.empty("delta");
        String json = mapper.writeValueAsString(original);
        assertThat(mapper.readValue(json, MetricSummary.class)).isEqualTo(original);
    }

    @Test
    void packetCountsRoundTrip() throws Exception {
        PacketCounts original = new PacketCounts(1_799_990, 3, 7, 10, 1_800_000, true, 1);
        String json = mapper.writeValueAsString(original);
        assertThat(mapper.readValue(json, PacketCounts.class)).isEqualTo(original);
    }
}
