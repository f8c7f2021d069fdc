package org.tsnlat.sync;

/**
 * One reading of a side's chronyd ({@code tracking}), as stored in a run's sync log
 * ({@code sync.jsonl}, kind {@code chrony}; docs/sync-samples.md).
 *
 * @param side     "tx" (the sender's host) or "rx" (the receiver's host)
 * @param timeNs   when it was read, on that side's run clock
 * @param ok       whether chronyd answered; when false only {@code error} is meaningful
 * @param error    why there is no answer, or null
 * @param tracking what chronyd answered, null when not ok
 */
public record ChronySample(String side, long timeNs, boolean ok, String error, ChronyTracking tracking) {
    public static ChronySample of(String side, long timeNs, ChronyTracking t) {
        return new ChronySample(side, timeNs, true, null, t);
    }

    public static ChronySample failed(String side, long timeNs, String error) {
        return new ChronySample(side, timeNs, false, error, null);
    }
}
