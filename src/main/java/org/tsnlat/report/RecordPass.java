package org.tsnlat.report;

import java.io.IOException;
import org.tsnlat.record.RecordFileReader;

/**
 * One pass over a record file. Each kind of pass has its own loop over the records, so that the
 * JIT sees one receiver at each per-record call: a loop shared by several passes (a
 * {@code Consumer} called for every record) turns megamorphic when a second pass runs on
 * another thread, and has been seen to be deoptimised into the interpreter for seconds.
 */
interface RecordPass {
    /** Takes every whole record of {@code r}, in file order. */
    void readAll(RecordFileReader r) throws IOException;
}
