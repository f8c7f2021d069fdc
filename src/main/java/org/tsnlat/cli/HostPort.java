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
            throw new CommandLine.TypeConversionException("unknown host '" + host + "'");
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
