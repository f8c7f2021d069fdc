package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of {@link RecordFileReader} over any bytes as a record file
 * (docs/testing.md, "Fuzzing"): it opens and reads, or refuses with its documented
 * {@link RecordFormatException} (an {@link IOException}); never an unchecked exception, never an
 * error such as OutOfMemoryError, never a hang (the fuzzing run's per-input timeout). Each whole
 * record is either handed over or counted damaged, and the file's bytes add up: header, whole
 * records, trailing bytes. Seeds ({@code golden/*.records}): {@code RecordFileReaderFuzzTestInputs/read/}.
 */
class RecordFileReaderFuzzTest {
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "30s")
    void read(byte[] content) throws IOException {
        Path file = dir.resolve("rx.records");
        Files.write(file, content);
        RecordFileReader reader;
        try {
            reader = RecordFileReader.open(file);
        } catch (RecordFormatException refused) {
            assertThat(refused.file()).isEqualTo(file);
            assertThat(refused.getMessage()).startsWith(file + ": ").doesNotContain("\n");
            return;
        }
        try (reader) {
            int recordBytes = reader.header().recordBytes();
            assertThat(recordBytes).isPositive();
            assertThat(RecordHeaderCodec.HEADER_BYTES + reader.wholeRecords() * recordBytes + reader.trailingBytes())
                    .isEqualTo(content.length);
            PacketRecord r = new PacketRecord();
            long handed = 0;
            while (reader.next(r)) {
                handed++;
                assertThat(handed).isLessThanOrEqualTo(reader.wholeRecords());
            }
            assertThat(handed + reader.damagedRecords()).isEqualTo(reader.wholeRecords());
            if (!reader.checksummed()) {
                assertThat(reader.damagedRecords()).isZero();
            }
            if (reader.damagedRecords() == 0) {
                assertThat(reader.firstDamagedRecord()).isEqualTo(-1);
            } else {
                assertThat(reader.firstDamagedRecord()).isBetween(0L, reader.wholeRecords() - 1);
                assertThat(reader.damageNote()).isNotBlank();
            }
        }
    }
}
