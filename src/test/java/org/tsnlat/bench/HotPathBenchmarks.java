package org.tsnlat.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.record.Timestamps;
import org.tsnlat.stats.MetricStats;
import org.tsnlat.stats.SeqTracker;
import org.tsnlat.wire.Probe;
import org.tsnlat.wire.ProbeDecoder;
import org.tsnlat.wire.ProbeEncoder;

/**
 * JMH micro-benchmarks of what the hot loops and the recorder do per probe: encode and decode a
 * probe, record a latency, track a sequence number, pass a record through the pipe. Not a
 * test: run with bench/jmh.sh; figures in docs/BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HotPathBenchmarks {
    private final ByteBuffer buf = ByteBuffer.allocateDirect(2048);
    private final Probe probe = new Probe();
    private final Probe decoded = new Probe();
    private final ProbeDecoder decoder = new ProbeDecoder(0x1234L);
    private final MetricStats stats = new MetricStats("latency");
    private final SeqTracker seqs = new SeqTracker(20);
    private final RecordPipe pipe = new RecordPipe(1 << 16);
    private final PacketRecord record = new PacketRecord();
    private long seq;
    /** Authenticated mode: a sealed 80-byte probe, and the sender's and receiver's HMACs. */
    private final ByteBuffer sealed = ByteBuffer.allocateDirect(2048);
    private final org.tsnlat.wire.Hmac senderHmac = org.tsnlat.wire.ProbeKey.of(new byte[32]).hmac();
    private final org.tsnlat.wire.Hmac receiverHmac = org.tsnlat.wire.ProbeKey.of(new byte[32]).hmac();

    @Setup
    public void setUp() {
        probe.sessionId = 0x1234L;
        probe.scheduledNs = 1_000_000_000L;
        probe.appTxNs = 1_000_001_000L;
        probe.fuSchedTxNs = 999_000_000L;
        probe.fuSwTxNs = 999_000_500L;
        probe.fuHwTxNs = Timestamps.ABSENT;
        record.clear();
        record.appTxNs = 1;
        record.swRxNs = 5_000;
        ProbeEncoder.encode(sealed, probe, 80);
        senderHmac.sealProbe(sealed, 80);
    }

    /** The sender's extra work a probe in authenticated mode: encode an 80-byte probe and seal it. */
    @Benchmark
    public int encodeAndSealProbe() {
        probe.seq = seq++;
        int n = ProbeEncoder.encode(buf, probe, 80);
        ProbeEncoder.patchAppTx(buf, seq);
        senderHmac.sealProbe(buf, n);
        return n;
    }

    /** The receiver's extra work a probe in authenticated mode: check an 80-byte probe's tag. */
    @Benchmark
    public boolean checkSealedProbe() {
        return receiverHmac.checkProbe(sealed, 80);
    }

    @Benchmark
    public int encodeProbe() {
        probe.seq = seq++;
        int n = ProbeEncoder.encode(buf, probe, 64);
        ProbeEncoder.patchAppTx(buf, seq);
        return n;
    }

    @Benchmark
    public ProbeDecoder.Verdict decodeProbe() {
        return decoder.decode(buf, 64, decoded);
    }

    @Benchmark
    public void recordLatency() {
        stats.record(4_000 + (seq++ & 1023), seq, seq);
    }

    @Benchmark
    public int trackSequence() {
        return seqs.accept(seq++);
    }

    @Benchmark
    public int pipeOfferAndDrain() {
        record.seq = seq++;
        pipe.offer(record);
        try {
            return pipe.drainTo(r -> { }, 1);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
