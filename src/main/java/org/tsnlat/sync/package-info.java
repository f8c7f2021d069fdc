/**
 * Whether the clocks of the two hosts can be trusted, as ptp4l sees it.
 *
 * <p>A one-way latency is a difference between two hosts' clocks, so it is only as good as
 * their synchronization. This package reads ptp4l's own view of it (port state, grandmaster,
 * master offset, path delay, time properties) over ptp4l's management socket, the way
 * linuxptp's {@code pmc} does, in three layers: the message codec
 * ({@link org.tsnlat.sync.PtpManagementCodec} and the data set records), a stateful client
 * with timeouts ({@link org.tsnlat.sync.PtpManagementClient}) and, above this package, the
 * {@code tsnlat ptp} command.
 *
 * <p>It only ever sends GET requests: it never steers, steps or configures a clock, and never
 * changes ptp4l's settings. Wire names follow IEEE 1588 ({@code domainNumber},
 * {@code sequenceId}, {@code managementId}) so the code reads like the standard; the layouts
 * are in {@code docs/ptp.md} and next to each decoder.
 */
package org.tsnlat.sync;
