package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

class RecordRoundTripProperties {
    private final Path dir;

    RecordRoundTripProperties() throws IOException {
        dir = Files.createTempDirectory("tsnlat-records");
    }

    @AfterProperty
    void removeFiles() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 150)
    void whatIsWrittenReadsBackFieldByField(@ForAll RecordKind kind, @ForAll long sessionId,
            @ForAll("clocks") int clockId, @ForAll long periodNs, @ForAll long startNs,
            @ForAll long swOffsetNs, @ForAll @Size(max = 3_000) List<@From("records") PacketRecord> records)
            throws IOException {
        RecordHeader header = RecordHeader.of(kind, sessionId, clockId, periodNs, startNs, swOffsetNs);
        Path file = RecordSamples.write(dir.resolve("r" + System.nanoTime()), header, records);

        assertThat(header.version()).isEqualTo(2);
        assertReadsBack(file, header, records);
        assertThat(Files.size(file)).isEqualTo(64L + (long) records.size() * kind.recordBytes());

        Path v1 = Files.write(dir.resolve("v1-" + file.getFileName()), RecordSamples.toV1(Files.readAllBytes(file)));
        assertReadsBack(v1, new RecordHeader(1, kind, sessionId, clockId, periodNs, startNs, swOffsetNs), records);
    }

    private static void assertReadsBack(Path file, RecordHeader header, List<PacketRecord> records)
            throws IOException {
        try (RecordFileReader reader = RecordFileReader.open(file)) {
            assertThat(reader.header()).isEqualTo(header);
            assertThat(reader.checksummed()).isEqualTo(header.version() == 2);
            assertThat(reader.wholeRecords()).isEqualTo(records.size());
            assertThat(reader.trailingBytes()).isZero();
            List<PacketRecord> got = RecordSamples.readAll(reader);
            assertThat(got).hasSameSizeAs(records);
            for (int i = 0; i < records.size(); i++) {
                RecordSamples.assertSameAs(header.kind(), got.get(i), records.get(i));
            }
            assertThat(reader.damagedRecords()).isZero();
            assertThat(reader.firstDamagedRecord()).isEqualTo(-1);
        }
    }

    /**
     * A burst of up to 32 flipped bits anywhere in the checksummed bytes or the checksum of one
     * record (first and last bit of the burst flipped, any in between): CRC-32C catches every such
     * burst, so exactly that record is left out and counted, and every other reads back.
     */
    @Property(tries = 200)
    void aBurstOfDamageInOneRecordLeavesOutThatRecordAlone(@ForAll RecordKind kind,
            @ForAll @Size(min = 1, max = 200) List<@From("records") PacketRecord> records,
            @ForAll @IntRange(min = 0, max = 199) int damagedIndex, @ForAll @IntRange(min = 0) int start,
            @ForAll @IntRange(min = 1, max = 32) int length, @ForAll int pattern) throws IOException {
        RecordHeader header = RecordHeader.of(kind, 7, RecordHeader.CLOCK_TAI, 1_000_000, 0, 0);
        Path file = RecordSamples.write(dir.resolve("b" + System.nanoTime()), header, records);
        int damaged = damagedIndex % records.size();
        int coveredBits = (RecordSamples.checksumOffset(kind) + 4) * 8;
        int first = start % (coveredBits - length + 1);
        int burst = pattern | 1 | (1 << (length - 1));
        byte[] bytes = Files.readAllBytes(file);
        for (int k = 0; k < length; k++) {
            if ((burst >>> k & 1) != 0) {
                bytes = RecordSamples.flipBit(bytes, (64 + damaged * kind.recordBytes()) * 8 + first + k);
            }
        }
        Files.write(file, bytes);

        try (RecordFileReader reader = RecordFileReader.open(file)) {
            List<PacketRecord> got = RecordSamples.readAll(reader);
            assertThat(got).hasSize(records.size() - 1);
            for (int i = 0; i < got.size(); i++) {
                RecordSamples.assertSameAs(kind, got.get(i), records.get(i < damaged ? i : i + 1));
            }
            assertThat(reader.damagedRecords()).isEqualTo(1);
            assertThat(reader.firstDamagedRecord()).isEqualTo(damaged);
        }
    }

    @Provide
    Arbitrary<Integer> clocks() {
        return Arbitraries.of(RecordHeader.CLOCK_REALTIME, RecordHeader.CLOCK_MONOTONIC, RecordHeader.CLOCK_TAI);
    }

    @Provide
    Arbitrary<PacketRecord> records() {
        Arbitrary<Long> ts = Arbitraries.oneOf(Arbitraries.just(Timestamps.ABSENT), Arbitraries.longs());
        Arbitrary<long[]> stamps = ts.array(long[].class).ofSize(12);
        return Combinators.combine(Arbitraries.longs(), stamps, Arbitraries.integers(),
                Arbitraries.integers().between(0, 0xFFFF)).as((seq, t, flags, payload) -> {
                    PacketRecord r = new PacketRecord();
                    r.seq = seq;
                    r.scheduledNs = t[0];
                    r.wakeNs = t[1];
                    r.appTxNs = t[2];
                    r.schedTxNs = t[3];
                    r.swTxNs = t[4];
                    r.hwTxNs = t[5];
                    r.fuSchedTxNs = t[6];
                    r.fuSwTxNs = t[7];
                    r.fuHwTxNs = t[8];
                    r.hwRxNs = t[9];
                    r.swRxNs = t[10];
                    r.appRxNs = t[11];
                    r.flags = flags;
                    r.payloadBytes = payload;
                    return r;
                });
    }
}
