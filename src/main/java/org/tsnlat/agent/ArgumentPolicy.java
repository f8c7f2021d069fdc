package org.tsnlat.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
final class ArgumentPolicy {
    /** A value's form. */
    private enum Kind {
        FLAG(null),
        DURATION("[0-9]{1,9}(\\.[0-9]{1,9})?(ns|us|ms|s|m|h)"),
        SPAN("0|[0-9]{1,9}(\\.[0-9]{1,9})?(ns|us|ms|s|m|h)"),
        COUNT("[1-9][0-9]{0,15}"),
        NUMBER("[0-9]{1,9}"),
        NS("[0-9]{1,19}"),
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
            Map.entry("--metrics-linger", Kind.SPAN));

    /** Options that may be given more than once. */
    private static final java.util.Set<String> REPEATABLE = java.util.Set.of("--metrics-label");

    private static final Map<String, Map<String, Kind>> OPTIONS = Map.of(
            "recv", with(MEASURING, Map.of("--bind", Kind.ADDRESS, "--count", Kind.COUNT, "--silence", Kind.SPAN,
                    "--session", Kind.HEX, "--any-source", Kind.FLAG, "--max-latency", Kind.DURATION,
                    "--no-reflect", Kind.FLAG, "--trust-interval", Kind.DURATION, "--max-ptp-offset", Kind.DURATION,
                    "--max-twoway-offset", Kind.DURATION),
                    Map.of("--max-min-step", Kind.DURATION, "--max-min-drift", Kind.PPM)),
            "send", with(MEASURING, Map.of("--period", Kind.DURATION, "--size", Kind.NUMBER, "--base-time", Kind.NS,
                    "--so-priority", Kind.SO_PRIORITY, "--reflect-every", Kind.NUMBER), Map.of()),
            "load", Map.of("--duration", Kind.DURATION, "--sink", Kind.FLAG, "--bind", Kind.ADDRESS, "--rate", Kind.RATE,
                    "--size", Kind.NUMBER, "--so-priority", Kind.SO_PRIORITY));

    private static final Map<String, String> SHORT = Map.of("-d", "--duration", "-n", "--count", "-b", "--bind",
            "-p", "--priority", "-i", "--period", "-s", "--size", "-r", "--rate");

    private static final int MAX_ARGS = 64;
    private static final int MAX_ARG_CHARS = 128;

    private final long maxDurationNs;
    private final int cpusOnline;

    ArgumentPolicy(long maxDurationNs, int cpusOnline) {
        this.maxDurationNs = maxDurationNs;
        this.cpusOnline = cpusOnline;
    }

    /** What a checked start asks for: its CPUs (null for load, which the CPU rule leaves alone). */
    record Checked(String command, List<String> args, BitSet cpus, long durationNs) {}

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
                address(value, name);
            } else if (!kind.pattern.matcher(value).matches()) {
                throw notAllowed(name + " '" + printable(value) + "': not a value the agent accepts");
            }
            if (name.equals("--duration")) duration = value;
            if (name.equals("--cpu")) cpus = value;
        }
        if (duration == null) {
            throw notAllowed("--duration is required (a run the agent starts must end by itself, "
                    + "whatever becomes of its controller)");
        }
        long ns = DurationNs.parse(duration, "s");
        if (ns <= 0 || ns > maxDurationNs) {
            throw notAllowed("--duration " + duration + ": at most " + DurationNs.format(maxDurationNs) + " (--max-duration)");
        }
        if (command.equals("send") && positional == null) throw notAllowed("send needs its destination HOST:PORT");
        if (command.equals("load") && (positional == null) == !seen.contains("--sink")) {
            throw notAllowed("load needs a destination HOST:PORT or --sink, not both");
        }
        BitSet set = null;
        if (!command.equals("load")) {
            if (cpus == null) {
                set = new BitSet();
                set.set(0, cpusOnline);
            } else {
                set = org.tsnlat.linux.Cpus.parseList(cpus);
                if (set.isEmpty() || set.length() > cpusOnline) {
                    throw notAllowed("--cpu " + cpus + ": this machine has CPUs 0-" + (cpusOnline - 1));
                }
            }
        }
        return new Checked(command, List.copyOf(args), set, ns);
    }

    /** An address literal with an optional port: 192.0.2.1, 192.0.2.1:7788, [2001:db8::1]:7788. Never a name. */
    private static void address(String text, String what) throws Refused {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) throw notAllowed(what + " '" + printable(text) + "': not ADDRESS[:PORT]");
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw notAllowed(what + " '" + printable(text) + "': not ADDRESS[:PORT]");
                port = rest.substring(1);
            }
            if (!host.matches("[0-9a-fA-F:.]{2,45}")) throw notAllowed(what + " '" + printable(text) + "': not an IPv6 address");
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
            if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
                throw notAllowed(what + " '" + printable(text) + "': an IPv4 address literal ([IPv6] in brackets), never a name");
            }
        }
        if (port != null && (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535)) {
            throw notAllowed(what + " '" + printable(text) + "': the port must be 0-65535");
        }
        try {
            InetAddress.getByName(host); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw notAllowed(what + " '" + printable(text) + "': not an address");
        }
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
