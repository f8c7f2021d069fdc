/**
 * The host set-up as a plan: declared in a YAML file ({@link org.tsnlat.tune.HostPlan}, the one
 * owner of its keys), checked item by item before a run (held, violated with the evidence, or
 * unknown and why), applied where a change at run time can make it hold, and undone exactly from
 * the state file of what was changed ({@link org.tsnlat.tune.TuneState}).
 *
 * <p>Why: a latency figure means something only on the host set-up it was measured on, and
 * set-ups drift (a restarted VM gets new vhost and vCPU threads on every CPU; a driver reload
 * spreads its IRQs again). Every check reads /proc and /sys; the only writes are in {@link
 * org.tsnlat.tune.Tuner#apply} and {@link org.tsnlat.tune.Tuner#undo}. Syscalls go through
 * org.tsnlat.linux. docs/tune.md describes the plan, the output and the state file. A measurement
 * held to a plan ({@code --plan}) reads it as a {@link org.tsnlat.tune.RunPlan}, with its digest.
 */
package org.tsnlat.tune;
