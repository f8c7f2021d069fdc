package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Interface timestamping ioctls: SIOCETHTOOL/ETHTOOL_GET_TS_INFO reads what a NIC can do,
 * SIOCSHWTSTAMP switches its hardware timestamping on (root only).
 *
 * <pre>
 *  struct ifreq (40)          struct ethtool_ts_info (44)     struct hwtstamp_config (12)
 *   0 ifr_name char[16]        0 cmd            u32            0 flags     int
 *  16 ifr_data void*           4 so_timestamping u32           4 tx_type   int
 *                              8 phc_index      i32            8 rx_filter int
 *                             12 tx_types       u32
 *                             16 tx_reserved    u32[3]
 *                             28 rx_filters     u32
 *                             32 rx_reserved    u32[3]
 * </pre>
 */
final class Ethtool {
    static final int HWTSTAMP_TX_OFF = 0;
    static final int HWTSTAMP_TX_ON = 1;
    static final int HWTSTAMP_FILTER_NONE = 0;
    static final int HWTSTAMP_FILTER_ALL = 1;

    static final int SOF_TIMESTAMPING_TX_HARDWARE = 1;
    static final int SOF_TIMESTAMPING_TX_SOFTWARE = 1 << 1;
    static final int SOF_TIMESTAMPING_RX_HARDWARE = 1 << 2;
    static final int SOF_TIMESTAMPING_RX_SOFTWARE = 1 << 3;
    static final int SOF_TIMESTAMPING_SOFTWARE = 1 << 4;
    static final int SOF_TIMESTAMPING_RAW_HARDWARE = 1 << 6;
    static final int SOF_TIMESTAMPING_OPT_ID = 1 << 7;
    static final int SOF_TIMESTAMPING_TX_SCHED = 1 << 8;
    static final int SOF_TIMESTAMPING_OPT_TSONLY = 1 << 11;
    static final int SOF_TIMESTAMPING_OPT_TX_SWHW = 1 << 14;

    private static final long SIOCETHTOOL = 0x8946;
    private static final long SIOCSHWTSTAMP = 0x89b0;
    private static final int ETHTOOL_GET_TS_INFO = 0x41;
    private static final int IFNAMSIZ = 16;
    private static final long IFREQ_BYTES = 40;
    private static final long IFR_DATA = 16;
    private static final long TS_INFO_BYTES = 44;

    private Ethtool() {
    }

    /** ETHTOOL_GET_TS_INFO for {@code interfaceName}; ENODEV for an unknown interface. */
    static TimestampingCapabilities tsInfo(String interfaceName) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(TS_INFO_BYTES, 8);
            info.set(Native.C_INT, 0, ETHTOOL_GET_TS_INFO);
            ioctlOnInterface(arena, interfaceName, SIOCETHTOOL, info,
                    "SIOCETHTOOL(ETHTOOL_GET_TS_INFO) on " + interfaceName);
            int flags = info.get(Native.C_INT, 4);
            int phcIndex = info.get(Native.C_INT, 8);
            int txTypes = info.get(Native.C_INT, 12);
            int rxFilters = info.get(Native.C_INT, 28);
            boolean raw = (flags & SOF_TIMESTAMPING_RAW_HARDWARE) != 0;
            return new TimestampingCapabilities(flags, phcIndex, txTypes, rxFilters,
                    raw && (flags & SOF_TIMESTAMPING_RX_HARDWARE) != 0,
                    raw && (flags & SOF_TIMESTAMPING_TX_HARDWARE) != 0
                            && (txTypes & (1 << HWTSTAMP_TX_ON)) != 0,
                    (flags & SOF_TIMESTAMPING_RX_SOFTWARE) != 0,
                    (flags & SOF_TIMESTAMPING_TX_SOFTWARE) != 0);
        }
    }

    /**
     * SIOCSHWTSTAMP: asks the NIC for {@code txType} and {@code rxFilter}; returns the rx_filter
     * the driver actually applied (drivers may widen or narrow it).
     */
    static int setHwTstamp(String interfaceName, int txType, int rxFilter) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocate(12, 4);
            config.set(Native.C_INT, 0, 0);
            config.set(Native.C_INT, 4, txType);
            config.set(Native.C_INT, 8, rxFilter);
            ioctlOnInterface(arena, interfaceName, SIOCSHWTSTAMP, config,
                    "SIOCSHWTSTAMP on " + interfaceName);
            return config.get(Native.C_INT, 8);
        }
    }

    private static void ioctlOnInterface(Arena arena, String interfaceName, long request,
            MemorySegment data, String detail) {
        byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name '" + interfaceName
                    + "' must be 1 to " + (IFNAMSIZ - 1) + " characters");
        }
        MemorySegment ifreq = arena.allocate(IFREQ_BYTES, 8);
        MemorySegment.copy(name, 0, ifreq, Native.C_BYTE, 0, name.length);
        ifreq.set(Native.C_POINTER, IFR_DATA, data);
        int fd = SocketCalls.socket(SocketCalls.AF_INET, SocketCalls.SOCK_DGRAM | SocketCalls.SOCK_CLOEXEC, 0);
        try {
            SocketCalls.ioctl(fd, request, ifreq, detail);
        } finally {
            SocketCalls.close(fd);
        }
    }
}
