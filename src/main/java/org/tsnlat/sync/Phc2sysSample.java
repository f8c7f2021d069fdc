package org.tsnlat.sync;

/**
 * One second of a side's phc2sys log, as stored in a run's sync log ({@code sync.jsonl}, kind
 * {@code phc2sys}; docs/sync-samples.md): what the lines phc2sys wrote since the last sample say.
 * The fields from {@code clock} on are null when the second had no offset or summary line.
 *
 * @param side           "tx" (the sender's host) or "rx" (the receiver's host)
 * @param timeNs         when the log was read, on that side's run clock
 * @param ok             whether the log could be read; when false only {@code error} is meaningful
 * @param error          why it could not, or null
 * @param lines          offset and summary lines read ({@link Phc2sysLine.Kind#OFFSET}, {@link Phc2sysLine.Kind#SUMMARY})
 * @param otherLines     other whole lines phc2sys (or a shared log) wrote, not used
 * @param skippedLines   lines skipped as not phc2sys's: cut, out of range, control characters, too long
 * @param silentNs       ns since the last offset or summary line was read (since the sampler started, before the first)
 * @param clock          the last line's clock ({@code CLOCK_REALTIME}, {@code eth0}, ...)
 * @param source         the last offset line's source label, {@code phc}, {@code sys} or {@code pps}
 * @param state          the last offset line's servo state, 0 to 3 ({@code s0} to {@code s3})
 * @param offsetNs       the last offset line's offset: the clock minus its source, ns
 * @param maxAbsOffsetNs the largest |offset| of the second's lines (of a summary: its max)
 * @param freqPpb        the last line's frequency adjustment, ppb
 * @param delayNs        the last line's delay of reading the source, ns; null when it gives none
 * @param unlockedLines  offset lines in state {@code s0} (the servo unlocked)
 * @param stepLines      offset lines in state {@code s1} (phc2sys stepping the clock)
 */
public record Phc2sysSample(String side, long timeNs, boolean ok, String error, long lines, long otherLines,
                            long skippedLines, long silentNs, String clock, String source, Integer state, Long offsetNs,
                            Long maxAbsOffsetNs, Long freqPpb, Long delayNs, long unlockedLines, long stepLines) {
    public static Phc2sysSample failed(String side, long timeNs, String error, long silentNs) {
        return new Phc2sysSample(side, timeNs, false, error, 0, 0, 0, silentNs, null, null, null, null, null, null, null,
                0, 0);
    }
}
