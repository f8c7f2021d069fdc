/**
 * A testbed on one host: a talker and a listener in their own network namespaces, joined by a
 * veth pair, a Linux bridge or macvlan, with an optional shaped bottleneck (tbf or htb) and
 * optional ptp4l on both ends, so latency under load can be measured without a second machine.
 *
 * <p>The lab drives iproute2 ({@code ip}, {@code tc}) and linuxptp ({@code ptp4l}, {@code pmc})
 * as subprocesses and reads their state as JSON. Before it makes anything it writes a state
 * file naming what it will make, and records each thing as it is made, so {@link
 * org.tsnlat.lab.Lab#down} removes exactly what exists, also after a crash. Everything lives in
 * namespaces the lab created; the root namespace gets no link, address or route. ptp4l runs
 * with {@code free_running 1} and never steers a clock. See {@code docs/lab.md}.
 */
package org.tsnlat.lab;
