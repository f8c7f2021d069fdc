package org.tsnlat.tune;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tsnlat.env.Subprocess;
import org.tsnlat.exit.Reasons;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.NetDevice;
import org.tsnlat.linux.NetNamespace;

/**
 * An ethtool ntuple rule the plan asks for (a flow steered to an RX queue). The device must have
 * the feature: its "rx-ntuple-filter" offload (ETHTOOL_GFEATURES; ethtool -k's ntuple-filters) off and fixed means it cannot
 * steer at all (veth, virtio-net), which is unknown, never held. With the feature on, the rules
 * are those {@code ethtool -n IF} lists. tune never adds a rule: it says the command that does.
 */
final class NtupleCheck {
    /** The kernel's name of the feature ethtool -k calls ntuple-filters (NETIF_F_NTUPLE). */
    static final String FEATURE = "rx-ntuple-filter";

    private NtupleCheck() {
    }

    static Finding check(HostPlan.InterfaceRule rule, String where, HostPlan.Ntuple n) {
        String wanted = "flow-type " + n.flowType() + " dst-port " + n.dstPort() + " action " + n.queue();
        String item = "interface " + where + " ntuple " + wanted;
        String add = (rule.netns() == null ? "" : "ip netns exec " + rule.netns() + " ") + "ethtool -N " + rule.name()
                + " " + wanted;
        String feature;
        try {
            Map<String, String> features = rule.netns() == null ? NetDevice.features(rule.name())
                    : NetNamespace.callIn(rule.netns(), () -> NetDevice.features(rule.name()));
            feature = features.get(FEATURE);
        } catch (LinuxException e) {
            return Finding.unknown(item, rule.name() + ": the offloads cannot be read: " + e.getMessage());
        } catch (Exception e) {
            return Finding.unknown(item, rule.name() + ": " + e.getMessage());
        }
        if (feature == null) {
            return Finding.unknown(item, rule.name() + " has no " + FEATURE + " feature: it cannot steer flows to a queue");
        }
        if (feature.startsWith("off") && feature.contains("[fixed]")) {
            return Finding.unknown(item, rule.name() + ": " + FEATURE + " " + feature
                    + ": the device cannot steer flows to a queue (use RPS instead)");
        }
        if (feature.startsWith("off")) {
            return Finding.violated(item, List.of(rule.name() + ": " + FEATURE + " off, so no rule steers"), List.of(),
                    "turn it on and add the rule: " + (rule.netns() == null ? "" : "ip netns exec " + rule.netns() + " ")
                            + "ethtool -K " + rule.name() + " ntuple on; " + add);
        }
        List<String> argv = new ArrayList<>();
        if (rule.netns() != null) argv.addAll(List.of("ip", "netns", "exec", rule.netns()));
        argv.addAll(List.of("ethtool", "-n", rule.name()));
        Subprocess.Result r;
        try {
            r = Subprocess.run(argv);
        } catch (IOException e) {
            return Finding.unknown(item, "ethtool -n " + rule.name() + ": " + Reasons.of(e)
                    + " (ethtool lists the rules: apt-get install ethtool)");
        }
        if (r.exitCode() != 0) {
            return Finding.unknown(item, "ethtool -n " + rule.name() + ": " + r.failure());
        }
        List<Rule> rules = parse(r.stdout());
        for (Rule found : rules) {
            if (found.flowType().equals(n.flowType()) && found.dstPort() == n.dstPort() && found.queue() == n.queue()) {
                return Finding.held(item, "rule " + found.id() + " steers " + n.flowType() + " dst-port " + n.dstPort()
                        + " to queue " + n.queue());
            }
        }
        return Finding.violated(item, List.of(rules.size() + (rules.size() == 1 ? " rule" : " rules") + " on "
                + rule.name() + ", none steers " + n.flowType() + " dst-port " + n.dstPort() + " to queue " + n.queue()),
                List.of(), "add the rule: " + add);
    }

    /** One rule of {@code ethtool -n}: flow type as ethtool -N names it, destination port (-1: any), queue (-1: other action). */
    record Rule(int id, String flowType, int dstPort, int queue) {}

    /**
     * The rules {@code ethtool -n IF} prints, a block each:
     * <pre>
     * Filter: 1023
     *         Rule Type: UDP over IPv4
     *         ...
     *         Dest port: 7788 mask: 0x0
     *         Action: Direct to queue 2
     * </pre>
     */
    static List<Rule> parse(String text) {
        List<Rule> rules = new ArrayList<>();
        int id = -1;
        String type = null;
        int port = -1;
        int queue = -1;
        for (String raw : (text + "\nFilter: -1").split("\n")) {
            String line = raw.strip();
            if (line.startsWith("Filter:")) {
                if (id >= 0 && type != null) rules.add(new Rule(id, type, port, queue));
                id = number(line.substring("Filter:".length()));
                type = null;
                port = -1;
                queue = -1;
            } else if (line.startsWith("Rule Type:")) {
                type = flowType(line.substring("Rule Type:".length()).strip());
            } else if (line.startsWith("Dest port:")) {
                port = number(line.substring("Dest port:".length()).strip().split("\\s+")[0]);
            } else if (line.startsWith("Action: Direct to queue")) {
                queue = number(line.substring("Action: Direct to queue".length()));
            }
        }
        return rules;
    }

    private static String flowType(String ruleType) {
        return switch (ruleType) {
            case "UDP over IPv4" -> "udp4";
            case "UDP over IPv6" -> "udp6";
            case "TCP over IPv4" -> "tcp4";
            case "TCP over IPv6" -> "tcp6";
            default -> ruleType;
        };
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
