package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a crash (kill -9 mid-write) or a wrong file leaves is reported, never misread. */
class DamagedRecordFileTest {
    @TempDir
    Path dir;

    private byte[] validFile(RecordKind kind, int records) throws IOException {
        RecordHeader header = kind == RecordKind.TX ? RecordSamples.TX_HEADER : RecordSamples.RX_HEADER;
        Path file = RecordSamples.write(dir.resolve("valid-" + kind), header,
                LongStream.range(0, records).mapToObj(RecordSamples::record).toList());
        return Files.readAllBytes(file);
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void aHeaderCutAtAnyLengthIsRejectedAsTruncated(RecordKind kind) throws IOException {
        byte[] valid = validFile(kind, 2);
        for (int length = 0; length < 64; length++) {
            Path file = writeBytes("cut-" + length, Arrays.copyOf(valid, length));
            assertThatThrownBy(() -> RecordFileReader.open(file)).isInstanceOf(RecordFormatException.class)
                    .hasMessage(file + ": header truncated (" + length + " of 64 bytes)");
        }
    }

    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void aBodyCutAtAnyByteOfTheLastTwoRecordsReadsTheWholeRecordsAndReportsTheRest(RecordKind kind)
            throws IOException {
        int records = 5;
        int recordBytes = kind.recordBytes();
        byte[] valid = validFile(kind, records);
        for (int length = 64 + (records - 2) * recordBytes; length <= valid.length; length++) {
            Path file = writeBytes("cut-" + length, Arrays.copyOf(valid, length));
            long whole = (length - 64) / recordBytes;
            try (RecordFileReader reader = RecordFileReader.open(file)) {
                assertThat(reader.wholeRecords()).as("length %d", length).isEqualTo(whole);
                assertThat(reader.trailingBytes()).isEqualTo((length - 64) % recordBytes);
                List<PacketRecord> got = RecordSamples.readAll(reader);
                assertThat(got).hasSize((int) whole);
                for (int i = 0; i < whole; i++) {
                    RecordSamples.assertSameAs(kind, got.get(i), RecordSamples.record(i));
                }
            } catch (IOException | RuntimeException e) {
                fail("a file cut at " + length + " bytes must read cleanly", e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void aForeignFileIsRejectedForItsMagic(RecordKind kind) throws IOException {
        byte[] bytes = validFile(kind, 1);
        bytes[3] = 'X';
        Path file = writeBytes("foreign", bytes);
        assertThatThrownBy(() -> RecordFileReader.open(file)).isInstanceOf(RecordFormatException.class)
                .hasMessage(file + ": not a tsnlat record file (bad magic)");
        Path text = writeBytes("short-text", "hi\n".getBytes());
        assertThatThrownBy(() -> RecordFileReader.open(text)).hasMessageEndingWith("(bad magic)");
    }

    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void aNewerVersionIsRejectedByNumber(RecordKind kind) throws IOException {
        Path file = writeBytes("v7", withShort(validFile(kind, 1), 8, 7));
        assertThatThrownBy(() -> RecordFileReader.open(file)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ": unsupported record version 7");
    }

    /** Fields made impossible on purpose (the checksum made right again), in v2 and v1. */
    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void impossibleHeaderFieldsAreRejected(RecordKind kind) throws IOException {
        byte[] valid = validFile(kind, 1);
        for (byte[] file : List.of(valid, RecordSamples.toV1(valid))) {
            assertRejected(withShort(file, 10, 9), "unknown record kind 9");
            assertRejected(withShort(file, 12, 128), "header length 128, expected 64");
            assertRejected(withShort(file, 14, 80), "record length 80, expected " + kind.recordBytes());
        }
    }

    private void assertRejected(byte[] bytes, String problem) throws IOException {
        Path file = writeBytes("bad", bytes);
        assertThatThrownBy(() -> RecordFileReader.open(file)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ": " + problem);
    }

    /** A copy with a u16 set, and (version 2) the header checksum made right again. */
    private static byte[] withShort(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(index, (short) value);
        return copy[8] == 2 ? RecordSamples.withHeaderChecksum(copy) : copy;
    }
}
