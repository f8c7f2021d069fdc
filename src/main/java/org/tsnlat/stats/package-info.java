/**
 * Statistics of measured metrics and packet accounting, kept exact where it matters.
 *
 * <p>Why this package exists: the field reports that motivated tsnlat printed a negative
 * latency of -39 ns as {@code 18446744073709551.577} us (unsigned arithmetic) and silently
 * dropped negative samples. Here every value is a signed 64-bit count of nanoseconds;
 * negative values are data (a negative one-way latency means the clocks disagree) and are
 * never wrapped, clamped or dropped from the exact figures.
 *
 * <ul>
 *   <li>{@link org.tsnlat.stats.MetricStats} accumulates one metric in the hot loop without
 *       allocating: exact count, min, max (with the seq and time of each), exact 128-bit sums
 *       for mean and population standard deviation, and a signed HdrHistogram for
 *       percentiles at 3 significant digits.</li>
 *   <li>{@link org.tsnlat.stats.MetricSummary} is the immutable, JSON-friendly result.</li>
 *   <li>{@link org.tsnlat.stats.SeqTracker} and {@link org.tsnlat.stats.PacketCounts} account
 *       for received, duplicated, reordered and lost probes from their sequence numbers.</li>
 *   <li>{@link org.tsnlat.stats.UsecFormat} and {@link org.tsnlat.stats.PercentileLine} print
 *       microseconds from integer nanoseconds without floating point surprises.</li>
 * </ul>
 *
 * <p>This package does not touch {@code java.lang.foreign}; only {@code org.tsnlat.linux} does.
 */
package org.tsnlat.stats;
