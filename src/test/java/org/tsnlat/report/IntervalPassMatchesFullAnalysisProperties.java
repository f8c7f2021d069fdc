package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.Timestamps;

/**
 * The report's light first pass builds the interval table the full analysis's classification of
 * each record (duplicate or not, receive time, latency) gives, on
 * records with duplicates, reordering, lost probes, missing timestamps, every RX source and
 * receive times that go back, before the first one: the
 * verdicts made from it are the ones the full analysis's own table would give.
 */
class IntervalPassMatchesFullAnalysisProperties {
    private static final long MS = 1_000_000L;

    /** One arrival: seq, latency, and which timestamps are present (bit 0 hw rx, 1 sw rx, 2 app tx). */
    record Arrival(long seq, long latencyNs, int present) {}

    @Provide
    Arbitrary<List<Arrival>> arrivals() {
        Arbitrary<Arrival> one = Combinators.combine(
                Arbitraries.longs().between(0, 3000),
                Arbitraries.longs().between(-50_000, 5 * MS),
                Arbitraries.integers().between(0, 7)).as(Arrival::new);
        return one.list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void tablesAreEqual(@ForAll("arrivals") List<Arrival> arrivals, @ForAll("intervals") long intervalNs) {
        IntervalPass light = new IntervalPass(intervalNs);
        IntervalTable y = new IntervalTable(intervalNs); // from what the full analysis derived of each record
        RxAnalysis full = new RxAnalysis(0, intervalNs, null).observe(d -> {
            if (d.duplicate) return;
            if (d.latencyNs != Timestamps.ABSENT) y.add(d.rxNs, d.latencyNs);
            else y.touch(d.rxNs);
        });
        long t = 1_700_000_000_000_000_000L;
        for (Arrival a : arrivals) {
            t += a.seq % 7 == 0 ? -150 * MS : a.seq % 2 == 0 ? MS : 3 * MS; // now and then back before the origin
            light.accept(record(a, t));
            full.accept(record(a, t));
        }
        IntervalTable x = light.table();
        assertThat(x.originNs()).isEqualTo(y.originNs());
        assertThat(x.size()).isEqualTo(y.size());
        for (int i = 0; i < x.size(); i++) {
            assertThat(x.key(i)).isEqualTo(y.key(i));
            assertThat(new long[] {x.packets(i), x.negatives(i), x.min(i), x.max(i)}).as("interval %d", x.key(i))
                    .containsExactly(y.packets(i), y.negatives(i), y.min(i), y.max(i));
        }
    }

    @Provide
    Arbitrary<Long> intervals() {
        return Arbitraries.of(10 * MS, 100 * MS, 1000 * MS);
    }

    private static PacketRecord record(Arrival a, long rxNs) {
        PacketRecord r = new PacketRecord();
        r.seq = a.seq;
        r.scheduledNs = rxNs - 20 * MS;
        r.hwRxNs = (a.present & 1) != 0 ? rxNs - 700 : Timestamps.ABSENT;
        r.swRxNs = (a.present & 2) != 0 ? rxNs - 300 : Timestamps.ABSENT;
        r.appRxNs = rxNs;
        r.appTxNs = (a.present & 4) != 0 ? rxNs - a.latencyNs : Timestamps.ABSENT;
        return r;
    }
}
