/**
 * The run directory: one per measurement, holding {@code meta.json}, the per-packet record files
 * and the reports, so that {@code tsnlat report} can re-derive every figure from it alone.
 * Its layout is documented in {@code docs/run-directory.md}.
 */
package org.tsnlat.rundir;
