package org.tsnlat.text;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * How tsnlat writes an address: IPv4 dotted, IPv6 in the canonical text form of RFC 5952 (lower
 * case, no leading zeros, the longest run of two or more zero groups as "::", the first such run
 * when two are as long; a scope kept as "%scope"), with a port as "host:port" or "[v6]:port".
 * Java's own {@code getHostAddress()} writes "0:0:0:0:0:0:0:1" for "::1".
 */
public final class Addresses {
    private Addresses() {}

    /** The address alone. */
    public static String text(InetAddress a) {
        if (!(a instanceof Inet6Address v6)) return a.getHostAddress();
        String full = v6.getHostAddress();
        int pct = full.indexOf('%');
        String scope = pct >= 0 ? full.substring(pct) : "";
        byte[] b = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
        int bestStart = -1;
        int bestLength = 1; // a single zero group is never shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(groups[i]));
        }
        return s + scope;
    }

    /** "host:port", or "[v6]:port". */
    public static String hostPort(InetSocketAddress a) {
        String h = text(a.getAddress());
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
