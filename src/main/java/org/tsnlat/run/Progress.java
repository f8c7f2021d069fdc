package org.tsnlat.run;

import java.net.InetSocketAddress;
import org.tsnlat.rundir.RunDirectory;

/**
 * What a measurement tells its user while it runs, before the summary: the command line prints
 * these; tests listen to them. Every method is called on a thread that is not a packet loop.
 */
public interface Progress {
    /**
     * Every check that can be made before the JIT warm-up has passed; the warm-up starts, bounded
     * by {@code boundNs}: before the first probe, or (when {@code beside}) on threads of its own
     * beside the measurement's warm-up, whose probes are kept out of the figures.
     */
    default void warmingUp(long boundNs, boolean beside) {}

    /**
     * The loops run: a receiver is receiving at {@code listening} (null for a sender alone), a
     * sender's first probe is due. The run directory's {@value RunDirectory#READY} file says the same.
     */
    default void ready(RunDirectory dir, String listening) {}

    /** A line to show at once (sends began to fail, the JIT warm-up failed, ...). */
    default void warn(String line) {}

    /** Tells nobody. */
    Progress NONE = new Progress() {};
}
