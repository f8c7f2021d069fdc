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

        try (RecordFileReader reader = RecordFileReader.open(file)) {
            assertThat(reader.header()).isEqualTo(header);
            assertThat(reader.wholeRecords()).isEqualTo(records.size());
            assertThat(reader.trailingBytes()).isZero();
            List<PacketRecord> got = RecordSamples.readAll(reader);
            assertThat(got).hasSameSizeAs(records);
            for (int i = 0; i < records.size(); i++) {
                RecordSamples.assertSameAs(kind, got.get(i), records.get(i));
            }
        }
        assertThat(Files.size(file)).isEqualTo(64L + (long) records.size() * kind.recordBytes());
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
