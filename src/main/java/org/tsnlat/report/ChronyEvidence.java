package org.tsnlat.report;

import java.util.List;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.sync.ChronySample;
import org.tsnlat.sync.ChronyTracking;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.time.Saturating;

/**
 * chronyd's own view on each side as evidence for an interval's verdict (docs/trust.md). Only
 * the samples taken within the interval count: an interval without one is no evidence either
 * way. Each of its samples must show chronyd answering, synchronised (leap status other than
 * "Not synchronised") and its system clock within {@link TrustThresholds#maxPtpOffsetNs()} of
 * its reference; else the interval is untrusted, with one reason a side naming chronyd.
 */
final class ChronyEvidence {
    private final SideEvidence<ChronySample> sides;

    ChronyEvidence(SyncLog.Contents sync, IntervalTable table) {
        this.sides = new SideEvidence<>(sync.chrony(), ChronySample::side, ChronySample::timeNs, table, ChronyEvidence::side);
    }

    /** The verdict chronyd's samples in interval {@code i} allow, their reasons added to {@code reasons}. */
    Trust judge(long i, TrustThresholds t, List<String> reasons) {
        return sides.judge(i, t, reasons);
    }

    private static Trust side(String who, List<ChronySample> samples, TrustThresholds t, List<String> reasons) {
        for (ChronySample s : samples) {
            String why = against(s, t);
            if (why != null) {
                reasons.add(who + " chronyd " + why);
                return Trust.UNTRUSTED;
            }
        }
        return Trust.TRUSTED;
    }

    /** What a sample says against the clock, or null. */
    static String against(ChronySample s, TrustThresholds t) {
        if (!s.ok() || s.tracking() == null) {
            return "not answering (" + s.error() + ")";
        }
        ChronyTracking k = s.tracking();
        if (ChronyTracking.NOT_SYNCHRONISED.equals(k.leapStatus())) {
            return "not synchronised (leap status " + k.leapStatus() + ", stratum " + k.stratum() + ", reference "
                    + k.refId() + ")";
        }
        if (Saturating.abs(k.offsetNs()) > t.maxPtpOffsetNs()) {
            return "system time offset " + UsecFormat.usec(k.offsetNs()) + " us beyond " + UsecFormat.usec(t.maxPtpOffsetNs())
                    + " us";
        }
        return null;
    }

    /** How the summary names this evidence, or null when the log has no chrony sample. */
    static String describe(SyncLog.Contents sync) {
        boolean tx = sync.chrony().stream().anyMatch(s -> "tx".equals(s.side()));
        boolean rx = sync.chrony().stream().anyMatch(s -> "rx".equals(s.side()));
        if (tx && rx) return "chronyd on both sides";
        if (tx) return "the sender's chronyd";
        if (rx) return "the receiver's chronyd";
        return null;
    }
}
