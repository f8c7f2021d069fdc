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
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a crash (kill -9 mid-write), a damaged disk or a wrong file leaves is reported, never
 * misread: a cut file reads up to its last whole record, a damaged version-2 header is refused,
 * a damaged version-2 record is left out and counted.
 */
class DamagedRecordFileTest {
    @TempDir
    Path dir;

    private byte[] validFile(RecordKind kind, int records) throws IOException {
        RecordHeader header = RecordSamples.header(kind);
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

    /**
     * Every bit of a version-2 header: a flip in bytes 0..59 (the checksummed bytes and the
     * checksum) is refused, by the magic, the version or the checksum; a flip in the reserved
     * bytes 60..63, which the checksum does not cover, is ignored like any reserved byte.
     */
    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void everySingleBitFlipInAV2HeaderIsRefusedUnlessInItsReservedBytes(RecordKind kind) throws IOException {
        byte[] valid = validFile(kind, 3);
        Path file = dir.resolve("flipped");
        for (int bit = 0; bit < 64 * 8; bit++) {
            Files.write(file, RecordSamples.flipBit(valid, bit));
            int at = bit / 8;
            if (at < 60) {
                String problem = at < 8 ? "not a tsnlat record file (bad magic)"
                        : at < 10 ? "unsupported record version " : "header damaged (checksum mismatch)";
                assertThatThrownBy(() -> RecordFileReader.open(file)).as("bit %d", bit)
                        .isInstanceOf(RecordFormatException.class).hasMessageStartingWith(file + ": " + problem);
            } else {
                try (RecordFileReader reader = RecordFileReader.open(file)) {
                    assertThat(reader.header()).as("bit %d", bit).isEqualTo(header(kind));
                    assertIntactExcept(kind, reader, 3, -1);
                }
            }
        }
    }

    /**
     * Every bit of one record in the middle of a version-2 file: a flip in the checksummed bytes
     * or the checksum leaves out exactly that record, counted, and the others read intact; a flip
     * in the reserved bytes after the checksum (RX bytes 84..95; TX records have none) is ignored.
     */
    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void everySingleBitFlipInARecordLeavesOutThatRecordAlone(RecordKind kind) throws IOException {
        int records = 5;
        int damaged = 2;
        int covered = RecordSamples.checksumOffset(kind) + 4;
        byte[] valid = validFile(kind, records);
        Path file = dir.resolve(kind == RecordKind.TX ? "tx.records" : "rx.records");
        for (int bit = 0; bit < kind.recordBytes() * 8; bit++) {
            Files.write(file, RecordSamples.flipBit(valid, (64 + damaged * kind.recordBytes()) * 8 + bit));
            try (RecordFileReader reader = RecordFileReader.open(file)) {
                assertThat(reader.checksummed()).isTrue();
                assertThat(reader.wholeRecords()).isEqualTo(records);
                if (bit / 8 < covered) {
                    assertIntactExcept(kind, reader, records, damaged);
                    assertThat(reader.damageNote()).as("bit %d", bit).isEqualTo(file.getFileName()
                            + ": 1 of 5 records damaged (checksum), the first at record 2; left out");
                } else {
                    assertIntactExcept(kind, reader, records, -1);
                }
            }
        }
    }

    /** The example of the documentation, across the reader's buffer (10 922 RX records). */
    @Test
    void damagedRecordsAreCountedAndTheFirstNamed() throws IOException {
        byte[] bytes = validFile(RecordKind.RX, 15_000);
        for (int record : new int[] {812, 10_922, 14_999}) {
            bytes = RecordSamples.flipBit(bytes, (64 + record * 96 + 17) * 8 + 3);
        }
        Path file = writeBytes("rx.records", bytes);
        try (RecordFileReader reader = RecordFileReader.open(file)) {
            assertThat(reader.damageNote()).isNull();
            List<PacketRecord> got = RecordSamples.readAll(reader);
            assertThat(got).hasSize(15_000 - 3);
            assertThat(got).extracting(r -> r.seq).doesNotContain(812L, 10_922L, 14_999L).contains(813L, 10_921L);
            assertThat(reader.damagedRecords()).isEqualTo(3);
            assertThat(reader.firstDamagedRecord()).isEqualTo(812);
            assertThat(reader.damageNote())
                    .isEqualTo("rx.records: 3 of 15000 records damaged (checksum), the first at record 812; left out");
            assertThat(reader.next(new PacketRecord())).isFalse();
            assertThat(reader.damagedRecords()).isEqualTo(3);
        }
    }

    /** Records of noise behind a good header: all left out, none believed, nothing thrown. */
    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void recordsOfNoiseAreAllLeftOut(RecordKind kind) throws IOException {
        byte[] bytes = validFile(kind, 2_000);
        byte[] noise = new byte[bytes.length - 64];
        new Random(42).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 64, noise.length);
        Path file = writeBytes("noise", bytes);
        try (RecordFileReader reader = RecordFileReader.open(file)) {
            assertThat(reader.next(new PacketRecord())).isFalse();
            assertThat(reader.damagedRecords()).isEqualTo(2_000);
            assertThat(reader.firstDamagedRecord()).isZero();
        }
    }

    /** A version-1 file has no checksums: a flipped bit is read as it is, as it always was. */
    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void aV1FileIsReadUnchecked(RecordKind kind) throws IOException {
        byte[] v1 = RecordSamples.toV1(validFile(kind, 3));
        Path file = writeBytes("v1", RecordSamples.flipBit(v1, (64 + kind.recordBytes()) * 8 + 8 * 8 + 4));
        try (RecordFileReader reader = RecordFileReader.open(file)) {
            assertThat(reader.header().version()).isEqualTo(1);
            assertThat(reader.checksummed()).isFalse();
            List<PacketRecord> got = RecordSamples.readAll(reader);
            assertThat(got).hasSize(3);
            assertThat(got.get(1).scheduledNs).isEqualTo(RecordSamples.record(1).scheduledNs ^ 16);
            assertThat(reader.damagedRecords()).isZero();
            assertThat(reader.firstDamagedRecord()).isEqualTo(-1);
        }
    }

    private static RecordHeader header(RecordKind kind) {
        return RecordSamples.header(kind);
    }

    /** Reads every record: all are the samples 0..records-1, but for {@code damaged} (or none: -1). */
    private static void assertIntactExcept(RecordKind kind, RecordFileReader reader, int records, int damaged)
            throws IOException {
        List<PacketRecord> got = RecordSamples.readAll(reader);
        List<Long> want = LongStream.range(0, records).filter(seq -> seq != damaged).boxed().toList();
        assertThat(got).extracting(r -> r.seq).isEqualTo(want);
        for (int i = 0; i < want.size(); i++) {
            RecordSamples.assertSameAs(kind, got.get(i), RecordSamples.record(want.get(i)));
        }
        assertThat(reader.damagedRecords()).isEqualTo(damaged < 0 ? 0 : 1);
        assertThat(reader.firstDamagedRecord()).isEqualTo(damaged);
    }

    @Test
    void aVersionTwoHeaderDamagedIntoVersionOneIsRefusedNotReadUnchecked() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("v2-as-v1", ".records");
        try {
            java.nio.file.Files.delete(f);
            try (RecordFileWriter w = RecordFileWriter.create(f, RecordHeader.of(RecordKind.RX, 7, 11, 1_000_000, 5, 0))) {
                w.append(new PacketRecord());
            }
            byte[] bytes = java.nio.file.Files.readAllBytes(f);
            bytes[8] = 1; // the version field, little-endian: 2 -> 1 (two bits flipped)
            java.nio.file.Files.write(f, bytes);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordFileReader.open(f).close())
                    .isInstanceOf(RecordFormatException.class).hasMessageContaining("header damaged (version 1 with a checksum");
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }
}
