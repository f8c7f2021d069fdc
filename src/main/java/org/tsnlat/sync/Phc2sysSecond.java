package org.tsnlat.sync;

/**
 * What the phc2sys lines of one second say, gathered line by line and handed over as one
 * {@link Phc2sysSample} (then started again). Not thread-safe: the sampler's thread alone uses it.
 */
final class Phc2sysSecond {
    private long lines;
    private long otherLines;
    private long skippedLines;
    private long unlockedLines;
    private long stepLines;
    private long maxAbsOffsetNs = -1;
    /** The last offset or summary line; the last offset line. Null while there is none. */
    private Phc2sysLine last;
    private Phc2sysLine lastOffset;

    void add(Phc2sysLine l) {
        switch (l.kind()) {
            case OTHER -> otherLines++;
            case SKIPPED -> skippedLines++;
            case OFFSET, SUMMARY -> {
                lines++;
                last = l;
                maxAbsOffsetNs = Math.max(maxAbsOffsetNs, Math.abs(l.offsetNs())); // no -2^63: Phc2sysLine refuses it
                if (l.kind() == Phc2sysLine.Kind.OFFSET) {
                    lastOffset = l;
                    if (l.state() == 0) unlockedLines++;
                    if (l.state() == 1) stepLines++;
                }
            }
        }
    }

    /** Whether an offset or summary line came since the last sample. */
    boolean anyLine() {
        return lines > 0;
    }

    /** The second as a sample, and a new second begun. */
    Phc2sysSample sample(String side, long timeNs, long silentNs) {
        Phc2sysLine o = lastOffset;
        Phc2sysSample s = new Phc2sysSample(side, timeNs, true, null, lines, otherLines, skippedLines, silentNs,
                last == null ? null : last.clock(), o == null ? null : o.source(), o == null ? null : o.state(),
                o == null ? null : o.offsetNs(), last == null ? null : maxAbsOffsetNs, last == null ? null : last.freqPpb(),
                last == null || last.delayNs() < 0 ? null : last.delayNs(), unlockedLines, stepLines);
        lines = otherLines = skippedLines = unlockedLines = stepLines = 0;
        maxAbsOffsetNs = -1;
        last = lastOffset = null;
        return s;
    }
}
