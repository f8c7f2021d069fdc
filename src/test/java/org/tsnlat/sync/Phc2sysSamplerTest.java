package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second of phc2sys's log as one sample in sync.jsonl: its last figures, its worst, its counts; a lost log named. */
class Phc2sysSamplerTest {
    @TempDir Path dir;

    @Test
    void aSecondOfLinesBecomesOneSampleWithItsLastFiguresItsLargestOffsetAndItsCounts() throws Exception {
        Path f = dir.resolve("phc2sys.log");
        Files.writeString(f, "");
        AtomicLong clock = new AtomicLong(1_000);
        try (SyncLog log = SyncLog.create(dir.resolve(SyncLog.FILE), "CLOCK_TAI");
             Phc2sysSampler sampler = new Phc2sysSampler("rx", f, clock::get, log)) {
            Phc2sysSample first = sampler.read(); // opens at the end: nothing yet
            assertThat(first.ok()).isTrue();
            assertThat(first.lines()).isZero();
            assertThat(first.state()).isNull();
            Files.write(f, Files.readAllBytes(Path.of(getClass().getResource("/golden/phc2sys/m-realtime-from-phc.log").toURI())),
                    StandardOpenOption.APPEND);
            Files.writeString(f, "phc2sys[4224.339]: \u001b]0;owned\u0007 phc offset 1 s2 freq +1\n", StandardOpenOption.APPEND);
            clock.set(2_000);
            Phc2sysSample s = sampler.read();
            assertThat(s).isEqualTo(new Phc2sysSample("rx", 2_000, true, null, 10, 1, 1, 0, "CLOCK_REALTIME", "phc", 2,
                    -12L, 37_000_000_412L, -1537L, 1467L, 1, 1));
        }
        SyncLog.Contents c = SyncLog.read(dir.resolve(SyncLog.FILE));
        assertThat(c.damage()).isEmpty();
        assertThat(c.phc2sys()).hasSize(2);
        assertThat(c.phc2sys().get(1).maxAbsOffsetNs()).isEqualTo(37_000_000_412L);
    }

    @Test
    void aLogThatVanishesIsRecordedAsNotReadableAndFollowedAgainWhenItReturns() throws Exception {
        Path f = dir.resolve("phc2sys.log");
        Files.writeString(f, "");
        try (SyncLog log = SyncLog.create(dir.resolve(SyncLog.FILE), "CLOCK_TAI");
             Phc2sysSampler sampler = new Phc2sysSampler("tx", f, () -> 5, log)) {
            sampler.read();
            Files.delete(f);
            Phc2sysSample gone = sampler.read();
            assertThat(gone.ok()).isFalse();
            assertThat(gone.error()).isEqualTo("phc2sys log " + f + ": no such file");
            Files.writeString(f, "phc2sys[1.000]: eth0 sys offset 7 s2 freq -4071 delay 2811\n"); // a new file: from its start
            assertThat(sampler.read().offsetNs()).isEqualTo(7);
        }
    }
}
