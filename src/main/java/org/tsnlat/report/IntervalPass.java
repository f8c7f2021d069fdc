package org.tsnlat.report;

import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.Timestamps;
import org.tsnlat.stats.SeqTracker;

/**
 * The first pass of a report over the receiver's records: only what the verdicts look at, the
 * per-interval table of one-way latency, built exactly as {@link RxAnalysis} builds its own
 * (duplicates left out, the same receive timestamp, the same origin) at a fraction of the cost
 * of the full analysis.
 */
final class IntervalPass implements RecordPass {
    /** Takes every whole record of {@code r}, in file order. */
    @Override
    public void readAll(RecordFileReader r) throws java.io.IOException {
        PacketRecord rec = new PacketRecord();
        for (long i = 0; r.next(rec); i++) {
            if (Plausible.rx(rec)) {
                accept(rec);
            } else {
                skips.skip(i);
            }
        }
    }

    private final Plausible.Skips skips = new Plausible.Skips();

    @Override
    public Plausible.Skips skipped() {
        return skips;
    }

    private final SeqTracker seqs = new SeqTracker(RxAnalysis.SEQ_WINDOW_BITS);
    private final IntervalTable table;

    IntervalPass(long intervalNs) {
        this.table = new IntervalTable(intervalNs);
    }

    void accept(PacketRecord r) {
        if ((seqs.accept(r.seq) & SeqTracker.DUPLICATE) != 0) {
            return;
        }
        long rxNs = RxAnalysis.rxTime(r, RxAnalysis.bestSource(r));
        if (Timestamps.present(r.appTxNs)) {
            table.add(rxNs, RxAnalysis.latencyNs(rxNs, r.appTxNs));
        } else {
            table.touch(rxNs);
        }
    }

    IntervalTable table() {
        return table;
    }
}
