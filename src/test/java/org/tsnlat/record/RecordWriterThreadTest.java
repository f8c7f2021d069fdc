package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordWriterThreadTest {
    @TempDir
    Path dir;

    private static long wholeRecordsOnDisk(Path file) throws IOException {
        try (RecordFileReader reader = RecordFileReader.open(file)) {
            return reader.wholeRecords();
        }
    }

    @Test
    void offeredRecordsReachTheDiskWithin200msWithoutClose() throws Exception {
        Path file = dir.resolve("rx.records");
        try (RecordWriterThread writer = RecordWriterThread.start(file, RecordSamples.RX_HEADER, 1 << 10)) {
            for (int round = 1; round <= 3; round++) {
                for (long seq = 0; seq < 10; seq++) {
                    assertThat(writer.offer(RecordSamples.record(seq))).isTrue();
                }
                long deadlineNs = System.nanoTime() + 200_000_000L;
                while (wholeRecordsOnDisk(file) < round * 10L && System.nanoTime() - deadlineNs < 0) {
                    Thread.sleep(5);
                }
                // a new reader, as after a kill -9, sees every record offered so far
                assertThat(wholeRecordsOnDisk(file)).isEqualTo(round * 10L);
            }
            assertThat(writer.recordsWritten()).isEqualTo(30);
        }
    }

    @Test
    void closeDrainsEverythingAndCanBeCalledTwice() throws Exception {
        Path file = dir.resolve("tx.records");
        RecordWriterThread writer = RecordWriterThread.start(file, RecordSamples.TX_HEADER, 1 << 16);
        PacketRecord r = new PacketRecord();
        for (long seq = 0; seq < 50_000; seq++) {
            RecordSamples.fill(r, seq);
            assertThat(writer.offer(r)).isTrue();
        }
        writer.close();
        writer.close();
        assertThat(writer.overflows()).isZero();
        assertThat(writer.lostRecords()).isZero();
        assertThat(writer.failure()).isNull();
        assertThat(writer.recordsWritten()).isEqualTo(50_000);
        try (RecordFileReader reader = RecordFileReader.open(file)) {
            assertThat(reader.wholeRecords()).isEqualTo(50_000);
            assertThat(reader.trailingBytes()).isZero();
            PacketRecord got = new PacketRecord();
            for (long seq = 0; reader.next(got); seq++) {
                assertThat(got.seq).isEqualTo(seq);
            }
        }
    }

    @Test
    void aFullPipeIsCountedNotBlocked() throws Exception {
        Path file = dir.resolve("tx.records");
        RecordWriterThread writer = RecordWriterThread.start(file, RecordSamples.TX_HEADER, 2);
        long refused = 0;
        for (long seq = 0; seq < 10_000; seq++) {
            if (!writer.offer(RecordSamples.record(seq))) {
                refused++;
            }
        }
        writer.close();
        assertThat(writer.overflows()).isEqualTo(refused);
        assertThat(writer.recordsWritten() + refused).isEqualTo(10_000);
    }
}
