package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

class PmQosTest {
    static final Path DEVICE = Path.of("/dev/cpu_dma_latency");

    @Test
    @Needs({Need.ROOT, Need.CPU_DMA_LATENCY})
    void holdingALimitLowersTheSystemValueUntilClosed() throws IOException {
        int beforeUs = currentUs();
        PmQos hold = PmQos.holdCpuDmaLatency(7);
        try {
            assertThat(hold.latencyUs()).isEqualTo(7);
            assertThat(currentUs()).isLessThanOrEqualTo(7);
        } finally {
            hold.close();
        }
        assertThat(currentUs()).isEqualTo(beforeUs);
        hold.close(); // idempotent
    }

    @Test
    void negativeLatencyIsRejected() {
        assertThatThrownBy(() -> PmQos.holdCpuDmaLatency(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Reading the device gives the limit in force, a native-endian 32-bit int. */
    static int currentUs() throws IOException {
        byte[] value = Files.readAllBytes(DEVICE);
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
    }
}
