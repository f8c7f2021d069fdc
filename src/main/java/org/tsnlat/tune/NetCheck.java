package org.tsnlat.tune;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.tsnlat.linux.Cpus;

/**
 * The plan's receive steering of each interface: RPS and XPS masks and RFS flow counts of its
 * queues (/sys/class/net/IF/queues/rx-N/rps_cpus, rps_flow_cnt, tx-N/xps_cpus), in the interface's
 * network namespace, and its ethtool ntuple rules ({@link NtupleCheck}). A queue key "*" is every
 * queue of that direction. A queue or file the device lacks is unknown, with the kernel's reason.
 */
final class NetCheck {
    private NetCheck() {
    }

    /** What a queue file holds and how to compare it with the plan. */
    private interface Setting {
        /** Null when {@code now} is what {@code planned} asks for, else how it differs. */
        String differs(String now, String planned);

        /** The text to write for {@code planned}. */
        String written(String planned);
    }

    private static final Setting MASK = new Setting() {
        @Override
        public String differs(String now, String planned) {
            BitSet has = CpuMask.parse(now);
            BitSet want = Cpus.parseList(planned);
            return has.equals(want) ? null : now + " (" + CpuMask.words(has) + "), plan says "
                    + (want.isEmpty() ? "none" : Cpus.formatList(want)) + " (mask " + CpuMask.format(want) + ")";
        }

        @Override
        public String written(String planned) {
            return CpuMask.format(Cpus.parseList(planned));
        }
    };

    private static final Setting COUNT = new Setting() {
        @Override
        public String differs(String now, String planned) {
            return Long.parseLong(now.strip()) == Long.parseLong(planned) ? null : now.strip() + ", plan says " + planned;
        }

        @Override
        public String written(String planned) {
            return planned;
        }
    };

    static List<Finding> check(List<HostPlan.InterfaceRule> rules) {
        List<Finding> findings = new ArrayList<>();
        for (HostPlan.InterfaceRule rule : rules) {
            String where = rule.name() + (rule.netns() == null ? "" : " (netns " + rule.netns() + ")");
            String dir = "/sys/class/net/" + rule.name() + "/queues";
            List<String> why = new ArrayList<>();
            List<String> queues = hasQueueFiles(rule) ? SysFiles.list(rule.netns(), dir, why) : List.of();
            String missing = queues == null ? "no interface " + where + ": " + dir + ": " + why.getFirst() : null;
            queueItems(findings, rule, where, queues, missing, "rx", "rps_cpus", strings(rule.rps()), MASK);
            queueItems(findings, rule, where, queues, missing, "tx", "xps_cpus", strings(rule.xps()), MASK);
            queueItems(findings, rule, where, queues, missing, "rx", "rps_flow_cnt", strings(rule.rpsFlowCnt()), COUNT);
            if (rule.ntuple() != null) {
                for (HostPlan.Ntuple n : rule.ntuple()) findings.add(NtupleCheck.check(rule, where, n));
            }
        }
        return findings;
    }

    static Finding sockFlowEntries(HostPlan.Rfs rfs) {
        String path = "/proc/sys/net/core/rps_sock_flow_entries";
        String item = "rfs sockFlowEntries";
        SysFiles.Text now = SysFiles.read(null, path);
        if (!now.ok()) return Finding.unknown(item, path + ": " + now.failure());
        String planned = Integer.toString(rfs.sockFlowEntries());
        String differs = COUNT.differs(now.value(), planned);
        return differs == null ? Finding.held(item, path + " " + now.value().strip())
                : Finding.violated(item, List.of(path + " " + differs),
                        List.of(new Change(Change.FILE, "rps_sock_flow_entries", null, path, null, null, null,
                                now.value().strip(), planned)), null);
    }

    private static boolean hasQueueFiles(HostPlan.InterfaceRule r) {
        return r.rps() != null || r.xps() != null || r.rpsFlowCnt() != null;
    }

    private static Map<String, String> strings(Map<String, ?> m) {
        if (m == null) return Map.of();
        Map<String, String> s = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> s.put(k, v == null ? "" : v.toString()));
        return s;
    }

    private static void queueItems(List<Finding> findings, HostPlan.InterfaceRule rule, String where,
            List<String> queues, String missing, String direction, String file, Map<String, String> planned,
            Setting setting) {
        planned.forEach((key, want) -> {
            String item = "interface " + where + " " + direction + "-" + key + " " + file;
            if (missing != null) {
                findings.add(Finding.unknown(item, missing));
                return;
            }
            List<String> names = queues.stream().filter(q -> key.equals("*") ? q.startsWith(direction + "-")
                    : q.equals(direction + "-" + key)).toList();
            if (names.isEmpty()) {
                findings.add(Finding.unknown(item, rule.name() + " has no queue " + direction + "-" + key));
                return;
            }
            List<String> evidence = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            List<Change> fixes = new ArrayList<>();
            List<String> held = new ArrayList<>();
            for (String q : names) {
                String path = "/sys/class/net/" + rule.name() + "/queues/" + q + "/" + file;
                SysFiles.Text now = SysFiles.read(rule.netns(), path);
                if (!now.ok()) {
                    unreadable.add(q + " " + file + ": " + now.failure());
                    continue;
                }
                String differs;
                try {
                    differs = setting.differs(now.value(), want);
                } catch (IllegalArgumentException e) {
                    unreadable.add(q + " " + file + ": " + e.getMessage());
                    continue;
                }
                if (differs == null) {
                    held.add(q + " " + now.value().strip());
                } else {
                    evidence.add(rule.name() + " " + q + " " + file + " " + differs);
                    fixes.add(new Change(Change.FILE, rule.name() + " " + q + " " + file, rule.netns(), path, null, null,
                            null, now.value().strip(), setting.written(want)));
                }
            }
            if (!evidence.isEmpty()) {
                evidence.addAll(unreadable);
                findings.add(Finding.violated(item, evidence, fixes, null));
            } else if (!unreadable.isEmpty()) {
                findings.add(new Finding(item, Finding.Status.UNKNOWN, unreadable, List.of(), null));
            } else {
                findings.add(Finding.held(item, String.join(", ", held)));
            }
        });
    }
}
