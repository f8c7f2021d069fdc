package org.tsnlat.report;

import java.io.IOException;
import org.tsnlat.record.RecordFileReader;

/**
 * One pass over a record file. Each kind of pass has its own loop over the records, so that the
 * JIT sees one receiver at each per-record call, where a loop shared by several passes (a
 * {@code Consumer} called for every record) sees them all.
 */
interface RecordPass {
    /** Takes every whole record of {@code r} in file order, but those no run can have written ({@link Plausible}). */
    void readAll(RecordFileReader r) throws IOException;

    /** Records {@link #readAll} left out as impossible, and where the first was. */
    Plausible.Skips skipped();
}
