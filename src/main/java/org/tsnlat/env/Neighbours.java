package org.tsnlat.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * A destination's interface and MAC for probes in Ethernet frames (send --transport l2 HOST):
 * the route to it ({@code ip -j route get}) names the interface, its neighbour entry
 * ({@code ip -j neigh show}) the MAC. A missing entry is asked for once, by one UDP datagram to
 * the host's discard port (9), which makes the kernel resolve it; a host behind a router is
 * refused, since frames do not cross routers.
 */
public final class Neighbours {
    /** How long to wait for the kernel to resolve a missing neighbour entry. */
    static final long RESOLVE_WAIT_MS = 1_500;

    /** The interface and MAC frames to {@code host} take. */
    public record Link(String interfaceName, String mac) {}

    /** Why a destination has no MAC on a link here, said for the user. */
    public static final class Unresolved extends Exception {
        public Unresolved(String message) {
            super(message);
        }
    }

    private Neighbours() {
    }

    /** Resolves {@code host} to the interface and MAC its frames go to. */
    public static Link resolve(InetAddress host) throws Unresolved {
        String address = host.getHostAddress();
        List<String> get = new java.util.ArrayList<>(List.of("route", "get"));
        if (host instanceof java.net.Inet6Address six && six.getScopeId() != 0) {
            // a link-local address with its scope (fe80::1%eth0): ip takes the scope as the route's interface
            address = address.substring(0, address.indexOf('%'));
            String scope = scopeName(six);
            get.addAll(List.of(address, "oif", scope));
        } else {
            get.add(address);
        }
        JsonNode route = first(ip(get.toArray(String[]::new)), "ip " + String.join(" ", get));
        String dev = route.path("dev").asText(null);
        if (dev == null) throw new Unresolved("ip route get " + address + " names no interface");
        if (route.hasNonNull("gateway")) {
            throw new Unresolved(address + " is reached through the router " + route.path("gateway").asText() + " on "
                    + dev + ": Ethernet frames do not cross routers; give a host on the same link, or --interface and --dst-mac");
        }
        if (dev.equals("lo")) return new Link("lo", "00:00:00:00:00:00");
        String mac = neighbour(address, dev);
        if (mac == null) {
            poke(host);
            long until = System.nanoTime() + RESOLVE_WAIT_MS * 1_000_000;
            while (mac == null && System.nanoTime() < until) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Unresolved("interrupted while resolving " + address);
                }
                mac = neighbour(address, dev);
            }
        }
        if (mac == null) {
            throw new Unresolved("no MAC for " + address + " on " + dev + " (its neighbour entry stayed unresolved for "
                    + RESOLVE_WAIT_MS + " ms: is the host up?); give --dst-mac");
        }
        return new Link(dev, mac);
    }

    private static String scopeName(java.net.Inet6Address a) throws Unresolved {
        if (a.getScopedInterface() != null) return a.getScopedInterface().getName();
        try {
            java.net.NetworkInterface n = java.net.NetworkInterface.getByIndex(a.getScopeId());
            if (n != null) return n.getName();
        } catch (java.net.SocketException e) {
            // said below
        }
        throw new Unresolved("no interface of index " + a.getScopeId() + " for " + a.getHostAddress());
    }

    /** The lladdr of a usable neighbour entry of {@code address} on {@code dev}, or null. */
    private static String neighbour(String address, String dev) throws Unresolved {
        JsonNode all = ip("neigh", "show", "to", address, "dev", dev);
        for (JsonNode n : all) {
            String mac = n.path("lladdr").asText(null);
            boolean failed = false;
            for (JsonNode st : n.path("state")) {
                String state = st.asText().toUpperCase(Locale.ROOT);
                failed |= state.equals("FAILED") || state.equals("INCOMPLETE");
            }
            if (mac != null && !failed) return mac;
        }
        return null;
    }

    /** One datagram to the discard port, so the kernel resolves the neighbour. */
    private static void poke(InetAddress host) {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            s.send(new java.net.DatagramPacket(new byte[1], 1, new InetSocketAddress(host, 9)));
        } catch (IOException e) {
            // unreachable: the entry stays unresolved and the caller says so
        }
    }

    private static JsonNode ip(String... args) throws Unresolved {
        List<String> argv = new java.util.ArrayList<>(List.of("ip", "-j"));
        argv.addAll(List.of(args));
        try {
            Subprocess.Result r = Subprocess.run(argv);
            if (r.exitCode() != 0) throw new Unresolved(String.join(" ", argv) + ": " + r.failure());
            String out = r.stdout().isBlank() ? "[]" : r.stdout();
            return EnvJson.mapper().readTree(out);
        } catch (IOException e) {
            throw new Unresolved(String.join(" ", argv) + ": " + e.getMessage());
        }
    }

    private static JsonNode first(JsonNode array, String what) throws Unresolved {
        if (!array.isArray() || array.isEmpty()) throw new Unresolved(what + " printed no route");
        return array.get(0);
    }
}
