package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.sync.ChronySample;
import org.tsnlat.sync.ChronySampler;
import org.tsnlat.sync.Chronyc;
import org.tsnlat.sync.Chronyd;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * A real chronyd (Debian's, started with -x: it never touches the clock) read by the sampler
 * into a sync log, read back and judged: synchronised to a local reference it is trusted; with
 * no source it is "Not synchronised" and untrusted; stopped, it is "not answering".
 */
@Needs({Need.ROOT, Need.CHRONYD, Need.CHRONYC})
class RealChronydVerdictsTest {
    private static final long S = 1_000_000_000L;
    @TempDir Path dir;

    /** Runs the sampler for about {@code seconds} s against chronyd, then judges that many intervals of probes. */
    private List<IntervalVerdict> sampleAndJudge(Chronyc chronyc, int seconds, List<ChronySample> read) throws Exception {
        Path file = dir.resolve(SyncLog.FILE);
        java.nio.file.Files.deleteIfExists(file);
        long origin = System.currentTimeMillis() * 1_000_000L;
        try (SyncLog log = SyncLog.create(file, "CLOCK_REALTIME")) {
            ChronySampler sampler = new ChronySampler("rx", chronyc, () -> System.currentTimeMillis() * 1_000_000L, log);
            sampler.start();
            Thread.sleep(seconds * 1000L - 200);
            sampler.close();
        }
        SyncLog.Contents c = SyncLog.read(file);
        assertThat(c.damage()).isEmpty();
        read.addAll(c.chrony());
        IntervalTable t = new IntervalTable(S);
        // the intervals start at the first probe, taken a little before the first reading
        for (int i = 0; i < seconds; i++) t.add(origin - S / 10 + i * S, 5_000);
        return TrustJudge.judge(t, c, TrustThresholds.defaults()).asList();
    }

    @Test
    void synchronisedToALocalReferenceIsTrusted() throws Exception {
        try (org.tsnlat.sync.Chronyd chronyd = Chronyd.start(10)) {
            List<ChronySample> read = new java.util.ArrayList<>();
            var v = sampleAndJudge(new Chronyc(chronyd.socket(), Duration.ofMillis(500)), 3, read);
            assertThat(read).hasSizeBetween(2, 4).allSatisfy(s -> {
                assertThat(s.ok()).as(s.error()).isTrue();
                assertThat(s.tracking().leapStatus()).isEqualTo("Normal");
                assertThat(s.tracking().stratum()).isEqualTo(10);
                assertThat(s.tracking().refId()).isEqualTo("7F7F0101"); // chronyd's LOCAL reference
                assertThat(s.tracking().offsetNs()).isZero();
            });
            assertThat(v).isNotEmpty().allSatisfy(i -> assertThat(i.trust()).as(i.reasons().toString()).isEqualTo(Trust.TRUSTED));
            assertThat(chronyd.log()).contains("Disabled control of system clock");
        }
    }

    @Test
    void withoutASourceItIsNotSynchronisedAndUntrusted() throws Exception {
        try (Chronyd chronyd = Chronyd.start(null)) {
            List<ChronySample> read = new java.util.ArrayList<>();
            var v = sampleAndJudge(new Chronyc(chronyd.socket(), Duration.ofMillis(500)), 2, read);
            assertThat(read).isNotEmpty().allSatisfy(s -> {
                assertThat(s.ok()).as(s.error()).isTrue();
                assertThat(s.tracking().leapStatus()).isEqualTo("Not synchronised");
                assertThat(s.tracking().stratum()).isZero();
            });
            assertThat(v.getFirst().trust()).isEqualTo(Trust.UNTRUSTED);
            assertThat(v.getFirst().reasons()).containsExactly(
                    "receiver's chronyd not synchronised (leap status Not synchronised, stratum 0, reference 00000000)");
            assertThat(chronyd.log()).contains("Disabled control of system clock");
        }
    }

    @Test
    void aStoppedChronydIsNotAnsweringAndUntrusted() throws Exception {
        Chronyd chronyd = Chronyd.start(10);
        Path socket = chronyd.socket();
        long pid = chronyd.pid();
        chronyd.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        List<ChronySample> read = new java.util.ArrayList<>();
        var v = sampleAndJudge(new Chronyc(socket, Duration.ofMillis(500)), 1, read);
        assertThat(read).isNotEmpty().allSatisfy(s -> assertThat(s.error()).startsWith("no chronyd socket at " + socket));
        assertThat(v.getFirst().trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(v.getFirst().reasons().getFirst()).startsWith("receiver's chronyd not answering (no chronyd socket at");
    }
}
