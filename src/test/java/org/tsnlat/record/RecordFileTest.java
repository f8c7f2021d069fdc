package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void manyRecordsCrossingEveryBufferBoundaryReadBackInOrder(RecordKind kind) throws IOException {
        RecordHeader header = RecordSamples.header(kind);
        int count = 150_000;
        Path file = dir.resolve(kind + ".records");
        try (RecordFileWriter w = RecordFileWriter.create(file, header)) {
            PacketRecord r = new PacketRecord();
            for (long seq = 0; seq < count; seq++) {
                RecordSamples.fill(r, seq);
                w.append(r);
            }
            assertThat(w.recordsAppended()).isEqualTo(count);
        }
        try (RecordFileReader reader = RecordFileReader.open(file)) {
            assertThat(reader.wholeRecords()).isEqualTo(count);
            PacketRecord got = new PacketRecord();
            for (long seq = 0; seq < count; seq++) {
                assertThat(reader.next(got)).isTrue();
                if (got.seq != seq || seq % 9973 == 0) {
                    RecordSamples.assertSameAs(kind, got, RecordSamples.record(seq));
                }
            }
            assertThat(reader.next(got)).isFalse();
            assertThat(reader.next(got)).isFalse();
        }
    }

    @Test
    void anEmptyFileHasAHeaderAndNoRecords() throws IOException {
        Path file = RecordSamples.write(dir.resolve("tx.records"), RecordSamples.TX_HEADER, List.of());
        assertThat(Files.size(file)).isEqualTo(64);
        try (RecordFileReader reader = RecordFileReader.open(file)) {
            assertThat(reader.header()).isEqualTo(RecordSamples.TX_HEADER);
            assertThat(reader.wholeRecords()).isZero();
            assertThat(reader.trailingBytes()).isZero();
            assertThat(reader.next(new PacketRecord())).isFalse();
        }
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path file = RecordSamples.write(dir.resolve("rx.records"), RecordSamples.RX_HEADER,
                LongStream.range(0, 3).mapToObj(RecordSamples::record).toList());
        assertThatThrownBy(() -> RecordFileWriter.create(file, RecordSamples.RX_HEADER))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("rx.records").hasMessageContaining("never overwrites");
        assertThat(Files.size(file)).isEqualTo(64 + 3 * 96);
    }

    @Test
    void onlyTheCurrentVersionIsWritten() {
        assertThat(RecordSamples.TX_HEADER.version()).isEqualTo(2);
        assertThat(RecordSamples.TX_HEADER.checksummed()).isTrue();
        for (int version : new int[] {1, 3}) {
            RecordHeader other = new RecordHeader(version, RecordKind.TX, 1, 11, 1, 0, 0);
            assertThatThrownBy(() -> RecordFileWriter.create(dir.resolve("x"), other))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2 only");
            assertThat(dir.resolve("x")).doesNotExist();
        }
    }

    @Test
    void flushedRecordsAreReadableBeforeClose() throws IOException {
        Path file = dir.resolve("tx.records");
        try (RecordFileWriter w = RecordFileWriter.create(file, RecordSamples.TX_HEADER)) {
            w.append(RecordSamples.record(0));
            w.append(RecordSamples.record(1));
            w.flush();
            w.append(RecordSamples.record(2));
            assertThat(w.recordsWritten()).isEqualTo(2);
            try (RecordFileReader reader = RecordFileReader.open(file)) {
                assertThat(reader.wholeRecords()).isEqualTo(2);
            }
        }
    }
}
