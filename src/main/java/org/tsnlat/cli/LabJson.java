package org.tsnlat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tsnlat.lab.LabState;
import org.tsnlat.rundir.RunDirectory;

/** How a run's meta.json describes the lab it ran in. */
final class LabJson {
    private LabJson() {}

    static String summary(LabState s) {
        return summary(s, s.probeSoPriority() >= 0 ? "1:10" : null);
    }

    /** ... with the probes in htb class {@code probeClass} (and why, when not the probe class), or none said (null). */
    static String summary(LabState s, String probeClass) {
        String shaping = s.shaping() == null ? "no shaping" : s.shaping() + " on the talker's " + s.bottleneck().interfaceName();
        return s.topology().name().toLowerCase(java.util.Locale.ROOT) + ", " + shaping
                + (probeClass != null ? ", probes in htb class " + probeClass : "");
    }

    static JsonNode describe(LabState s) {
        return describe(s, s.probeSoPriority() >= 0 ? "1:10" : null);
    }

    static JsonNode describe(LabState s, String probeClass) {
        ObjectNode n = RunDirectory.json().createObjectNode();
        n.put("summary", summary(s, probeClass));
        n.put("name", s.name());
        n.put("topology", s.topology().name().toLowerCase(java.util.Locale.ROOT));
        n.set("shaping", RunDirectory.json().valueToTree(s.shaping()));
        n.set("namespaces", RunDirectory.json().valueToTree(s.namespaces()));
        n.put("probeSoPriority", s.probeSoPriority());
        if (s.guest() != null && s.guest().qemuPid() != null) {
            // the VM lab's QEMU as it runs at the start: vCPU and vhost threads, tap, bridge, command line
            n.set("guest", RunDirectory.json().valueToTree(org.tsnlat.lab.Lab.guestProcess(s)));
        }
        return n;
    }
}
