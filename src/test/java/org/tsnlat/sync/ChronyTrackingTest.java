package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** chronyc's CSV tracking line, captured from chrony 4.3, read field by field; anything else refused in one line. */
class ChronyTrackingTest {
    static String golden(String name) throws Exception {
        return Files.readString(Path.of(ChronyTrackingTest.class.getResource("/golden/chrony/" + name).toURI()));
    }

    @Test
    void aLocalReferenceAtStratum10() throws Exception {
        ChronyTracking t = ChronyTracking.parseCsv(golden("tracking-local-stratum10.csv"));
        assertThat(t).isEqualTo(new ChronyTracking("7F7F0101", "", 10, 1796195093200659467L, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                "Normal"));
    }

    @Test
    void noSourceIsNotSynchronised() throws Exception {
        ChronyTracking t = ChronyTracking.parseCsv(golden("tracking-no-source.csv"));
        assertThat(t.leapStatus()).isEqualTo(ChronyTracking.NOT_SYNCHRONISED);
        assertThat(t.stratum()).isZero();
        assertThat(t.refId()).isEqualTo("00000000");
        assertThat(t.rootDelayNs()).isEqualTo(1_000_000_000L);
        assertThat(t.rootDispersionNs()).isEqualTo(1_000_000_000L);
    }

    @Test
    void signsAreTsnlatsSystemTimeSlowIsANegativeOffset() throws Exception {
        ChronyTracking t = ChronyTracking.parseCsv(golden("tracking-ntp-server-by-hand.csv"));
        assertThat(t).isEqualTo(new ChronyTracking("C0A80101", "192.168.1.1", 3, 1796195093200659467L, -12_345, -2_100,
                4_500, -12.345, 0.002, 0.031, 1_234_567, 456_789, 64.2, "Normal"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "506 Cannot talk to daemon", "7F7F0101,,10,1.0,0,0,0,0,0,0,0,0,0",
            "XYZ,,10,1.0,0,0,0,0,0,0,0,0,0,Normal", "7F7F0101,,10,1.0,0,0,0,0,0,0,0,0,0,Leaping",
            "7F7F0101,,999,1.0,0,0,0,0,0,0,0,0,0,Normal", "7F7F0101,,10,1.0,abc,0,0,0,0,0,0,0,0,Normal",
            "7F7F0101,,10,1.0,0,0,0,NaN,0,0,0,0,0,Normal", "7F7F0101,,10,1e30,0,0,0,0,0,0,0,0,0,Normal"})
    void whatIsNotATrackingLineIsRefusedSayingWhat(String line) {
        assertThatThrownBy(() -> ChronyTracking.parseCsv(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a chronyc -c tracking line (");
    }
}
