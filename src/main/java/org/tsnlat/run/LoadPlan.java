package org.tsnlat.run;

import java.net.InetSocketAddress;
import org.tsnlat.load.LoadSpec;

/**
 * Background load beside a measurement: a stream from the sender's side to a sink on the
 * receiver's side, for as long as the probes run.
 */
public record LoadPlan(LoadSpec spec, InetSocketAddress destination, InetSocketAddress sinkAt) {}
