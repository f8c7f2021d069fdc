package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checksum itself: CRC-32C as defined, and the one value of a buffer of intact records that
 * lets the reader check a whole buffer with one call.
 */
class RecordChecksumTest {
    @TempDir
    Path dir;

    @Test
    void itIsCrc32cAsDefined() {
        Random random = new Random(7);
        CRC32C crc = new CRC32C();
        for (int length = 0; length <= 200; length++) {
            byte[] bytes = new byte[length + 5];
            random.nextBytes(bytes);
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(0, bytes);
            assertThat(Integer.toUnsignedLong(RecordChecksum.of(crc, direct, 3, length))).as("length %d", length)
                    .isEqualTo(RecordSamples.referenceCrc32c(bytes, 3, length));
            assertThat(direct.position()).isZero();
            assertThat(direct.limit()).isEqualTo(bytes.length);
        }
    }

    /** Whatever intact records hold, a run of n of them has one CRC-32C. */
    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void aRunOfIntactRecordsHasOneCrcWhateverTheyHold(RecordKind kind) throws IOException {
        int checksummed = RecordSamples.checksumOffset(kind);
        byte[] intact = RecordChecksum.intactRecord(kind.recordBytes(), checksummed);
        CRC32C crc = new CRC32C();
        for (int n : new int[] {1, 2, 3, 17, 1000}) {
            int expected = RecordChecksum.ofIntactRecords(crc, intact, n);
            byte[] sample = records(kind, n, LongStream.range(0, n).mapToObj(RecordSamples::record).toList());
            byte[] other = records(kind, n, LongStream.range(0, n).mapToObj(seq -> random(seq)).toList());
            assertThat((int) RecordSamples.referenceCrc32c(sample, 0, sample.length)).as("%d records", n)
                    .isEqualTo(expected);
            assertThat((int) RecordSamples.referenceCrc32c(other, 0, other.length)).isEqualTo(expected);
        }
        byte[] one = records(kind, 3, List.of(random(1), random(2), random(3)));
        for (int bit = 0; bit < one.length * 8; bit += 7) {
            byte[] damaged = RecordSamples.flipBit(one, bit);
            assertThat((int) RecordSamples.referenceCrc32c(damaged, 0, damaged.length)).as("bit %d", bit)
                    .isNotEqualTo(RecordChecksum.ofIntactRecords(crc, intact, 3));
        }
    }

    /** A buffer with a damaged record is checked record by record; the other buffers are not. */
    @Test
    void onlyABufferWithDamageIsCheckedRecordByRecord() throws IOException {
        Path clean = RecordSamples.write(dir.resolve("clean"), RecordSamples.RX_HEADER,
                LongStream.range(0, 30_000).mapToObj(RecordSamples::record).toList());
        try (RecordFileReader reader = RecordFileReader.open(clean)) {
            assertThat(RecordSamples.readAll(reader)).hasSize(30_000);
            assertThat(reader.recordsCheckedSingly()).isZero();
        }
        int perBuffer = (1 << 20) / 96;
        byte[] bytes = RecordSamples.flipBit(Files.readAllBytes(clean), (64 + 15_000 * 96) * 8);
        Path damaged = Files.write(dir.resolve("damaged"), bytes);
        try (RecordFileReader reader = RecordFileReader.open(damaged)) {
            assertThat(RecordSamples.readAll(reader)).hasSize(29_999);
            assertThat(reader.recordsCheckedSingly()).isEqualTo(perBuffer);
            assertThat(reader.firstDamagedRecord()).isEqualTo(15_000);
        }
        bytes = Files.readAllBytes(clean);
        bytes[64 + 25_000 * 96 + 90] = 1; // a reserved byte: the record is intact, its buffer checked singly
        Path reserved = Files.write(dir.resolve("reserved"), bytes);
        try (RecordFileReader reader = RecordFileReader.open(reserved)) {
            assertThat(RecordSamples.readAll(reader)).hasSize(30_000);
            assertThat(reader.recordsCheckedSingly()).isEqualTo(30_000 - 2 * perBuffer);
            assertThat(reader.damagedRecords()).isZero();
        }
    }

    private static PacketRecord random(long seed) {
        Random random = new Random(seed);
        PacketRecord r = new PacketRecord();
        r.seq = random.nextLong();
        r.scheduledNs = random.nextLong();
        r.wakeNs = random.nextLong();
        r.appTxNs = random.nextLong();
        r.schedTxNs = random.nextLong();
        r.swTxNs = random.nextLong();
        r.hwTxNs = random.nextLong();
        r.fuSchedTxNs = random.nextLong();
        r.fuSwTxNs = random.nextLong();
        r.fuHwTxNs = random.nextLong();
        r.hwRxNs = random.nextLong();
        r.swRxNs = random.nextLong();
        r.appRxNs = random.nextLong();
        r.flags = random.nextInt();
        r.payloadBytes = random.nextInt(0x10000);
        return r;
    }

    /** The records of a file as the writer writes them, without the header. */
    private byte[] records(RecordKind kind, int n, List<PacketRecord> records) throws IOException {
        RecordHeader header = RecordSamples.header(kind);
        Path file = RecordSamples.write(dir.resolve("r" + System.nanoTime()), header, records);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(64 + n * kind.recordBytes());
        return Arrays.copyOfRange(bytes, 64, bytes.length);
    }
}
