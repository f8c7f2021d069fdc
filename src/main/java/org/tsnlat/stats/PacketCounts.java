package org.tsnlat.stats;

/**
 * Packet accounting of one receive session, as {@link SeqTracker#counts()} reports it.
 *
 * @param received unique sequence numbers received (duplicates not counted)
 * @param duplicates extra copies of sequence numbers already received within the window
 * @param reordered unique probes that arrived after a probe with a higher sequence number
 * @param lost {@code expected - received}, never negative; an upper bound when
 *     {@code tooOld > 0}, since a too-old probe may have been a first copy
 * @param expected the sender's announced total when {@code totalAnnounced}, else the highest
 *     sequence number seen plus one (0 when nothing arrived)
 * @param totalAnnounced whether the end-of-session probe announced the total sent
 * @param tooOld probes whose sequence number fell behind the duplicate-detection window; they
 *     are counted neither as received nor as duplicates
 */
public record PacketCounts(
        long received,
        long duplicates,
        long reordered,
        long lost,
        long expected,
        boolean totalAnnounced,
        long tooOld) {
}
