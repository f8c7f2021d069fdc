package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hot loops call offer and the writer thread calls append: neither may allocate. */
class ZeroAllocationTest {
    private static final int CALLS = 100_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    @Test
    void theMeasurementSeesAnAllocation() {
        long before = allocatedBytes();
        byte[] sink = new byte[4096];
        long after = allocatedBytes();
        assertThat(sink).hasSize(4096);
        assertThat(after - before).isGreaterThanOrEqualTo(4096);
    }

    @Test
    void offerAllocatesNothing() throws IOException {
        RecordPipe pipe = new RecordPipe(1 << 17);
        PacketRecord r = RecordSamples.record(1);
        RecordSink none = x -> { };
        for (int i = 0; i < CALLS; i++) {
            pipe.offer(r);
        }
        pipe.drainTo(none, Integer.MAX_VALUE);

        long before = allocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            r.seq = i;
            pipe.offer(r);
        }
        long after = allocatedBytes();
        assertThat(after - before).isZero();
        assertThat(pipe.size()).isEqualTo(CALLS);
    }

    @Test
    void appendAndFlushAllocateNothing() throws IOException {
        for (RecordKind kind : RecordKind.values()) {
            try (RecordFileWriter w = RecordFileWriter.create(dir.resolve(kind + ".records"),
                    kind == RecordKind.TX ? RecordSamples.TX_HEADER : RecordSamples.RX_HEADER)) {
                PacketRecord r = RecordSamples.record(1);
                for (int i = 0; i < CALLS; i++) {
                    w.append(r);
                }
                w.flush();

                long before = allocatedBytes();
                for (int i = 0; i < CALLS; i++) {
                    r.seq = i;
                    w.append(r);
                    if ((i & 63) == 0) {
                        w.flush();
                    }
                }
                long after = allocatedBytes();
                assertThat(after - before).as("%s append/flush", kind).isZero();
            }
        }
    }

    @Test
    void drainingIntoAWriterAllocatesNothing() throws IOException {
        RecordPipe pipe = new RecordPipe(1 << 17);
        try (RecordFileWriter w = RecordFileWriter.create(dir.resolve("rx.records"), RecordSamples.RX_HEADER)) {
            PacketRecord r = RecordSamples.record(1);
            for (int i = 0; i < CALLS; i++) {
                pipe.offer(r);
            }
            pipe.drainTo(w, Integer.MAX_VALUE);
            for (int i = 0; i < CALLS; i++) {
                pipe.offer(r);
            }

            long before = allocatedBytes();
            int drained = pipe.drainTo(w, Integer.MAX_VALUE);
            w.flush();
            long after = allocatedBytes();
            assertThat(drained).isEqualTo(CALLS);
            assertThat(after - before).isZero();
        }
    }
}
