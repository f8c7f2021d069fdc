/**
 * Background load, as netperf's UDP_STREAM: a paced UDP stream generator and a sink that counts
 * what arrives. The latency that matters is measured under load; the load's own achieved
 * throughput is reported so a run says how hard the path was pushed.
 */
package org.tsnlat.load;
