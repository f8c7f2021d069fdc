package org.tsnlat.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.RecordFormatException;
import org.tsnlat.record.Timestamps;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunDirectoryException;
import org.tsnlat.rundir.RunMeta;

/** Re-derives a run's summary from its directory alone: meta.json and the record files. */
public final class RunReport {
    private RunReport() {}

    public static Summary load(RunDirectory dir) throws RunDirectoryException {
        RunMeta meta = dir.readMeta();
        List<String> notes = new ArrayList<>();
        long warmupNs = meta.config().warmupNs();
        RxAnalysis rx = null;
        TxAnalysis tx = null;
        Path rxFile = dir.file(RunDirectory.RX_RECORDS);
        if (Files.exists(rxFile)) {
            RxAnalysis a = new RxAnalysis(warmupNs);
            readAll(rxFile, a::accept, notes);
            rx = a;
        }
        Path txFile = dir.file(RunDirectory.TX_RECORDS);
        if (Files.exists(txFile)) {
            TxAnalysis a = new TxAnalysis(warmupNs, meta.config().periodNs());
            readAll(txFile, a::accept, notes);
            tx = a;
        }
        if (rx == null && tx == null) {
            throw new RunDirectoryException(dir.path() + ": no record files (" + RunDirectory.RX_RECORDS + " or "
                    + RunDirectory.TX_RECORDS + ")");
        }
        return SummaryBuilder.build(meta, rx, tx, startNs(rx, tx), notes);
    }

    /** The zero of report times: the first received probe's schedule, else the first sent one's. */
    public static long startNs(RxAnalysis rx, TxAnalysis tx) {
        if (rx != null && rx.firstScheduledNs() != Timestamps.ABSENT) return rx.firstScheduledNs();
        if (tx != null && tx.firstScheduledNs() != Timestamps.ABSENT) return tx.firstScheduledNs();
        return 0;
    }

    private static void readAll(Path file, Consumer<PacketRecord> sink, List<String> notes) throws RunDirectoryException {
        try (RecordFileReader r = RecordFileReader.open(file)) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) {
                sink.accept(rec);
            }
            if (r.trailingBytes() > 0) {
                notes.add(file.getFileName() + ": " + r.wholeRecords() + " whole records, then " + r.trailingBytes()
                        + " bytes of a partial record (cut off while writing)");
            }
        } catch (RecordFormatException e) {
            throw new RunDirectoryException(e.getMessage());
        } catch (java.io.IOException e) {
            throw new RunDirectoryException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
