package org.tsnlat.linux;

/**
 * What ETHTOOL_GDRVINFO says about an interface's driver (as {@code ethtool -i} shows it);
 * a field the driver leaves empty is "".
 *
 * @param driver the driver's name, such as "virtio_net" or "igc"
 * @param version the driver's version string (often the kernel release for in-tree drivers)
 * @param firmwareVersion the NIC firmware's version
 * @param busInfo the bus address, such as "0000:00:03.0"
 */
public record DriverInfo(String driver, String version, String firmwareVersion, String busInfo) {
}
