package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.ReflectionRecordCodec;

/**
 * What the reverse-latency line says when no reflection is measured: "none came back" only when
 * none did; reflections that came back only in the warm-up (a receiver that took seconds to start
 * answering, as a guest under emulation does) are said as such, never read as lost.
 */
class ReflectionAnalysisTextTest {
    private static final long MS = 1_000_000L;

    @Test
    void noneBackIsSaidSo() {
        var a = new ReflectionAnalysis(2_000 * MS, 0, null);
        assertThat(a.pairs().get("reverse-latency")).startsWith("no reflection came back");
    }

    @Test
    void reflectionsOnlyInTheWarmupAreNotSaidToBeMissing() {
        var a = new ReflectionAnalysis(2_000 * MS, 0, null);
        PacketRecord r = new PacketRecord();
        for (long seq = 0; seq < 1000; seq += 10) { // every 10th probe of the first second: in the warm-up
            long scheduled = seq * MS;
            a.accept(ReflectionRecordCodec.set(r, seq, scheduled, scheduled, scheduled + 50_000, scheduled + 60_000,
                    scheduled + 110_000, 0));
        }
        assertThat(a.pairs().get("reverse-latency"))
                .startsWith("no reflection measured after the warm-up (100 came back, 100 of them within the warm-up)");
    }

    @Test
    void measuredReflectionsAreCountedByTheirTimes() {
        var a = new ReflectionAnalysis(0, 0, null);
        PacketRecord r = new PacketRecord();
        a.accept(ReflectionRecordCodec.set(r, 0, 0, 0, 50_000, 60_000, 110_000, 0));
        assertThat(a.pairs().get("reverse-latency")).startsWith("app rx (1) minus receiver's app tx (1) of the reflection");
    }
}
