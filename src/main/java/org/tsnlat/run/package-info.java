/**
 * The measurement itself: the sending and receiving loops (allocation-free, one clock read per
 * step, no I/O), the recorder thread that writes and analyses their records, thread and process
 * tuning, and the lifecycle of a run from directory creation to the written reports.
 */
package org.tsnlat.run;
