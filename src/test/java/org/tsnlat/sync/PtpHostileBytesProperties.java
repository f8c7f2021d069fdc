package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever comes back on the socket, the codec either decodes it or throws a PtpException. */
class PtpHostileBytesProperties {

    @Property(tries = 3000)
    void randomBytesDecodeOrThrowPtpException(@ForAll @Size(max = 200) byte[] bytes) {
        assertThat(outcome(bytes)).isIn("decoded", "refused");
    }

    @Property(tries = 3000)
    void randomBytesBehindAPlausibleHeaderDecodeOrThrowPtpException(
            @ForAll @Size(min = 4, max = 160) byte[] bytes, @ForAll boolean honestLength) {
        bytes[0] = (byte) (bytes[0] & 0xF0 | 0x0D);
        bytes[1] = 0x02;
        if (honestLength) {
            bytes[2] = (byte) (bytes.length >> 8);
            bytes[3] = (byte) bytes.length;
        }
        assertThat(outcome(bytes)).isIn("decoded", "refused");
    }

    @Property(tries = 3000)
    void aGoldenResponseWithOneByteChangedDecodesOrThrowsPtpException(
            @ForAll("goldenFile") String name, @ForAll @IntRange(min = 0, max = 103) int index,
            @ForAll byte value) {
        byte[] bytes = GoldenPtp.read(name);
        bytes[index % bytes.length] = value;
        assertThat(outcome(bytes)).isIn("decoded", "refused");
    }

    @Property(tries = 2000)
    void randomDataFieldsDecodeOrThrowPtpException(@ForAll ManagementId id,
            @ForAll @Size(max = 60) byte[] data) {
        try {
            assertThat(PtpManagementCodecTest.decodeData(id, data)).isNotNull();
        } catch (PtpException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> goldenFile() {
        return Arbitraries.of(GoldenPtp.FILES);
    }

    /** "decoded" or "refused"; any other exception escapes and fails the property. */
    private static String outcome(byte[] bytes) {
        try {
            ManagementMessage m = PtpManagementCodec.decode(ByteBuffer.wrap(bytes));
            if (!m.isErrorStatus()) {
                for (ManagementId id : ManagementId.values()) {
                    try {
                        PtpManagementCodecTest.decodeData(id, m.dataField());
                    } catch (PtpException refused) {
                        // a short or odd data field: refused the same way
                    }
                }
            }
            return "decoded";
        } catch (PtpException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return "refused";
        }
    }
}
