package org.tsnlat.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.tsnlat.exit.UsageException;

/** An address block, 192.0.2.0/24 or 2001:db8::/32 (a bare address is a /32 or /128): who may talk to the agent. */
public record Cidr(byte[] network, int prefix) {
    /** Parses one block; only address literals, never a name. */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new UsageException("--allow '" + text + "': not an address block (e.g. 192.0.2.0/24, 2001:db8::/32)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new UsageException("--allow '" + text + "': not an address");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bytes.length * 8) {
                throw new UsageException("--allow '" + text + "': the prefix length must be 0-" + bytes.length * 8);
            }
            prefix = Integer.parseInt(p);
        }
        return new Cidr(bytes, prefix);
    }

    /** A comma-separated list of blocks. */
    public static List<Cidr> parseList(String text) {
        List<Cidr> all = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            all.add(parse(item));
        }
        return List.copyOf(all);
    }

    /** Whether the address lies in this block (an IPv4-mapped IPv6 address counts as its IPv4 one). */
    public boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != network.length) return false;
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }
}
