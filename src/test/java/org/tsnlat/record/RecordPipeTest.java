package org.tsnlat.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecordPipeTest {
    private static final int TOTAL = 1_000_000;

    /** Checks that drained records arrive in strictly increasing order with all their fields. */
    private static final class OrderCheck implements RecordSink {
        long received;
        long lastSeq = -1;
        long errors;

        @Override
        public void append(PacketRecord r) {
            if (r.seq <= lastSeq || r.appRxNs != 5_000_000_000L + r.seq * 1_000_000 + 80_000
                    || r.flags != (int) (r.seq & 3) || r.payloadBytes != 64 + (int) (r.seq % 1000)) {
                errors++;
            }
            lastSeq = r.seq;
            received++;
        }
    }

    @Test
    void aProducerThatRetriesGetsAMillionRecordsThroughInOrder() throws Exception {
        RecordPipe pipe = new RecordPipe(1 << 10);
        Thread producer = Thread.ofPlatform().start(() -> {
            PacketRecord r = new PacketRecord();
            for (long seq = 0; seq < TOTAL; seq++) {
                RecordSamples.fill(r, seq);
                while (!pipe.offer(r)) {
                    Thread.onSpinWait();
                }
            }
        });
        OrderCheck sink = new OrderCheck();
        while (sink.received < TOTAL) {
            if (pipe.drainTo(sink, 100) == 0) {
                Thread.onSpinWait();
            }
        }
        producer.join();
        assertThat(sink.errors).isZero();
        assertThat(sink.lastSeq).isEqualTo(TOTAL - 1);
        assertThat(pipe.size()).isZero();
    }

    @Test
    void aProducerThatNeverWaitsLosesNothingUncounted() throws Exception {
        RecordPipe pipe = new RecordPipe(1 << 8);
        AtomicLong refused = new AtomicLong();
        Thread producer = Thread.ofPlatform().start(() -> {
            PacketRecord r = new PacketRecord();
            long n = 0;
            for (long seq = 0; seq < TOTAL; seq++) {
                RecordSamples.fill(r, seq);
                if (!pipe.offer(r)) {
                    n++;
                }
            }
            refused.set(n);
        });
        OrderCheck sink = new OrderCheck();
        while (producer.isAlive() || pipe.size() > 0) {
            pipe.drainTo(sink, 7);
        }
        producer.join();
        assertThat(sink.errors).isZero();
        assertThat(sink.received + pipe.overflows()).isEqualTo(TOTAL);
        assertThat(pipe.overflows()).isEqualTo(refused.get());
    }

    @Test
    void aFullPipeRefusesAndCountsUntilDrained() throws Exception {
        RecordPipe pipe = new RecordPipe(4);
        for (int seq = 0; seq < 4; seq++) {
            assertThat(pipe.offer(RecordSamples.record(seq))).isTrue();
        }
        assertThat(pipe.offer(RecordSamples.record(4))).isFalse();
        assertThat(pipe.offer(RecordSamples.record(5))).isFalse();
        assertThat(pipe.overflows()).isEqualTo(2);
        OrderCheck sink = new OrderCheck();
        assertThat(pipe.drainTo(sink, 1)).isEqualTo(1);
        assertThat(pipe.offer(RecordSamples.record(6))).isTrue();
        assertThat(pipe.drainTo(sink, 100)).isEqualTo(4);
        assertThat(sink.lastSeq).isEqualTo(6);
        assertThat(sink.errors).isZero();
    }

    @Test
    void theCapacityMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new RecordPipe(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }
}
