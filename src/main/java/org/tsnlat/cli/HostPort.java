package org.tsnlat.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine;

/** "host:port", "[v6addr]:port", or "host" (with the default port), resolved once. */
final class HostPort implements CommandLine.ITypeConverter<InetSocketAddress> {
    static final int DEFAULT_PORT = 7788;

    @Override
    public InetSocketAddress convert(String text) {
        return parse(text);
    }

    static InetSocketAddress parse(String text) {
        String host = text;
        int port = DEFAULT_PORT;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) throw bad(text, "missing ']'");
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') throw bad(text, "expected ':' after ']'");
                port = port(text, text.substring(close + 2));
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(text, text.substring(text.indexOf(':') + 1));
        }
        if (host.isEmpty()) throw bad(text, "no host");
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            int last = host.lastIndexOf(':');
            if (!text.startsWith("[") && last > 0 && host.indexOf(':') != last) {
                // "::1:27799": an IPv6 address and a port without brackets
                String address = host.substring(0, last);
                String maybePort = host.substring(last + 1);
                if (maybePort.matches("[0-9]{1,5}") && isAddress(address)) {
                    throw new CommandLine.TypeConversionException("unknown host '" + host + "': an IPv6 address with a "
                            + "port takes brackets: [" + address + "]:" + maybePort);
                }
            }
            throw new CommandLine.TypeConversionException("unknown host '" + host + "'");
        }
    }

    /** Whether {@code text} names its port ("host:port", "[v6]:port"): for options with no default port. */
    static boolean hasPort(String text) {
        return text.startsWith("[") ? text.contains("]:") : text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':');
    }

    private static boolean isAddress(String literal) {
        try {
            return InetAddress.getByName(literal) instanceof java.net.Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int port(String text, String p) {
        try {
            int port = Integer.parseInt(p);
            if (port < 0 || port > 65535) throw bad(text, "port must be 0-65535");
            return port;
        } catch (NumberFormatException e) {
            throw bad(text, "port '" + p + "' is not a number");
        }
    }

    private static CommandLine.TypeConversionException bad(String text, String why) {
        return new CommandLine.TypeConversionException("'" + text + "' is not host:port (" + why + ")");
    }
}
