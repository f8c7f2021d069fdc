package org.tsnlat.rundir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * meta.json's {@code config.layer2} and {@code end.frames} (--transport l2), added within version
 * 1: the golden sample of a real {@code run --transport l2 --vlan 7 --pcp 5 -n 2000} over
 * loopback (its environment snapshots and tuning left out) reads back field by field, writes
 * back the same, and a run over UDP writes neither field.
 */
class RunMetaLayer2Test {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/meta-v1-layer2.json");

    @TempDir Path dir;

    private RunMeta read(String json) throws Exception {
        Files.writeString(dir.resolve(RunDirectory.META), json);
        return RunDirectory.open(dir).readMeta();
    }

    @Test
    void theGoldenLayer2MetaReadsBackItsFramingAndArrivals() throws Exception {
        RunMeta meta = read(Files.readString(GOLDEN));
        RunMeta.Layer2 l2 = meta.config().layer2();
        assertThat(l2.etherType()).isEqualTo("0x88B5");
        assertThat(l2.vlan()).isEqualTo(7);
        assertThat(l2.pcp()).isEqualTo(5);
        assertThat(l2.senderInterface()).isEqualTo("lo");
        assertThat(l2.destinationMac()).isEqualTo("00:00:00:00:00:00");
        assertThat(meta.config().destination()).isEqualTo("00:00:00:00:00:00 via lo");
        RunMeta.Frames frames = meta.end().frames();
        assertThat(frames.byPcp()).containsExactly(java.util.Map.entry("5", 2000L));
        assertThat(frames.byVlan()).containsExactly(java.util.Map.entry("7", 2000L));
        assertThat(frames.otherFrames()).isPositive();
        assertThat(meta.end().announcedTotal()).isEqualTo(2000);
        // written back, the same fields
        RunMeta again = read(RunDirectory.toJson(meta));
        assertThat(again.config().layer2()).isEqualTo(l2);
        assertThat(again.end().frames()).isEqualTo(frames);
    }

    @Test
    void aRunOverUdpWritesNeitherField() throws Exception {
        RunMeta meta = read(Files.readString(GOLDEN));
        var c = meta.config();
        RunMeta udp = meta.withConfig(new RunMeta.Config(c.clock(), c.periodNs(), c.count(), c.durationNs(), c.sizeBytes(),
                c.warmupNs(), "127.0.0.1:7788", "127.0.0.1:7788", c.baseTimeNs(), c.options(), c.txtime(), null));
        var e = meta.end();
        udp = udp.withEnd(new RunMeta.End(e.wallTime(), e.reason(), e.announcedTotal(), e.rejected(), e.pipeOverflows(),
                e.sent(), e.notes(), e.jvm(), e.cause(), e.records(), e.diskFull(), e.sendFailures(),
                e.reflectionsAnswered(), e.launchTimeDrops(), null));
        String json = RunDirectory.toJson(udp);
        assertThat(json).doesNotContain("\"layer2\"").doesNotContain("\"frames\"");
        assertThat(read(json).config().layer2()).isNull();
    }
}
