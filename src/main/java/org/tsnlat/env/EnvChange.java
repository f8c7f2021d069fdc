package org.tsnlat.env;

/**
 * One difference between two snapshots.
 *
 * @param topic  the snapshot part: host, kernel, irqs, threads, net, ptp, pmqos
 * @param key    the field within it, path segments joined by spaces ("tsnlat-rx affinity")
 * @param before the value in the first snapshot, "(none)" when absent, "(unreadable: why)"
 * @param after  the value in the second, likewise
 */
public record EnvChange(String topic, String key, String before, String after) {
    /** The change reversed: what it would be comparing the snapshots the other way round. */
    public EnvChange reversed() {
        return new EnvChange(topic, key, after, before);
    }
}
