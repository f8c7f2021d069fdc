package org.tsnlat.env;

import java.util.ArrayList;
import java.util.List;

/**
 * Interfaces with a default route, from /proc/net/route (a header, then "Iface Destination
 * Gateway Flags ... Mask ..." in hex) and /proc/net/ipv6_route ("dest plen src splen nexthop
 * metric refcnt use flags device", no header).
 */
final class DefaultRoutes {
    private static final String ZERO_V6 = "00000000000000000000000000000000";
    private static final int RTF_UP = 0x1;

    private DefaultRoutes() {
    }

    static List<String> ipv4(String routeTable) {
        List<String> found = new ArrayList<>();
        String[] rows = routeTable.split("\n");
        for (int i = 1; i < rows.length; i++) {
            String[] f = rows[i].trim().split("\\s+");
            if (f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000")
                    && (Integer.parseInt(f[3], 16) & RTF_UP) != 0 && !found.contains(f[0])) {
                found.add(f[0]);
            }
        }
        return found;
    }

    static List<String> ipv6(String routeTable) {
        List<String> found = new ArrayList<>();
        for (String row : routeTable.split("\n")) {
            String[] f = row.trim().split("\\s+");
            if (f.length >= 10 && f[0].equals(ZERO_V6) && f[1].equals("00") && !f[9].equals("lo")
                    && (Integer.parseInt(f[8], 16) & RTF_UP) != 0 && !found.contains(f[9])) {
                found.add(f[9]);
            }
        }
        return found;
    }
}
