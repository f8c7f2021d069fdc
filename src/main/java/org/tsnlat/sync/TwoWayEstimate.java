package org.tsnlat.sync;

/**
 * The in-band two-way estimate of one interval, NTP-style from reflected probes: for each
 * reflection t1 (sender sends), t2 (receiver receives), t3 (receiver sends back), t4 (sender
 * receives), delay = (t4 - t1) - (t3 - t2) and offset = ((t2 - t1) + (t3 - t4)) / 2, the
 * receiver's clock minus the sender's. The interval keeps the sample of least delay (the one
 * least disturbed by queueing), as NTP's clock filter does.
 *
 * @param timeNs    sender's clock at the end of the interval
 * @param samples   reflections completed in the interval
 * @param offsetNs  offset of the least-delay sample (receiver minus sender)
 * @param delayNs   round-trip delay of that sample, without the receiver's turnaround
 */
public record TwoWayEstimate(long timeNs, int samples, long offsetNs, long delayNs) {}
