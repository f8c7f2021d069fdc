package org.tsnlat.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The lab's addresses. 198.18.0.0/15 is reserved for benchmarking (RFC 2544) and
 * fd54:736e:6c61:7400::/64 is a unique local prefix ("Tsnla" in its hex digits); both exist only
 * inside the lab's namespaces, never in the root namespace, so no route of the host changes.
 */
final class Addressing {
    static final String INTERFACE = "eth0";
    static final int IPV4_PREFIX = 24;
    static final int IPV6_PREFIX = 64;

    private Addressing() {
    }

    static String ipv4(Role host) {
        return switch (host) {
            case TALKER -> "198.18.0.1";
            case LISTENER -> "198.18.0.2";
            case SWITCH -> throw new IllegalArgumentException("the switch has no address");
        };
    }

    static String ipv6(Role host) {
        return switch (host) {
            case TALKER -> "fd54:736e:6c61:7400::1";
            case LISTENER -> "fd54:736e:6c61:7400::2";
            case SWITCH -> throw new IllegalArgumentException("the switch has no address");
        };
    }

    static InetAddress inet(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no resolver is asked
        } catch (UnknownHostException e) {
            throw new IllegalStateException(literal, e);
        }
    }
}
