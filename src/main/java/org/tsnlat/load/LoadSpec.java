package org.tsnlat.load;

import java.util.BitSet;

/**
 * A background UDP stream.
 *
 * @param rateBitsPerSecond target rate of UDP payload bits; 0 for as fast as the sender can
 * @param sizeBytes         UDP payload size of each datagram
 * @param soPriority        SO_PRIORITY of the stream's socket (its egress traffic class), -1 to leave it
 * @param generatorCpus     CPUs the generator's thread is pinned to, null to leave its affinity alone
 * @param sinkCpus          CPUs the sink's thread is pinned to, null to leave its affinity alone (on the
 *                          receiver's CPU it competes with the receiver, as a busy application on a guest's vCPU does)
 */
public record LoadSpec(long rateBitsPerSecond, int sizeBytes, int soPriority, BitSet generatorCpus, BitSet sinkCpus) {
    public static final int DEFAULT_SIZE_BYTES = 1472;

    public LoadSpec {
        if (rateBitsPerSecond < 0) throw new org.tsnlat.exit.UsageException("load rate must be 0 (unlimited) or more");
        if (sizeBytes < 1 || sizeBytes > 65507) throw new org.tsnlat.exit.UsageException("load size must be 1-65507 bytes");
        generatorCpus = generatorCpus == null ? null : (BitSet) generatorCpus.clone();
        sinkCpus = sinkCpus == null ? null : (BitSet) sinkCpus.clone();
    }

    /** A stream whose threads keep the affinity they start with. */
    public LoadSpec(long rateBitsPerSecond, int sizeBytes, int soPriority) {
        this(rateBitsPerSecond, sizeBytes, soPriority, null, null);
    }

    /** "100mbit", "1.5gbit", "800kbit", "0" (unlimited), or a bare number of bits per second. */
    public static long parseRate(String text) {
        return org.tsnlat.time.BitRate.parse(text);
    }

    public static String formatRate(double bitsPerSecond) {
        if (bitsPerSecond >= 1e9) return String.format("%.2f Gbit/s", bitsPerSecond / 1e9);
        if (bitsPerSecond >= 1e6) return String.format("%.2f Mbit/s", bitsPerSecond / 1e6);
        return String.format("%.1f kbit/s", bitsPerSecond / 1e3);
    }
}
