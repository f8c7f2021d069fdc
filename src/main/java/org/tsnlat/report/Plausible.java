package org.tsnlat.report;

import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.Timestamps;

/**
 * Records that no tsnlat run can have written, whatever the network or the clocks did: they are
 * left out of every figure and counted as damage. A receiver record always has its application
 * receive time, a sender record its schedule, and sequence numbers are below 2^63. What a faulty
 * clock can write (a latency of 30 days after a step) is plausible here: the trust verdicts judge it.
 */
final class Plausible {
    private Plausible() {}

    static boolean rx(PacketRecord r) {
        return r.seq >= 0 && (Timestamps.present(r.appRxNs) || Timestamps.present(r.swRxNs) || Timestamps.present(r.hwRxNs));
    }

    static boolean tx(PacketRecord r) {
        return r.seq >= 0 && Timestamps.present(r.scheduledNs);
    }

    /** Counts the records a pass left out, and where the first was. */
    static final class Skips {
        private long count;
        private long first = -1;

        void skip(long recordIndex) {
            if (first < 0) first = recordIndex;
            count++;
        }

        long count() {
            return count;
        }

        long first() {
            return first;
        }
    }
}
