package org.tsnlat.wire;

import org.tsnlat.record.Timestamps;

/** Probes for tests. */
final class ProbeSamples {
    private ProbeSamples() {
    }

    /** A probe with every follow-up present. */
    static Probe probe(long sessionId, long seq) {
        Probe p = new Probe();
        p.sessionId = sessionId;
        p.seq = seq;
        p.scheduledNs = 1_000_000_000L + seq * 1_000_000L;
        p.appTxNs = p.scheduledNs + 2_000;
        p.fuSchedTxNs = seq == 0 ? Timestamps.ABSENT : p.scheduledNs - 997_000;
        p.fuSwTxNs = seq == 0 ? Timestamps.ABSENT : p.scheduledNs - 996_000;
        p.fuHwTxNs = seq == 0 ? Timestamps.ABSENT : p.scheduledNs - 995_000;
        return p;
    }
}
