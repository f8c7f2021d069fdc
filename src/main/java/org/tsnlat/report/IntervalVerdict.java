package org.tsnlat.report;

import java.util.List;

/**
 * One interval of a run and what its evidence says of the clocks.
 *
 * @param index         interval number from the first received probe's (0; negative for probes received
 *                      before it, e.g. after a step of the receiver's clock); only intervals holding a probe
 * @param startNs       start, relative to the first probe's receive time
 * @param packets       probes received in it (duplicates not counted)
 * @param negatives     of which with a negative one-way latency
 * @param minLatencyNs  least one-way latency in it (meaningless when packets is 0)
 * @param maxLatencyNs  largest one-way latency in it
 * @param twoWayOffsetNs the two-way offset estimate of it, or null when none
 * @param trust         the verdict
 * @param reasons       why, one phrase each; empty when trusted
 */
public record IntervalVerdict(long index, long startNs, long packets, long negatives, long minLatencyNs,
                              long maxLatencyNs, Long twoWayOffsetNs, Trust trust, List<String> reasons) {}
