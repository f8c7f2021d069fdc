package org.tsnlat.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.tsnlat.exit.Reasons;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.RecordFormatException;
import org.tsnlat.record.RecordHeader;
import org.tsnlat.record.RecordKind;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunMeta;

/**
 * Whether a run directory's record files are the ones its meta.json describes, and what reading
 * them showed: each problem is one line of damage naming the file and why (missing, another
 * run's or another side's, cut short, damaged or impossible records), so a report never takes a
 * damaged file's figures as the run's without saying so.
 */
final class RecordFiles {
    private RecordFiles() {}

    /**
     * Whether {@code name} can be read as this run's {@code kind} records; when not, why is in
     * {@code damage} (a file the role does not write is not expected, and its absence no damage;
     * neither is the absence of any file in a run killed before it made them, nor a file shorter
     * than its header in such a run: that is a note in {@code notes}).
     */
    static boolean usable(RunDirectory dir, String name, RecordKind kind, RunMeta meta, boolean expected,
                          List<String> damage, List<String> notes) {
        Path f = dir.file(name);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            if (expected && meta.end() != null) damage.add(name + ": missing");
            return false;
        }
        if (!expected) return false;
        try (RecordFileReader r = RecordFileReader.open(f)) {
            RecordHeader h = r.header();
            if (h.kind() != kind) {
                damage.add(name + ": holds " + switch (h.kind()) {
                    case TX -> "sender";
                    case RX -> "receiver";
                    case REFLECT -> "reflection";
                }
                        + " records (its header says " + h.kind() + "); not read");
                return false;
            }
            if (h.version() >= 2 && meta.start() != null && h.startNs() != meta.start().clockNs()) {
                // from version 2 on, a run writes its meta.json start time into its record files' headers
                damage.add(name + ": records of a run that started at " + h.startNs() + ", not of this one (started at "
                        + meta.start().clockNs() + "; a file of another run?); not read");
                return false;
            }
            String session = meta.sessionId();
            if (h.sessionId() != 0 && session != null && !sameSession(session, h.sessionId())) {
                damage.add(name + ": records of session " + String.format("%016x", h.sessionId()) + ", not of this run's "
                        + session + " (a file of another run?); not read");
                return false;
            }
            return true;
        } catch (RecordFormatException e) {
            if (e.isHeaderCutShort() && meta.end() == null) {
                // the writer creates the file, then writes its header: a kill between the two leaves this
                notes.add(e.getMessage().replace(f.toString(), name)
                        + ": the run was killed as it created the file, before any record");
            } else {
                damage.add(e.getMessage().replace(f.toString(), name) + "; not read");
            }
            return false;
        } catch (IOException e) {
            damage.add(name + ": cannot read (" + Reasons.of(e) + "); not read");
            return false;
        }
    }

    /** Whether meta.json's session id (hex, as written) names {@code id}; text that is no hex id names none. */
    private static boolean sameSession(String hex, long id) {
        try {
            return Long.parseUnsignedLong(hex.strip(), 16) == id;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** What the last pass over {@code r} showed: damaged and impossible records, a file cut short, a partial record. */
    static void afterRead(String name, RecordFileReader r, RecordPass pass, RunMeta meta, List<String> damage,
                          List<String> notes) {
        String checksums = r.damageNote();
        if (checksums != null) damage.add(checksums);
        Plausible.Skips skips = pass.skipped();
        if (skips.count() > 0) {
            damage.add(name + ": " + skips.count() + " records no run can have written (no receive time, no schedule, "
                    + "or a sequence number beyond 2^63), the first at record " + skips.first() + "; left out");
        }
        RunMeta.End end = meta.end();
        Long written = end != null && end.records() != null ? end.records().get(name) : null;
        if (written != null && r.wholeRecords() < written) {
            damage.add(name + ": " + r.wholeRecords() + " of the " + written + " records the run wrote; cut short "
                    + "after the run (the others are not in these figures)");
        }
        if (r.trailingBytes() > 0) {
            String partial = name + ": " + r.wholeRecords() + " whole records, then " + r.trailingBytes()
                    + " bytes of a partial record";
            if (end == null) {
                notes.add(partial + " (cut off while writing)");
            } else if (end.filledDisk()) {
                notes.add(partial + " (the disk filled)");
            } else {
                damage.add(partial + ", in a file the run closed whole");
            }
        }
    }
}
