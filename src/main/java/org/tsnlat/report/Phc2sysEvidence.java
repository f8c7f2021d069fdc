package org.tsnlat.report;

import java.util.List;
import org.tsnlat.stats.UsecFormat;
import org.tsnlat.sync.Phc2sysSample;
import org.tsnlat.sync.SyncLog;

/**
 * phc2sys's own view on each side, read from its log, as evidence for an interval's verdict
 * (docs/trust.md, rule 1c). Only the samples taken within the interval count: an interval without
 * one is no evidence either way. A sample whose log could not be read, whose lines show phc2sys
 * stepping the clock (state s1) or an |offset| beyond {@link TrustThresholds#maxPtpOffsetNs()}
 * untrusts the interval; one whose lines show the servo unlocked (s0), or that follows a silence
 * of more than {@value #MAX_SILENCE_S} s, makes it suspect. One reason a side, the worst.
 * Lines of the log that are not phc2sys's were skipped by the reader: counted, never judged.
 */
final class Phc2sysEvidence {
    /** phc2sys writes a line a second (-R 1, its default); this long without one, it is not running or not heard. */
    static final long MAX_SILENCE_S = 10;

    private final SideEvidence<Phc2sysSample> sides;

    Phc2sysEvidence(SyncLog.Contents sync, IntervalTable table) {
        this.sides = new SideEvidence<>(sync.phc2sys(), Phc2sysSample::side, Phc2sysSample::timeNs, table, Phc2sysEvidence::side);
    }

    /** The verdict phc2sys's samples in interval {@code i} allow, their reasons added to {@code reasons}. */
    Trust judge(long i, TrustThresholds t, List<String> reasons) {
        return sides.judge(i, t, reasons);
    }

    private static Trust side(String who, List<Phc2sysSample> samples, TrustThresholds t, List<String> reasons) {
        Trust worst = Trust.TRUSTED;
        String why = null;
        for (Phc2sysSample s : samples) {
            Trust trust = trust(s, t);
            if (trust.ordinal() > worst.ordinal()) {
                worst = trust;
                why = against(s, t);
            }
        }
        if (why != null) reasons.add(who + " phc2sys " + why);
        return worst;
    }

    private static Trust trust(Phc2sysSample s, TrustThresholds t) {
        if (!s.ok() || s.stepLines() > 0 || beyond(s, t)) return Trust.UNTRUSTED;
        if (s.unlockedLines() > 0 || silent(s)) return Trust.SUSPECT;
        return Trust.TRUSTED;
    }

    /** What a sample says against the clock, the worst first, or null. */
    static String against(Phc2sysSample s, TrustThresholds t) {
        if (!s.ok()) return "log not readable (" + s.error() + ")";
        if (s.stepLines() > 0) return "stepped the clock (state s1 in " + s.stepLines() + " lines)";
        if (beyond(s, t)) {
            return "offset up to " + UsecFormat.usec(s.maxAbsOffsetNs()) + " us beyond " + UsecFormat.usec(t.maxPtpOffsetNs())
                    + " us (" + s.clock() + ")";
        }
        if (s.unlockedLines() > 0) return "servo unlocked (state s0 in " + s.unlockedLines() + " lines)";
        if (silent(s)) return "log silent for " + s.silentNs() / 1_000_000_000L + " s (phc2sys stopped, or not writing there)";
        return null;
    }

    private static boolean beyond(Phc2sysSample s, TrustThresholds t) {
        return s.maxAbsOffsetNs() != null && org.tsnlat.time.Saturating.abs(s.maxAbsOffsetNs()) > t.maxPtpOffsetNs();
    }

    private static boolean silent(Phc2sysSample s) {
        return s.silentNs() > MAX_SILENCE_S * 1_000_000_000L;
    }

    /**
     * How the summary names this evidence, or null when the log has no phc2sys sample; with the
     * count of lines of phc2sys's log that were skipped as not its own.
     */
    static String describe(SyncLog.Contents sync) {
        boolean tx = sync.phc2sys().stream().anyMatch(s -> "tx".equals(s.side()));
        boolean rx = sync.phc2sys().stream().anyMatch(s -> "rx".equals(s.side()));
        String who = tx && rx ? "phc2sys on both sides" : tx ? "the sender's phc2sys" : rx ? "the receiver's phc2sys" : null;
        if (who == null) return null;
        long skipped = 0;
        for (Phc2sysSample s : sync.phc2sys()) skipped = org.tsnlat.time.Saturating.add(skipped, Math.max(0, s.skippedLines()));
        return skipped == 0 ? who : who + " (" + skipped + " lines of its log not phc2sys's, skipped)";
    }
}
