package org.tsnlat.load;

/**
 * What a load stream achieved.
 *
 * @param sentDatagrams     datagrams the kernel accepted
 * @param sentBytes         their payload bytes
 * @param refusedSends      sends the kernel refused (queue full: ENOBUFS/EAGAIN, or no receiver)
 * @param receivedDatagrams datagrams the sink counted (-1 when no sink was run here)
 * @param receivedBytes     their payload bytes
 * @param durationNs        how long the generator ran
 * @param unpinned          why a thread asked to be pinned ran unpinned, null when none did
 */
public record LoadResult(long sentDatagrams, long sentBytes, long refusedSends, long receivedDatagrams,
                         long receivedBytes, long durationNs, String unpinned) {
    /** The same figures, with why a thread ran unpinned (null: none did). */
    public LoadResult withUnpinned(String why) {
        return new LoadResult(sentDatagrams, sentBytes, refusedSends, receivedDatagrams, receivedBytes, durationNs, why);
    }

    public double sentBitsPerSecond() {
        return durationNs <= 0 ? 0 : sentBytes * 8e9 / durationNs;
    }

    public double receivedBitsPerSecond() {
        return durationNs <= 0 || receivedBytes < 0 ? 0 : receivedBytes * 8e9 / durationNs;
    }

    public String describe() {
        String s = "load sent " + sentDatagrams + " datagrams (" + LoadSpec.formatRate(sentBitsPerSecond()) + ")";
        if (refusedSends > 0) s += ", " + refusedSends + " sends refused by the kernel";
        if (receivedDatagrams >= 0) {
            s += ", received " + receivedDatagrams + " (" + LoadSpec.formatRate(receivedBitsPerSecond()) + ")";
        }
        if (unpinned != null) s += "; " + unpinned;
        return s;
    }
}
