package org.tsnlat.tune;

import java.util.List;

/**
 * What {@code tune check} found for one item of a plan: held, violated (with the evidence, such as
 * "IRQ 45 eth0-rx-2 on CPU 0, plan says 2") or unknown (with the reason it could not be told).
 *
 * @param item     the item as the plan names it, such as "thread vhost-*" or "kernel isolcpus"
 * @param status   held, violated or unknown
 * @param evidence what was found: for a violated item each thing that differs, else one line
 * @param fixes    what {@code tune apply} changes to make a violated item hold (empty: nothing at run time)
 * @param manual   for a violated item apply cannot fix, what to do instead (a boot line, a command); else null
 */
public record Finding(String item, Status status, List<String> evidence, List<Change> fixes, String manual) {
    /** The verdict of one item. */
    public enum Status { HELD, VIOLATED, UNKNOWN }

    public Finding {
        evidence = List.copyOf(evidence);
        fixes = List.copyOf(fixes);
    }

    static Finding held(String item, String evidence) {
        return new Finding(item, Status.HELD, List.of(evidence), List.of(), null);
    }

    static Finding unknown(String item, String reason) {
        return new Finding(item, Status.UNKNOWN, List.of(reason), List.of(), null);
    }

    static Finding violated(String item, List<String> evidence, List<Change> fixes, String manual) {
        return new Finding(item, Status.VIOLATED, evidence, fixes, manual);
    }
}
