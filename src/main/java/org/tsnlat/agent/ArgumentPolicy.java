package org.tsnlat.agent;

import java.net.InetAddress;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tsnlat.time.DurationNs;

/**
 * What an agent lets a controller start (docs/agent.md, "What may be started"): tsnlat's own
 * {@code recv}, {@code send} and {@code load}, with options from an explicit list per command, each
 * value matched by a pattern. No option that names a file (the agent sets --runs-dir and, for an
 * authenticated run, --key-file itself), no hidden test option, no positional argument but the
 * destination of send and load (an address literal, never a name), and a --duration always, at
 * most the agent's --max-duration.
 */
public final class ArgumentPolicy {
    /** A value's form. */
    private enum Kind {
        FLAG(null),
        DURATION("[0-9]{1,9}(\\.[0-9]{1,9})?(ns|us|ms|s|m|h)"),
        SPAN("0|[0-9]{1,9}(\\.[0-9]{1,9})?(ns|us|ms|s|m|h)"),
        COUNT("[1-9][0-9]{0,15}"),
        NUMBER("[0-9]{1,9}"),
        ADDRESS(null),
        CLOCK("(?i)TAI|REALTIME"),
        HEX("[0-9a-fA-F]{1,16}"),
        IFNAME("[A-Za-z0-9][A-Za-z0-9_.:-]{0,14}"),
        CPUS("[0-9]{1,4}(-[0-9]{1,4})?(,[0-9]{1,4}(-[0-9]{1,4})?){0,63}"),
        POLICY("(?i)FIFO|RR|OTHER"),
        PRIORITY("[0-9]{1,2}"),
        SO_PRIORITY("0x[0-9a-fA-F]{1,8}|[0-9]{1,10}"),
        RATE("[0-9]{1,12}(\\.[0-9]{1,6})?([kKmMgG]?(bit|bps|b))?"),
        PPM("[0-9]{1,6}(\\.[0-9]{1,6})?"),
        THRESHOLD("[0-9]{1,9}(\\.[0-9]{1,9})?(ns|us|ms|s)|p[0-9]{1,2}(\\.[0-9]{1,6})?"),
        TRANSPORT("udp|l2"),
        /** An EtherType as tsnlat takes it: hexadecimal with 0x, or decimal (the command checks its range). */
        ETHER_TYPE("0x[0-9a-fA-F]{1,4}|[0-9]{1,5}"),
        PCP("[0-7]"),
        /** A --metrics-label: a label name, =, a value of letters, digits and . _ : / - (no quotes, no spaces). */
        LABEL("[A-Za-z_][A-Za-z0-9_]{0,63}=[A-Za-z0-9._:/-]{0,64}");

        final Pattern pattern;

        Kind(String regex) {
            this.pattern = regex == null ? null : Pattern.compile(regex);
        }
    }

    private static final Map<String, Kind> MEASURING = Map.ofEntries(
            Map.entry("--duration", Kind.DURATION), Map.entry("--clock", Kind.CLOCK),
            Map.entry("--interface", Kind.IFNAME),
            Map.entry("--policy", Kind.POLICY), Map.entry("--priority", Kind.PRIORITY), Map.entry("--cpu", Kind.CPUS),
            Map.entry("--best-effort", Kind.FLAG),
            Map.entry("--ptp-domain", Kind.NUMBER), Map.entry("--ptp-transport-specific", Kind.NUMBER),
            Map.entry("--explain", Kind.FLAG), Map.entry("--explain-above", Kind.THRESHOLD),
            Map.entry("--breaktrace", Kind.DURATION), Map.entry("--warmup", Kind.SPAN),
            Map.entry("--metrics", Kind.ADDRESS), Map.entry("--metrics-label", Kind.LABEL),
            Map.entry("--metrics-linger", Kind.SPAN),
            Map.entry("--transport", Kind.TRANSPORT), Map.entry("--ether-type", Kind.ETHER_TYPE),
            Map.entry("--vlan", Kind.NUMBER), Map.entry("--pcp", Kind.PCP));

    /** Options that may be given more than once. */
    private static final java.util.Set<String> REPEATABLE = java.util.Set.of("--metrics-label");

    private static final Map<String, Map<String, Kind>> OPTIONS = Map.of(
            "recv", with(MEASURING, Map.of("--bind", Kind.ADDRESS, "--count", Kind.COUNT, "--silence", Kind.SPAN,
                    "--session", Kind.HEX, "--any-source", Kind.FLAG, "--max-latency", Kind.DURATION,
                    "--no-reflect", Kind.FLAG, "--trust-interval", Kind.DURATION, "--max-ptp-offset", Kind.DURATION,
                    "--max-twoway-offset", Kind.DURATION),
                    Map.of("--max-min-step", Kind.DURATION, "--max-min-drift", Kind.PPM)),
            "send", with(MEASURING, Map.of("--period", Kind.DURATION, "--size", Kind.NUMBER,
                    "--so-priority", Kind.SO_PRIORITY, "--reflect-every", Kind.NUMBER),
                    Map.of("--txtime", Kind.DURATION, "--txtime-deadline", Kind.FLAG)),
            "load", Map.of("--duration", Kind.DURATION, "--sink", Kind.FLAG, "--bind", Kind.ADDRESS, "--rate", Kind.RATE,
                    "--size", Kind.NUMBER, "--so-priority", Kind.SO_PRIORITY));

    private static final Map<String, String> SHORT = Map.of("-d", "--duration", "-n", "--count", "-b", "--bind",
            "-p", "--priority", "-i", "--period", "-s", "--size", "-r", "--rate");

    private static final int MAX_ARGS = 64;
    private static final int MAX_ARG_CHARS = 128;
    /** The longest --metrics-linger of a run: it adds to how long the run may live. */
    static final long MAX_LINGER_NS = 600_000_000_000L;

    private final long maxDurationNs;
    private final BitSet cpusOnline;

    /** A policy for a machine whose online CPUs are {@code cpusOnline} (not always 0 to N-1: some may be offline). */
    ArgumentPolicy(long maxDurationNs, BitSet cpusOnline) {
        this.maxDurationNs = maxDurationNs;
        this.cpusOnline = (BitSet) cpusOnline.clone();
    }

    /** A policy for a machine whose CPUs 0 to {@code cpusOnline}-1 are online. */
    ArgumentPolicy(long maxDurationNs, int cpusOnline) {
        this(maxDurationNs, range(cpusOnline));
    }

    /**
     * What an agent would refuse of {@code tsnlat COMMAND ARGS}, judged on the controller before
     * any run (a campaign plan's variants): the same options and value patterns, without the
     * limits that depend on the agent's host (its CPUs, its --max-duration). Null when acceptable.
     */
    public static String refusalOf(String command, List<String> args) {
        try {
            new ArgumentPolicy(Long.MAX_VALUE, range(4096)).check(command, args);
            return null;
        } catch (Refused r) {
            return r.getMessage();
        }
    }

    private static BitSet range(int n) {
        BitSet b = new BitSet();
        b.set(0, n);
        return b;
    }

    /**
     * What a checked start asks for: its CPUs (null for load, which the CPU rule leaves alone),
     * its --duration and its --metrics-linger (0 without), which bound how long it may live.
     */
    record Checked(String command, List<String> args, BitSet cpus, long durationNs, long lingerNs) {}

    /**
     * Checks a start's command and arguments.
     *
     * @throws Refused "command-not-allowed" or "argument-not-allowed", saying which and why
     */
    Checked check(String command, List<String> args) throws Refused {
        Map<String, Kind> allowed = OPTIONS.get(command);
        if (allowed == null) {
            throw new Refused("command-not-allowed", "command '" + printable(command) + "': only recv, send and load");
        }
        if (args.size() > MAX_ARGS) throw notAllowed("more than " + MAX_ARGS + " arguments");
        String positional = null;
        String duration = null;
        String cpus = null;
        String linger = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.length() > MAX_ARG_CHARS) throw notAllowed("an argument of more than " + MAX_ARG_CHARS + " characters");
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (command.equals("recv") || positional != null) {
                    throw notAllowed("argument '" + printable(arg) + "': " + (command.equals("recv")
                            ? "recv takes no positional argument" : "one destination only"));
                }
                address(arg, "the destination");
                positional = arg;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            name = SHORT.getOrDefault(name, name);
            Kind kind = allowed.get(name);
            if (kind == null) {
                throw notAllowed("option '" + printable(name) + "' is not allowed for " + command + " (docs/agent.md)");
            }
            if (!seen.add(name) && !REPEATABLE.contains(name)) throw notAllowed("option " + name + " given twice");
            if (kind == Kind.FLAG) {
                if (value != null) throw notAllowed("option " + name + " takes no value");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size()) throw notAllowed("option " + name + " needs a value");
                value = args.get(++i);
            }
            if (kind == Kind.ADDRESS) {
                InetAddress a = address(value, name);
                if (name.equals("--metrics") && a.isAnyLocalAddress()) {
                    throw notAllowed("--metrics " + printable(value) + ": a wildcard would serve the run's metrics on "
                            + "every interface of the host; give one address");
                }
            } else if (!kind.pattern.matcher(value).matches()) {
                throw notAllowed(name + " '" + printable(value) + "': not a value the agent accepts");
            }
            if (name.equals("--duration")) duration = value;
            if (name.equals("--cpu")) cpus = value;
            if (name.equals("--metrics-linger")) linger = value;
        }
        if (duration == null) {
            throw notAllowed("--duration is required (a run the agent starts must end by itself, "
                    + "whatever becomes of its controller)");
        }
        long ns = span("--duration", duration);
        if (ns <= 0 || ns > maxDurationNs) {
            throw notAllowed("--duration " + duration + ": at most " + DurationNs.format(maxDurationNs) + " (--max-duration)");
        }
        if (command.equals("send") && positional == null) throw notAllowed("send needs its destination HOST:PORT");
        if (command.equals("load") && (positional == null) == !seen.contains("--sink")) {
            throw notAllowed("load needs a destination HOST:PORT or --sink, not both");
        }
        long lingerNs = linger == null ? 0 : span("--metrics-linger", linger);
        if (lingerNs > MAX_LINGER_NS) {
            throw notAllowed("--metrics-linger " + linger + ": at most " + DurationNs.format(MAX_LINGER_NS));
        }
        BitSet set = null;
        if (!command.equals("load")) {
            if (cpus == null) {
                set = (BitSet) cpusOnline.clone();
            } else {
                try {
                    set = org.tsnlat.linux.Cpus.parseList(cpus);
                } catch (RuntimeException e) {
                    throw notAllowed("--cpu " + printable(cpus) + ": " + printable(String.valueOf(e.getMessage())));
                }
                BitSet offline = (BitSet) set.clone();
                offline.andNot(cpusOnline);
                if (set.isEmpty() || !offline.isEmpty()) {
                    throw notAllowed("--cpu " + cpus + ": this machine's online CPUs are "
                            + org.tsnlat.linux.Cpus.formatList(cpusOnline));
                }
            }
        }
        return new Checked(command, List.copyOf(args), set, ns, lingerNs);
    }

    /** A span's value in ns; one the pattern let through but the parser refuses (1.5ns) is not allowed, not a fault. */
    private static long span(String name, String value) throws Refused {
        try {
            return DurationNs.parse(value, "s");
        } catch (RuntimeException e) {
            throw notAllowed(name + " '" + printable(value) + "': " + printable(String.valueOf(e.getMessage())));
        }
    }

    /**
     * An address literal with an optional port: 192.0.2.1, 192.0.2.1:7788, [2001:db8::1]:7788.
     * Never a name, and never looked up: IPv4 is read octet by octet (each 0-255), IPv6 by
     * {@link InetAddress#ofLiteral}, which does no lookup either.
     */
    static InetAddress address(String text, String what) throws Refused {
        return literal(text, what).address();
    }

    /**
     * The address of an ADDRESS[:PORT] literal {@link #refusalOf} let through (as a {@code --bind}),
     * read as the agents read it, never looked up; IllegalArgumentException for one it would refuse.
     */
    public static InetAddress addressOf(String literal) {
        try {
            return address(literal, "address");
        } catch (Refused e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** An address literal and its port, -1 when none was given. */
    record Literal(InetAddress address, int port) {}

    /** As {@link #address}, with the port. */
    static Literal literal(String text, String what) throws Refused {
        String host = text;
        String port = null;
        InetAddress a;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) throw notAllowed(what + " '" + printable(text) + "': not ADDRESS[:PORT]");
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw notAllowed(what + " '" + printable(text) + "': not ADDRESS[:PORT]");
                port = rest.substring(1);
            }
            if (!host.matches("[0-9a-fA-F:.]{2,45}") || !host.contains(":")) {
                throw notAllowed(what + " '" + printable(text) + "': not an IPv6 address");
            }
            try {
                a = InetAddress.ofLiteral(host);
            } catch (IllegalArgumentException e) {
                throw notAllowed(what + " '" + printable(text) + "': not an IPv6 address");
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
            if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
                throw notAllowed(what + " '" + printable(text) + "': an IPv4 address literal ([IPv6] in brackets), never a name");
            }
            byte[] octets = new byte[4];
            String[] parts = host.split("\\.");
            for (int i = 0; i < 4; i++) {
                int o = Integer.parseInt(parts[i]);
                if (o > 255) throw notAllowed(what + " '" + printable(text) + "': each part of an IPv4 address is 0-255");
                octets[i] = (byte) o;
            }
            try {
                a = InetAddress.getByAddress(octets); // from bytes: no lookup
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e); // only for a wrong length
            }
        }
        if (port != null && (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535)) {
            throw notAllowed(what + " '" + printable(text) + "': the port must be 0-65535");
        }
        return new Literal(a, port == null ? -1 : Integer.parseInt(port));
    }

    private static Refused notAllowed(String message) {
        return new Refused("argument-not-allowed", message);
    }

    /** At most 64 characters of what a request said, escaped, for a message. */
    static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return org.tsnlat.text.Untrusted.text(t);
    }

    @SafeVarargs
    private static Map<String, Kind> with(Map<String, Kind>... parts) {
        Map<String, Kind> all = new java.util.HashMap<>();
        for (Map<String, Kind> p : parts) all.putAll(p);
        return Map.copyOf(all);
    }
}
