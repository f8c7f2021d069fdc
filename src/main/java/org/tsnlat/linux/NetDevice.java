package org.tsnlat.linux;

import java.util.Map;

/**
 * Read-only facts about a network interface of the calling thread's network namespace, through
 * the ethtool ioctl (no ethtool binary needed): its driver and its offloads.
 */
public final class NetDevice {
    private NetDevice() {
    }

    /**
     * The driver of {@code interfaceName} (ETHTOOL_GDRVINFO).
     *
     * @throws LinuxException ENODEV for an unknown interface, EOPNOTSUPP when the driver has no
     *     ethtool support
     */
    public static DriverInfo driverInfo(String interfaceName) {
        return Ethtool.drvInfo(interfaceName);
    }

    /**
     * The offloads of {@code interfaceName} by kernel feature name ("tx-checksum-ipv4",
     * "rx-gro", ...), in kernel order, each "on" or "off", with " [fixed]" when the driver cannot
     * change it (as {@code ethtool -k} prints them).
     *
     * @throws LinuxException ENODEV for an unknown interface
     */
    public static Map<String, String> features(String interfaceName) {
        return Ethtool.features(interfaceName);
    }
}
