/**
 * Text that came from outside (a datagram, ptp4l, a run directory's files, /proc) made safe to
 * show: {@link org.tsnlat.text.Untrusted} is the one place that escapes it for the terminal,
 * report.txt and the HTML report; {@link org.tsnlat.text.Addresses} writes addresses (IPv6 as RFC
 * 5952 says). Depends on nothing of tsnlat's.
 */
package org.tsnlat.text;
