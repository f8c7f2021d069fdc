package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NetDeviceTest {

    @Test
    void driverOfEveryDeviceBackedInterfaceMatchesSysfs() throws IOException {
        try (Stream<Path> interfaces = Files.list(Path.of("/sys/class/net"))) {
            for (Path dir : interfaces.toList()) {
                Path driverLink = dir.resolve("device/driver");
                if (Files.isSymbolicLink(driverLink)) {
                    String expected = Files.readSymbolicLink(driverLink).getFileName().toString();
                    assertThat(NetDevice.driverInfo(dir.getFileName().toString()).driver())
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void loopbackHasNoDriverInfoAndSaysSo() {
        assertThatThrownBy(() -> NetDevice.driverInfo("lo"))
                .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(95));
    }

    @Test
    void loopbackFeaturesIncludeFixedLoopbackOnAndChecksums() {
        Map<String, String> features = NetDevice.features("lo");
        assertThat(features).hasSizeGreaterThan(20);
        assertThat(features.get("loopback")).isEqualTo("on [fixed]");
        assertThat(features).containsKey("tx-checksum-ip-generic");
        assertThat(features.values()).allMatch(v -> v.startsWith("on") || v.startsWith("off"));
    }

    @Test
    void unknownInterfaceFailsWithNoSuchDevice() {
        assertThatThrownBy(() -> NetDevice.features("nosuchif0"))
                .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(19));
        assertThatThrownBy(() -> NetDevice.driverInfo("nosuchif0"))
                .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(19));
    }
}
