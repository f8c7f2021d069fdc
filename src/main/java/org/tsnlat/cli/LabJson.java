package org.tsnlat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tsnlat.lab.LabState;
import org.tsnlat.rundir.RunDirectory;

/** How a run's meta.json describes the lab it ran in. */
final class LabJson {
    private LabJson() {}

    static String summary(LabState s) {
        String shaping = s.shaping() == null ? "no shaping" : s.shaping() + " on the talker's " + s.bottleneck().interfaceName();
        return s.topology().name().toLowerCase(java.util.Locale.ROOT) + ", " + shaping
                + (s.probeSoPriority() >= 0 ? ", probes in htb class 1:10" : "");
    }

    static JsonNode describe(LabState s) {
        ObjectNode n = RunDirectory.json().createObjectNode();
        n.put("summary", summary(s));
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
