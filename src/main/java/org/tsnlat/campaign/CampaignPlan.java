package org.tsnlat.campaign;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tsnlat.exit.UsageException;
import org.tsnlat.text.StrictYaml;

/**
 * A campaign plan, in YAML: the agents, the pairs of them that measure, the variants, how often
 * each is repeated, and how long each run lasts. This record owns every key; docs/campaign.md
 * describes each.
 *
 * <pre>
 * format: tsnlat-campaign     # optional
 * version: 1
 * name: bridge-vs-macvtap
 * keyFile: fleet.key          # the agents' shared key (relative to the plan's directory)
 * duration: 10s               # each run's (the sender's --duration)
 * repetitions: 2
 * agents:                     # name: ADDRESS:PORT of its tsnlat agent
 *   a: 198.19.7.1:7790
 *   b: 198.19.7.2:7790
 * pairs:                      # sender and receiver agents, and where the probes go
 *   - {name: a-to-b, sender: a, receiver: b, to: 198.19.7.2:7788}
 * variants:                   # extra options of each end (recv/send options the agents allow)
 *   - {name: plain}
 *   - {name: pinned, send: [--cpu, "1"], recv: [--cpu, "1"]}
 * authenticated: false        # probes signed with the agents' key (send/recv --key-file)
 * </pre>
 */
public record CampaignPlan(
        String format,
        Integer version,
        String name,
        @JsonProperty("keyFile") String keyFile,
        String duration,
        Integer repetitions,
        Map<String, String> agents,
        List<Pair> pairs,
        List<Variant> variants,
        Boolean authenticated) {

    public static final String FORMAT = "tsnlat-campaign";
    public static final int VERSION = 1;
    /** Names of the campaign, pairs and variants: they become directory names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Two agents that measure: the sender's, the receiver's, and the ADDRESS:PORT the probes go to (the receiver binds it). */
    public record Pair(String name, String sender, String receiver, String to) {}

    /** A variant: its name and the extra options of each end. */
    public record Variant(String name, List<String> send, List<String> recv) {
        public Variant {
            send = send == null ? List.of() : List.copyOf(send);
            recv = recv == null ? List.of() : List.copyOf(recv);
        }
    }

    public CampaignPlan {
        agents = agents == null ? Map.of() : new LinkedHashMap<>(agents);
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /** Reads and checks the plan of {@code file}; every failure is one line naming the file (exit 2). */
    public static CampaignPlan read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read the campaign plan (" + org.tsnlat.exit.Reasons.of(e) + ")");
        }
        return parse(file.toString(), text);
    }

    /** Parses plan text; {@code name} names it in messages. */
    public static CampaignPlan parse(String name, String text) {
        CampaignPlan plan = StrictYaml.parse(name, text, CampaignPlan.class, "empty campaign plan (see docs/campaign.md)");
        plan.validate(name);
        return plan;
    }

    /** Each run's span (the sender's --duration). */
    public long durationNs() {
        return org.tsnlat.time.DurationNs.parse(duration, "s");
    }

    public int repetitionsOrDefault() {
        return repetitions == null ? 1 : repetitions;
    }

    public boolean authenticatedOrDefault() {
        return authenticated != null && authenticated;
    }

    private void validate(String file) {
        if (format != null && !format.equals(FORMAT)) throw bad(file, "format '" + format + "' is not " + FORMAT);
        if (version != null && version != VERSION) {
            throw bad(file, "plan version " + version + "; this tsnlat reads version " + VERSION);
        }
        nameOf(file, "name", name);
        if (keyFile == null || keyFile.isBlank()) throw bad(file, "keyFile: the agents' key file is required");
        if (duration == null) throw bad(file, "duration: each run's span is required (e.g. 10s)");
        if (!duration.strip().matches(".*[a-zA-Zµ]")) {
            throw bad(file, "duration: '" + duration + "' has no unit (e.g. 10s, 5m)");
        }
        long ns;
        try {
            ns = org.tsnlat.time.DurationNs.parse(duration, "s");
        } catch (UsageException e) {
            throw bad(file, "duration: " + e.getMessage());
        }
        if (ns < 1_000_000_000L) throw bad(file, "duration: " + duration + " is under 1s");
        if (repetitions != null && (repetitions < 1 || repetitions > 1000)) {
            throw bad(file, "repetitions " + repetitions + ": 1 to 1000");
        }
        if (agents.isEmpty()) throw bad(file, "agents: none (name: ADDRESS:PORT of each host's tsnlat agent)");
        agents.forEach((n, at) -> {
            nameOf(file, "agents." + n, n);
            if (!hostPort(at)) throw bad(file, "agents." + n + ": '" + at + "' is not ADDRESS:PORT (port 1-65535)");
        });
        if (pairs.isEmpty()) throw bad(file, "pairs: none (each: name, sender, receiver, to)");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            String at = "pairs[" + i + "]";
            nameOf(file, at + ".name", p.name());
            if (!seen.add(p.name())) throw bad(file, at + ".name: '" + p.name() + "' twice");
            for (String[] end : new String[][] {{"sender", p.sender()}, {"receiver", p.receiver()}}) {
                if (end[1] == null || !agents.containsKey(end[1])) {
                    throw bad(file, at + "." + end[0] + ": '" + end[1] + "' is not one of the agents ("
                            + String.join(", ", agents.keySet()) + ")");
                }
            }
            if (p.sender().equals(p.receiver())) {
                throw bad(file, at + ": sender and receiver are the same agent (a pair measures between two hosts)");
            }
            if (!hostPort(p.to())) {
                throw bad(file, at + ".to: '" + p.to() + "' is not ADDRESS:PORT, port 1-65535 (where the receiver listens)");
            }
            String why = org.tsnlat.agent.ArgumentPolicy.refusalOf("recv", List.of("--bind", p.to(), "--duration", "1s"));
            if (why != null) throw bad(file, at + ".to: the agents would refuse it: " + why);
            if (org.tsnlat.agent.ArgumentPolicy.addressOf(p.to()).isAnyLocalAddress()) {
                throw bad(file, at + ".to: '" + p.to() + "' is a wildcard: the receiver would listen on every address and "
                        + "the sender send to its own host; give the receiver's address");
            }
        }
        if (variants.isEmpty()) throw bad(file, "variants: none (at least one, e.g. {name: plain})");
        seen.clear();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            nameOf(file, "variants[" + i + "].name", v.name());
            if (!seen.add(v.name())) throw bad(file, "variants[" + i + "].name: '" + v.name() + "' twice");
            for (List<String> args : List.of(v.send(), v.recv())) {
                for (String a : args) {
                    if (a == null) throw bad(file, "variants[" + i + "]: an empty option");
                    String own = ownOption(a);
                    if (own != null) {
                        throw bad(file, "variants[" + i + "]: " + own + " is the campaign's own (set from the plan)");
                    }
                }
            }
            // what the agents would refuse, found now rather than run after run
            String duration = org.tsnlat.time.DurationNs.format(ns);
            List<String> recv = new ArrayList<>(List.of("--bind", pairs.get(0).to(), "--duration", duration));
            recv.addAll(v.recv());
            List<String> send = new ArrayList<>(List.of(pairs.get(0).to(), "--duration", duration));
            send.addAll(v.send());
            for (String[] end : new String[][] {{"recv", null}, {"send", null}}) {
                String why = org.tsnlat.agent.ArgumentPolicy.refusalOf(end[0], end[0].equals("recv") ? recv : send);
                if (why != null) throw bad(file, "variants[" + i + "]." + end[0] + ": the agents would refuse it: " + why);
            }
            long warmupNs = warmupOf(v.recv());
            if (ns <= warmupNs) {
                throw bad(file, "duration " + duration + " with variant " + v.name() + ": no longer than the receiver's "
                        + org.tsnlat.time.DurationNs.format(warmupNs) + " warm-up, nothing would be measured (give a "
                        + "longer duration, or --warmup in the variant's recv)");
            }
        }
    }

    /** Options the campaign sets itself from the plan: not for a variant. */
    static final Set<String> OWN = Set.of("--duration", "-d", "--bind", "-b", "--key-file", "--runs-dir", "--count", "-n");

    /** The receiver's warm-up with these options: their --warmup, else the default 2 s. */
    private static long warmupOf(List<String> recv) {
        for (int i = 0; i < recv.size(); i++) {
            String a = recv.get(i);
            if (a.startsWith("--warmup=")) return org.tsnlat.time.DurationNs.parse(a.substring(9), "s");
            if (a.equals("--warmup") && i + 1 < recv.size()) return org.tsnlat.time.DurationNs.parse(recv.get(i + 1), "s");
        }
        return 2_000_000_000L;
    }

    /** The campaign's own option {@code arg} gives, in any form ("--duration", "--duration=5s", "-d5s"), or null. */
    static String ownOption(String arg) {
        String name = arg.startsWith("--") && arg.indexOf('=') > 0 ? arg.substring(0, arg.indexOf('=')) : arg;
        if (OWN.contains(name)) return name;
        if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-' && OWN.contains(arg.substring(0, 2))) {
            return arg.substring(0, 2);
        }
        return null;
    }

    /** ADDRESS:PORT with a port of 1-65535 (the address is resolved when the campaign starts). */
    private static boolean hostPort(String text) {
        if (text == null || !text.matches(".+:[0-9]{1,5}")) return false;
        int port = Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
        return port >= 1 && port <= 65535;
    }

    private static void nameOf(String file, String key, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw bad(file, key + ": '" + value + "' is not a name (letters, digits, . _ -; at most 64; it names a directory)");
        }
    }

    private static UsageException bad(String file, String why) {
        return new UsageException(file + ": " + why);
    }

    /** The runs the plan asks for, in the order they run: repetition by repetition, each variant, each wave of pairs. */
    public List<List<RunKey>> waves() {
        List<List<RunKey>> waves = new ArrayList<>();
        for (int rep = 1; rep <= repetitionsOrDefault(); rep++) {
            for (Variant v : variants) {
                // pairs that share no agent measure at once; a pair that shares one waits for the next wave
                List<Pair> left = new ArrayList<>(pairs);
                while (!left.isEmpty()) {
                    List<RunKey> wave = new ArrayList<>();
                    Set<String> busy = new HashSet<>();
                    for (var it = left.iterator(); it.hasNext(); ) {
                        Pair p = it.next();
                        if (busy.contains(p.sender()) || busy.contains(p.receiver())) continue;
                        busy.add(p.sender());
                        busy.add(p.receiver());
                        wave.add(new RunKey(v.name(), p.name(), rep));
                        it.remove();
                    }
                    waves.add(wave);
                }
            }
        }
        return waves;
    }

    public Pair pair(String name) {
        return pairs.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    public Variant variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    /** One run of the campaign: a variant, a pair, a repetition; its directory is {@code runs/VARIANT/PAIR/rep-N}. */
    public record RunKey(String variant, String pair, int repetition) {
        public String id() {
            return variant + "/" + pair + "/rep-" + repetition;
        }
    }
}
