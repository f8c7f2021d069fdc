package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot loops call offer and the writer thread calls append (which computes each record's
 * checksum): neither may allocate. Reading back, each checksum checked, allocates nothing per
 * record either.
 *
 * <p>Each measurement is of {@link #CALLS} calls, repeated up to {@link #RUNS} times: an
 * allocation per call shows in every run, while a one-off one (a class loaded or a native method
 * linked on first use, a compiled method replaced) shows in one run only, so a run of 0 bytes is
 * the proof.
 */
class ZeroAllocationTest {
    private static final int CALLS = 100_000;
    private static final int RUNS = 5;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Some work with files. */
    private interface Work {
        void run() throws IOException;
    }

    /**
     * The bytes allocated by this thread in each run of {@code measured} (each after an unmeasured
     * {@code setUp}), until a run allocates none or {@link #RUNS} were made.
     */
    private static List<Long> allocatedPerRun(Work setUp, Work measured) throws IOException {
        List<Long> runs = new ArrayList<>(RUNS);
        allocatedBytes();
        do {
            setUp.run();
            long before = allocatedBytes();
            measured.run();
            long after = allocatedBytes();
            runs.add(after - before);
        } while (runs.getLast() != 0 && runs.size() < RUNS);
        return runs;
    }

    @Test
    void theMeasurementSeesAnAllocation() throws IOException {
        byte[][] sink = new byte[1][];
        List<Long> runs = allocatedPerRun(() -> { }, () -> sink[0] = new byte[4096]);
        assertThat(sink[0]).hasSize(4096);
        assertThat(runs).hasSize(RUNS).allSatisfy(bytes -> assertThat(bytes).isGreaterThanOrEqualTo(4096));
    }

    @Test
    void offerAllocatesNothing() throws IOException {
        RecordPipe pipe = new RecordPipe(1 << 17);
        PacketRecord r = RecordSamples.record(1);
        RecordSink none = x -> { };
        for (int i = 0; i < CALLS; i++) {
            pipe.offer(r);
        }

        List<Long> runs = allocatedPerRun(() -> pipe.drainTo(none, Integer.MAX_VALUE), () -> {
            for (int i = 0; i < CALLS; i++) {
                r.seq = i;
                pipe.offer(r);
            }
        });
        assertThat(runs).as("bytes per run of %d offers", CALLS).endsWith(0L);
        assertThat(pipe.size()).isEqualTo(CALLS);
    }

    @Test
    void appendAndFlushAllocateNothing() throws IOException {
        for (RecordKind kind : RecordKind.values()) {
            try (RecordFileWriter w = RecordFileWriter.create(dir.resolve(kind + ".records"),
                    RecordSamples.header(kind))) {
                PacketRecord r = RecordSamples.record(1);
                for (int i = 0; i < CALLS; i++) {
                    w.append(r);
                }
                w.flush();

                List<Long> runs = allocatedPerRun(() -> { }, () -> {
                    for (int i = 0; i < CALLS; i++) {
                        r.seq = i;
                        w.append(r);
                        if ((i & 63) == 0) {
                            w.flush();
                        }
                    }
                });
                assertThat(runs).as("%s: bytes per run of %d appends", kind, CALLS).endsWith(0L);
                assertThat(w.header().checksummed()).isTrue();
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

            int[] drained = new int[1];
            List<Long> runs = allocatedPerRun(() -> {
                for (int i = 0; i < CALLS; i++) {
                    pipe.offer(r);
                }
            }, () -> {
                drained[0] = pipe.drainTo(w, Integer.MAX_VALUE);
                w.flush();
            });
            assertThat(drained[0]).isEqualTo(CALLS);
            assertThat(runs).as("bytes per run of %d records drained", CALLS).endsWith(0L);
        }
    }

    /**
     * Reading a version-2 file back: without damage (each buffer checked with one call), and with
     * a damaged record in every buffer (each record then checked on its own, the damaged skipped).
     */
    @Test
    void readingAndCheckingAllocatesNothing() throws IOException {
        for (RecordKind kind : RecordKind.values()) {
            for (int damaged : new int[] {0, CALLS / 1000}) {
                Path file = dir.resolve("read-" + kind + "-" + damaged + ".records");
                try (RecordFileWriter w = RecordFileWriter.create(file,
                        RecordSamples.header(kind))) {
                    PacketRecord r = new PacketRecord();
                    for (int i = 0; i < CALLS; i++) {
                        RecordSamples.fill(r, i);
                        w.append(r);
                    }
                }
                byte[] bytes = Files.readAllBytes(file);
                for (int k = 0; k < damaged; k++) {
                    bytes[64 + (5 + k * 1000) * kind.recordBytes() + 3] ^= 1;
                }
                Files.write(file, bytes);

                PacketRecord r = new PacketRecord();
                RecordFileReader[] reader = new RecordFileReader[1];
                long[] read = new long[1];
                List<Long> runs = allocatedPerRun(() -> {
                    if (reader[0] != null) {
                        reader[0].close();
                    }
                    reader[0] = RecordFileReader.open(file);
                }, () -> {
                    read[0] = 0;
                    while (reader[0].next(r)) {
                        read[0]++;
                    }
                });
                reader[0].close();
                assertThat(runs).as("%s, %d damaged: bytes per run of reading %d records", kind, damaged, CALLS)
                        .endsWith(0L);
                assertThat(read[0]).isEqualTo(CALLS - damaged);
                assertThat(reader[0].damagedRecords()).isEqualTo(damaged);
                assertThat(reader[0].recordsCheckedSingly()).isEqualTo(damaged == 0 ? 0 : CALLS);
            }
        }
    }
}
