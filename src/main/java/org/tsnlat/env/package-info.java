/**
 * The host environment of a run: what it was, and what changed since another run.
 *
 * <p>A latency figure that cannot be reproduced is worthless unless one can say what was
 * different: a boot parameter, a thread's CPU, a qdisc, an offload, PTP. {@link
 * org.tsnlat.env.EnvCollector} takes an {@link org.tsnlat.env.EnvSnapshot} of /proc, /sys,
 * ethtool and tc (one small probe class per topic), recording what it cannot read instead of
 * failing; {@link org.tsnlat.env.EnvDiff} compares two snapshots field by field and leaves out
 * what changes by nature (pids, counters, times), so that "no differences" means the same set-up.
 * docs/environment.md lists every field.
 */
package org.tsnlat.env;
