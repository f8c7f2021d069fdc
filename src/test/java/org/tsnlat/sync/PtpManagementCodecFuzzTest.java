package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of what ptp4l's management socket may answer (docs/testing.md,
 * "Fuzzing"): {@link PtpManagementCodec#decode} and the data sets the client reads from the data
 * field either decode or throw {@link PtpException}, nothing else; the buffer's position is left
 * as it was; a decoded MANAGEMENT message encodes to one that decodes equal. Seeds (captured from
 * ptp4l, {@code golden/ptp}): {@code PtpManagementCodecFuzzTestInputs/decode/}.
 */
class PtpManagementCodecFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] datagram) {
        ByteBuffer buf = ByteBuffer.wrap(datagram);
        ManagementMessage m;
        try {
            m = PtpManagementCodec.decode(buf);
        } catch (PtpException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(buf.position()).isZero();
            return;
        }
        assertThat(buf.position()).isZero();
        assertThat(m.tlvType()).isIn(PtpManagementCodec.TLV_MANAGEMENT, PtpManagementCodec.TLV_MANAGEMENT_ERROR_STATUS);
        if (!m.isErrorStatus()) {
            assertThat(PtpManagementCodec.decode(PtpManagementCodec.encode(m))).isEqualTo(m);
        }
        for (ManagementId id : ManagementId.values()) {
            if (id.value() == m.managementId()) {
                try {
                    assertThat(PtpManagementCodecTest.decodeData(id, m.dataField())).isNotNull();
                } catch (PtpException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }
        }
    }
}
