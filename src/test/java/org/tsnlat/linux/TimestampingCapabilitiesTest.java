package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import org.junit.jupiter.api.Test;

class TimestampingCapabilitiesTest {

    @Test
    void loopbackOffersNoHardwareTimestamping() {
        TimestampingCapabilities lo = UdpSocket.capabilities("lo");
        assertThat(lo.hardwareRx()).isFalse();
        assertThat(lo.hardwareTx()).isFalse();
        assertThat(lo.hardwareRxAllPackets()).isFalse();
        assertThat(lo.phcIndex()).isEqualTo(-1);
        assertThat(lo.softwareRx()).isTrue();
    }

    @Test
    void unknownInterfaceThrowsNamingNoSuchDevice() {
        assertThatThrownBy(() -> UdpSocket.capabilities("nosuchif0"))
                .isInstanceOfSatisfying(LinuxException.class, e -> {
                    assertThat(e.errno()).isEqualTo(19);
                    assertThat(e.function()).isEqualTo("ioctl");
                })
                .hasMessageContaining("nosuchif0")
                .hasMessageContaining("No such device");
    }

    @Test
    void overlongInterfaceNameIsRejectedBeforeAnyCall() {
        assertThatThrownBy(() -> UdpSocket.capabilities("a-name-far-too-long"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 15 characters");
    }

    @Test
    void enablingOnLoopbackKeepsSoftwareAndSaysWhyHardwareIsOff() {
        try (UdpSocket socket = UdpSocket.open(StandardProtocolFamily.INET)) {
            Timestamping ts = socket.enableTimestamping(true, true, "lo");
            assertThat(ts.hwRx()).isFalse();
            assertThat(ts.hwTx()).isFalse();
            assertThat(ts.hardwareNote()).isEqualTo("interface lo offers no hardware timestamping");
        }
    }

    @Test
    void enablingWithoutInterfaceSaysNoInterfaceGiven() {
        try (UdpSocket socket = UdpSocket.open(StandardProtocolFamily.INET6)) {
            Timestamping ts = socket.enableTimestamping(true, false, null);
            assertThat(ts).isEqualTo(new Timestamping(true, false, false, false, false,
                    "no interface given"));
        }
    }
}
