package org.tsnlat.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Interface ioctls: SIOCETHTOOL/ETHTOOL_GET_TS_INFO reads what a NIC can timestamp,
 * SIOCSHWTSTAMP switches its hardware timestamping on (root only); ETHTOOL_GDRVINFO and
 * ETHTOOL_GSSET_INFO/GSTRINGS/GFEATURES read its driver and offloads (as {@code ethtool -i}
 * and {@code ethtool -k} show them), for the environment snapshot.
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
 *
 *  struct ethtool_drvinfo (196)   struct ethtool_sset_info (16 + 4n)  struct ethtool_gstrings
 *    0 cmd         u32              0 cmd       u32                     0 cmd        u32
 *    4 driver      char[32]         4 reserved  u32                     4 string_set u32
 *   36 version     char[32]         8 sset_mask u64                     8 len        u32
 *   68 fw_version  char[32]        16 data      u32[popcount(mask)]    12 data  char[len][32]
 *  100 bus_info    char[32]
 *  132 erom_version char[32]      struct ethtool_gfeatures (8 + 16n), n = ceil(features / 32)
 *  164 reserved2   char[12]         0 cmd  u32   4 size u32 (n)
 *  176 n_priv_flags .. 192 regdump_len u32   8 features[n]: available, requested, active,
 *                                              never_changed (u32 each; bit i%32 of block i/32)
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
    private static final int ETHTOOL_GDRVINFO = 0x03;
    private static final int ETHTOOL_GSTRINGS = 0x1b;
    private static final int ETHTOOL_GSSET_INFO = 0x37;
    private static final int ETHTOOL_GFEATURES = 0x3a;
    private static final int ETH_SS_FEATURES = 4;
    private static final int ETH_GSTRING_LEN = 32;
    private static final long DRVINFO_BYTES = 196;
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

    /** ETHTOOL_GDRVINFO: driver name and version, firmware version, bus address. */
    static DriverInfo drvInfo(String interfaceName) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(DRVINFO_BYTES, 8);
            info.set(Native.C_INT, 0, ETHTOOL_GDRVINFO);
            ioctlOnInterface(arena, interfaceName, SIOCETHTOOL, info,
                    "SIOCETHTOOL(ETHTOOL_GDRVINFO) on " + interfaceName);
            return new DriverInfo(fixedString(info, 4), fixedString(info, 36),
                    fixedString(info, 68), fixedString(info, 100));
        }
    }

    /**
     * The offloads (ETH_SS_FEATURES) by kernel name, in kernel order, each "on" or "off" as
     * ETHTOOL_GFEATURES reports it active, with " [fixed]" when the driver cannot change it and
     * " [requested on]" / " [requested off]" when the request differs from what is active.
     */
    static Map<String, String> features(String interfaceName) {
        try (Arena arena = Arena.ofConfined()) {
            int count = featureCount(arena, interfaceName);
            MemorySegment strings = arena.allocate(12L + (long) count * ETH_GSTRING_LEN, 8);
            strings.set(Native.C_INT, 0, ETHTOOL_GSTRINGS);
            strings.set(Native.C_INT, 4, ETH_SS_FEATURES);
            strings.set(Native.C_INT, 8, count);
            ioctlOnInterface(arena, interfaceName, SIOCETHTOOL, strings,
                    "SIOCETHTOOL(ETHTOOL_GSTRINGS) on " + interfaceName);
            int blocks = (count + 31) / 32;
            MemorySegment features = arena.allocate(8L + 16L * blocks, 8);
            features.set(Native.C_INT, 0, ETHTOOL_GFEATURES);
            features.set(Native.C_INT, 4, blocks);
            ioctlOnInterface(arena, interfaceName, SIOCETHTOOL, features,
                    "SIOCETHTOOL(ETHTOOL_GFEATURES) on " + interfaceName);
            Map<String, String> byName = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = fixedString(strings, 12L + (long) i * ETH_GSTRING_LEN);
                long block = 8L + 16L * (i / 32);
                int bit = 1 << (i % 32);
                boolean available = (features.get(Native.C_INT, block) & bit) != 0;
                boolean requested = (features.get(Native.C_INT, block + 4) & bit) != 0;
                boolean active = (features.get(Native.C_INT, block + 8) & bit) != 0;
                boolean neverChanged = (features.get(Native.C_INT, block + 12) & bit) != 0;
                String state = active ? "on" : "off";
                if (!available || neverChanged) {
                    state += " [fixed]";
                } else if (requested != active) {
                    state += requested ? " [requested on]" : " [requested off]";
                }
                if (!name.isEmpty()) {
                    byName.put(name, state);
                }
            }
            return byName;
        }
    }

    private static int featureCount(Arena arena, String interfaceName) {
        MemorySegment info = arena.allocate(20, 8);
        info.set(Native.C_INT, 0, ETHTOOL_GSSET_INFO);
        info.set(Native.C_LONG, 8, 1L << ETH_SS_FEATURES);
        ioctlOnInterface(arena, interfaceName, SIOCETHTOOL, info,
                "SIOCETHTOOL(ETHTOOL_GSSET_INFO) on " + interfaceName);
        if ((info.get(Native.C_LONG, 8) & (1L << ETH_SS_FEATURES)) == 0) {
            throw new LinuxException("ioctl", "SIOCETHTOOL(ETHTOOL_GSSET_INFO) on "
                    + interfaceName + ": no feature strings", Errno.EOPNOTSUPP);
        }
        return info.get(Native.C_INT, 16);
    }

    /** A NUL-padded char[32] field of an ethtool struct. */
    private static String fixedString(MemorySegment struct, long offset) {
        byte[] bytes = struct.asSlice(offset, ETH_GSTRING_LEN).toArray(Native.C_BYTE);
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
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
