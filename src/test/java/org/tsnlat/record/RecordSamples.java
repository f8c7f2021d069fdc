package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Records and files for tests. */
final class RecordSamples {
    static final RecordHeader TX_HEADER = RecordHeader.of(RecordKind.TX, 0xABCDEFL,
            RecordHeader.CLOCK_TAI, 1_000_000, 5_000_000_000L, 37_000_000_000L);
    static final RecordHeader RX_HEADER = RecordHeader.of(RecordKind.RX, 0xABCDEFL,
            RecordHeader.CLOCK_TAI, 1_000_000, 5_000_000_000L, 37_000_000_000L);

    private RecordSamples() {
    }

    /** A version-2 header of {@code kind}, the same for every kind but the kind. */
    static RecordHeader header(RecordKind kind) {
        return RecordHeader.of(kind, 0xABCDEFL, RecordHeader.CLOCK_TAI, 1_000_000, 5_000_000_000L, 37_000_000_000L);
    }

    /** A record whose every field derives from {@code seq}, some timestamps absent. */
    static PacketRecord record(long seq) {
        PacketRecord r = new PacketRecord();
        fill(r, seq);
        return r;
    }

    static void fill(PacketRecord r, long seq) {
        long base = 5_000_000_000L + seq * 1_000_000;
        r.seq = seq;
        r.scheduledNs = base;
        r.wakeNs = base + 1_000 + seq % 7;
        r.appTxNs = base + 2_000;
        r.schedTxNs = seq % 5 == 0 ? Timestamps.ABSENT : base + 3_000;
        r.swTxNs = base + 4_000;
        r.hwTxNs = seq % 3 == 0 ? Timestamps.ABSENT : base + 5_000;
        r.fuSchedTxNs = base - 997_000;
        r.fuSwTxNs = base - 996_000;
        r.fuHwTxNs = seq % 2 == 0 ? Timestamps.ABSENT : base - 995_000;
        r.hwRxNs = base + 60_000;
        r.swRxNs = base + 70_000;
        r.appRxNs = base + 80_000;
        r.flags = (int) (seq & 3);
        r.payloadBytes = 64 + (int) (seq % 1000);
    }

    static Path write(Path file, RecordHeader header, List<PacketRecord> records) throws IOException {
        try (RecordFileWriter w = RecordFileWriter.create(file, header)) {
            for (PacketRecord r : records) {
                w.append(r);
            }
        }
        return file;
    }

    static List<PacketRecord> readAll(RecordFileReader reader) throws IOException {
        List<PacketRecord> out = new ArrayList<>();
        PacketRecord r = new PacketRecord();
        while (reader.next(r)) {
            out.add(new PacketRecord().copyFrom(r));
        }
        return out;
    }

    /**
     * Where the checksum of a version-2 record of {@code kind} is, from the specification: it
     * covers the bytes before it.
     */
    static int checksumOffset(RecordKind kind) {
        return kind == RecordKind.RX ? 80 : 60;
    }

    /**
     * The version-1 file with the same header and records as the version-2 file {@code v2}: the
     * version field 1, every checksum field zero. Version 2 is version 1 plus checksums, so this
     * is exactly what a version-1 writer wrote.
     */
    static byte[] toV1(byte[] v2) {
        byte[] v1 = v2.clone();
        ByteBuffer b = ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getShort(8) != 2) {
            throw new IllegalArgumentException("not a version-2 file");
        }
        RecordKind kind = RecordKind.ofCode(b.getShort(10));
        b.putShort(8, (short) 1);
        b.putInt(56, 0);
        for (int at = 64; at + kind.recordBytes() <= v1.length; at += kind.recordBytes()) {
            b.putInt(at + checksumOffset(kind), 0);
        }
        return v1;
    }

    /** A copy of a version-2 file whose header checksum is made right again after an edit. */
    static byte[] withHeaderChecksum(byte[] file) {
        byte[] copy = file.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(56, (int) referenceCrc32c(copy, 0, 56));
        return copy;
    }

    /** A copy of {@code bytes} with bit {@code bit} (bit 0 = the lowest bit of byte 0) flipped. */
    static byte[] flipBit(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    /**
     * CRC-32C, bit by bit, from its definition (reflected polynomial 0x82F63B78, initial value and
     * final xor 0xFFFFFFFF): an implementation independent of {@code java.util.zip.CRC32C}.
     */
    static long referenceCrc32c(byte[] bytes, int offset, int length) {
        int crc = 0xFFFF_FFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc >>> 1) ^ (0x82F6_3B78 & -(crc & 1));
            }
        }
        return ~crc & 0xFFFF_FFFFL;
    }

    /** Checks that {@code got} holds exactly what a record of {@code kind} stores of {@code want}. */
    static void assertSameAs(RecordKind kind, PacketRecord got, PacketRecord want) {
        PacketRecord expected = new PacketRecord();
        expected.seq = want.seq;
        expected.scheduledNs = want.scheduledNs;
        expected.appTxNs = want.appTxNs;
        expected.flags = want.flags;
        if (kind == RecordKind.REFLECT) {
            expected.swRxNs = want.swRxNs;
            expected.swTxNs = want.swTxNs;
            expected.appRxNs = want.appRxNs;
        } else if (kind == RecordKind.TX) {
            expected.wakeNs = want.wakeNs;
            expected.schedTxNs = want.schedTxNs;
            expected.swTxNs = want.swTxNs;
            expected.hwTxNs = want.hwTxNs;
        } else {
            expected.fuSchedTxNs = want.fuSchedTxNs;
            expected.fuSwTxNs = want.fuSwTxNs;
            expected.fuHwTxNs = want.fuHwTxNs;
            expected.hwRxNs = want.hwRxNs;
            expected.swRxNs = want.swRxNs;
            expected.appRxNs = want.appRxNs;
            expected.payloadBytes = want.payloadBytes;
        }
        if (!sameFields(got, expected)) {
            assertThat(got).usingRecursiveComparison().isEqualTo(expected);
        }
    }

    static boolean sameFields(PacketRecord a, PacketRecord b) {
        return a.seq == b.seq && a.scheduledNs == b.scheduledNs && a.wakeNs == b.wakeNs
                && a.appTxNs == b.appTxNs && a.schedTxNs == b.schedTxNs && a.swTxNs == b.swTxNs
                && a.hwTxNs == b.hwTxNs && a.fuSchedTxNs == b.fuSchedTxNs && a.fuSwTxNs == b.fuSwTxNs
                && a.fuHwTxNs == b.fuHwTxNs && a.hwRxNs == b.hwRxNs && a.swRxNs == b.swRxNs
                && a.appRxNs == b.appRxNs && a.flags == b.flags && a.payloadBytes == b.payloadBytes;
    }
}
