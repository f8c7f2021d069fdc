package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tsnlat.record.Timestamps.ABSENT;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed samples {@code golden/tx-v1.records} and {@code golden/rx-v1.records} pin record
 * format v1, {@code golden/tx-v2.records} and {@code golden/rx-v2.records} format v2 (the same
 * headers and records, with checksums). Never edit them: every later reader must still read them
 * exactly like this.
 */
class GoldenRecordFileTest {
    private static final long S = 1_767_225_600_000_000_000L;
    private static final RecordHeader TX = new RecordHeader(1, RecordKind.TX, 0x0123456789ABCDEFL,
            RecordHeader.CLOCK_TAI, 1_000_000, S, 37_000_000_000L);
    private static final RecordHeader RX = new RecordHeader(1, RecordKind.RX, 0x0123456789ABCDEFL,
            RecordHeader.CLOCK_TAI, 1_000_000, S, 37_000_000_000L);
    private static final RecordHeader TX_V2 = new RecordHeader(2, RecordKind.TX, 0x0123456789ABCDEFL,
            RecordHeader.CLOCK_TAI, 1_000_000, S, 37_000_000_000L);
    private static final RecordHeader RX_V2 = new RecordHeader(2, RecordKind.RX, 0x0123456789ABCDEFL,
            RecordHeader.CLOCK_TAI, 1_000_000, S, 37_000_000_000L);

    private static final RecordHeader REFLECT_V2 = new RecordHeader(2, RecordKind.REFLECT, 0x0123456789ABCDEFL,
            RecordHeader.CLOCK_TAI, 1_000_000, S, 37_000_000_000L);

    /** {@code golden/reflections-v2.records}: t1..t4 and the TwoWayEstimate codes (14 all kernel, 8 t4 only, -1 unknown). */
    private static final List<PacketRecord> REFLECT_RECORDS = List.of(
            ReflectionRecordCodec.set(new PacketRecord(), 0, S, S + 6_000, S + 42_000, S + 45_000, S + 81_000, 14),
            ReflectionRecordCodec.set(new PacketRecord(), 10, S + 10_000_000, S + 10_002_000, S + 10_040_000,
                    S + 10_060_500, S + 10_101_000, 8),
            ReflectionRecordCodec.set(new PacketRecord(), 20, S + 20_000_000, S + 20_001_800, S + 20_039_000,
                    S + 20_041_000, ABSENT, -1));

    @TempDir
    Path dir;

    private static PacketRecord tx(long seq, long scheduledNs, long wakeNs, long appTxNs, long schedTxNs,
            long swTxNs, long hwTxNs) {
        PacketRecord r = new PacketRecord();
        r.seq = seq;
        r.scheduledNs = scheduledNs;
        r.wakeNs = wakeNs;
        r.appTxNs = appTxNs;
        r.schedTxNs = schedTxNs;
        r.swTxNs = swTxNs;
        r.hwTxNs = hwTxNs;
        return r;
    }

    private static PacketRecord rx(long seq, long scheduledNs, long appTxNs, long fuSchedTxNs, long fuSwTxNs,
            long fuHwTxNs, long hwRxNs, long swRxNs, long appRxNs, int flags, int payloadBytes) {
        PacketRecord r = new PacketRecord();
        r.seq = seq;
        r.scheduledNs = scheduledNs;
        r.appTxNs = appTxNs;
        r.fuSchedTxNs = fuSchedTxNs;
        r.fuSwTxNs = fuSwTxNs;
        r.fuHwTxNs = fuHwTxNs;
        r.hwRxNs = hwRxNs;
        r.swRxNs = swRxNs;
        r.appRxNs = appRxNs;
        r.flags = flags;
        r.payloadBytes = payloadBytes;
        return r;
    }

    private static final List<PacketRecord> TX_RECORDS = List.of(
            tx(0, S, S + 1_500, S + 2_000, S + 4_000, S + 6_000, S + 7_500),
            tx(1, S + 1_000_000, S + 1_001_200, S + 1_001_900, ABSENT, S + 1_005_000, ABSENT),
            tx(2, S + 2_000_000, S + 2_000_900, S + 2_001_700, ABSENT, ABSENT, ABSENT));

    private static final List<PacketRecord> RX_RECORDS = List.of(
            rx(0, S, S + 2_000, ABSENT, ABSENT, ABSENT, S + 40_000, S + 42_000, S + 50_000, 0, 64),
            rx(1, S + 1_000_000, S + 1_001_900, S + 4_000, S + 6_000, S + 7_500, ABSENT, S + 1_043_000,
                    S + 1_049_000, 0, 1500),
            rx(1, S + 1_000_000, S + 1_001_900, S + 4_000, S + 6_000, S + 7_500, ABSENT, S + 1_063_000,
                    S + 1_071_000, PacketRecord.FLAG_DUPLICATE, 1500),
            rx(0, S, S + 2_000, ABSENT, ABSENT, ABSENT, ABSENT, S + 2_100_000, S + 2_100_500,
                    PacketRecord.FLAG_DUPLICATE | PacketRecord.FLAG_REORDERED, 64));

    @Test
    void theGoldenV1TxFileReadsBackFieldByField() throws IOException {
        assertReads("tx-v1.records", TX, TX_RECORDS);
    }

    @Test
    void theGoldenV1RxFileReadsBackFieldByField() throws IOException {
        assertReads("rx-v1.records", RX, RX_RECORDS);
    }

    @Test
    void theGoldenV2TxFileReadsBackFieldByField() throws IOException {
        assertReads("tx-v2.records", TX_V2, TX_RECORDS);
    }

    @Test
    void theGoldenV2RxFileReadsBackFieldByField() throws IOException {
        assertReads("rx-v2.records", RX_V2, RX_RECORDS);
    }

    @Test
    void writingTheGoldenRecordsGivesTheGoldenV2Bytes() throws IOException {
        Path tx = RecordSamples.write(dir.resolve("tx.records"), TX_V2, TX_RECORDS);
        Path rx = RecordSamples.write(dir.resolve("rx.records"), RX_V2, RX_RECORDS);
        assertThat(Files.readAllBytes(tx)).isEqualTo(golden("tx-v2.records"));
        assertThat(Files.readAllBytes(rx)).isEqualTo(golden("rx-v2.records"));
    }

    @Test
    void theGoldenReflectionFileReadsBackFieldByField() throws IOException {
        assertReads("reflections-v2.records", REFLECT_V2, REFLECT_RECORDS);
        PacketRecord first = REFLECT_RECORDS.getFirst();
        assertThat(ReflectionRecordCodec.t4(first) - ReflectionRecordCodec.t3(first)).as("reverse latency").isEqualTo(36_000);
    }

    @Test
    void writingTheGoldenReflectionRecordsGivesTheGoldenBytes() throws IOException {
        Path f = RecordSamples.write(dir.resolve("reflections.records"), REFLECT_V2, REFLECT_RECORDS);
        assertThat(Files.readAllBytes(f)).isEqualTo(golden("reflections-v2.records"));
        assertChecksums(golden("reflections-v2.records"), 60, 64, 0xF4838838L, 0xA255B01AL, 0xCBDCFB5DL, 0xB72DB64BL);
    }

    /** What a version-1 writer wrote: the v2 bytes with version 1 and no checksums. */
    @Test
    void theV1GoldensAreTheV2GoldensWithoutTheirChecksums() throws IOException {
        assertThat(RecordSamples.toV1(golden("tx-v2.records"))).isEqualTo(golden("tx-v1.records"));
        assertThat(RecordSamples.toV1(golden("rx-v2.records"))).isEqualTo(golden("rx-v1.records"));
    }

    /**
     * The checksums of the v2 goldens, field by field: CRC-32C of the bytes before each, as
     * computed by an implementation of its own (and pinned, so the polynomial cannot change
     * unnoticed); the reserved bytes after them zero.
     */
    @Test
    void theGoldenV2ChecksumsAreCrc32cOfTheBytesBeforeThem() throws IOException {
        assertThat(RecordSamples.referenceCrc32c("123456789".getBytes(), 0, 9)).isEqualTo(0xE3069283L);
        assertChecksums(golden("tx-v2.records"), 60, 64, 0x74A34BE4L, 0x474DB4D9L, 0x9A37E904L, 0x7EE0057CL);
        assertChecksums(golden("rx-v2.records"), 80, 96, 0xA3AED568L, 0x82E82467L, 0xF234778FL, 0x473B9D84L,
                0x01F0C63DL);
    }

    private static void assertChecksums(byte[] file, int checksumOffset, int recordBytes, long header,
            long... records) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Integer.toUnsignedLong(b.getInt(56))).as("header checksum").isEqualTo(header)
                .isEqualTo(RecordSamples.referenceCrc32c(file, 0, 56));
        assertThat(b.getInt(60)).as("header bytes 60..63").isZero();
        assertThat(file).hasSize(64 + records.length * recordBytes);
        for (int i = 0; i < records.length; i++) {
            int at = 64 + i * recordBytes;
            assertThat(Integer.toUnsignedLong(b.getInt(at + checksumOffset))).as("record %d checksum", i)
                    .isEqualTo(records[i]).isEqualTo(RecordSamples.referenceCrc32c(file, at, checksumOffset));
            for (int k = at + checksumOffset + 4; k < at + recordBytes; k++) {
                assertThat(file[k]).as("record %d byte %d", i, k - at).isZero();
            }
        }
    }

    private void assertReads(String name, RecordHeader header, List<PacketRecord> expected) throws IOException {
        Path file = Files.write(dir.resolve(name), golden(name));
        try (RecordFileReader reader = RecordFileReader.open(file)) {
            assertThat(reader.header()).isEqualTo(header);
            assertThat(reader.checksummed()).isEqualTo(header.version() == 2);
            assertThat(reader.wholeRecords()).isEqualTo(expected.size());
            assertThat(reader.trailingBytes()).isZero();
            List<PacketRecord> got = RecordSamples.readAll(reader);
            assertThat(got).hasSameSizeAs(expected);
            assertThat(reader.damagedRecords()).isZero();
            assertThat(reader.firstDamagedRecord()).isEqualTo(-1);
            assertThat(reader.damageNote()).isNull();
            for (int i = 0; i < expected.size(); i++) {
                assertThat(got.get(i)).as("%s record %d", name, i).usingRecursiveComparison()
                        .isEqualTo(expected.get(i));
            }
        }
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenRecordFileTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
