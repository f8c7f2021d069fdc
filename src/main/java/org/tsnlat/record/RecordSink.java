package org.tsnlat.record;

import java.io.IOException;

/** Where a {@link RecordPipe} drains to; {@link RecordFileWriter} is the real one. */
@FunctionalInterface
public interface RecordSink {
    /** Takes a copy of {@code r}; {@code r} is reused after the call returns. */
    void append(PacketRecord r) throws IOException;
}
