package org.tsnlat.run;

import java.util.Map;
import java.util.function.Supplier;
import org.tsnlat.metrics.LiveMetrics;
import org.tsnlat.metrics.MetricsEndpoint;
import org.tsnlat.record.Timestamps;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.report.TxAnalysis;

/**
 * Feeds a measurement's live analyses to its {@code --metrics} endpoint, on the recorder thread:
 * each probe after the warm-up into the histograms as the analyses see it, the counts and the
 * clocks once a second ({@link #everySecond}), and once more when closed, after the recorder has
 * drained every record: then the endpoint serves the final figures ({@code tsnlat_ended} 1).
 */
final class MetricsFeed implements AutoCloseable {
    private final MetricsEndpoint endpoint;
    private final LiveMetrics metrics;
    private final RxAnalysis rx;
    private final TxAnalysis tx;
    private final LiveTrust trust;
    private final Supplier<Map<String, Long>> rejected;
    private final java.util.function.LongSupplier sent;
    /** With --txtime: the sender's launch-time drops so far by reason; else null. */
    private final Supplier<Map<String, Long>> launchTimeDrops;
    /** The last second's trust guess (recorder thread; read again at close, after it stopped). */
    private volatile String lastVerdict = "?";

    /**
     * @param rx       the receiver's live analysis, or null
     * @param tx       the sender's live analysis, or null
     * @param rejected the receiver's refused datagrams by reason so far (any thread)
     * @param sent     the probes the sender handed to the kernel so far, as report.json's {@code sender.sent} counts
     *                 them (any thread; its records may lag, or be lost to a full pipe)
     * @param launchTimeDrops with launch times ({@link TxAnalysis#launchTimes()}): the launch-time drops so far by
     *                 reason, as report.json's {@code sender.launchTimeDrops} counts them (any thread)
     */
    MetricsFeed(MetricsEndpoint endpoint, Map<String, String> labels, RxAnalysis rx, TxAnalysis tx, LiveTrust trust,
                Supplier<Map<String, Long>> rejected, java.util.function.LongSupplier sent,
                Supplier<Map<String, Long>> launchTimeDrops) {
        this.endpoint = endpoint;
        this.metrics = endpoint.feed(labels);
        this.rx = rx;
        this.tx = tx;
        this.trust = trust;
        this.rejected = rejected;
        this.sent = sent;
        this.launchTimeDrops = tx != null && tx.launchTimes() ? launchTimeDrops : null;
        if (this.launchTimeDrops != null) metrics.launchTime();
        if (rx != null) {
            rx.observe(d -> {
                if (d.duplicate || d.warmup) return;
                if (d.latencyNs != Timestamps.ABSENT) metrics.latency(d.latencyNs);
                if (d.deltaNs != Timestamps.ABSENT) metrics.delta(d.deltaNs);
            });
        }
        if (tx != null) {
            tx.observe((r, first, late, warmup) -> {
                if (warmup) return;
                if (Timestamps.present(r.wakeNs)) metrics.wake(r.wakeNs - r.scheduledNs);
                if (this.launchTimeDrops != null) {
                    long launch = tx.launchNs(r);
                    if (launch != Timestamps.ABSENT) metrics.launch(launch);
                }
            });
        }
    }

    /** Once a second on the recorder thread, with the trust of the second just gone ({@link LiveTrust#take}). */
    void everySecond(String verdict) {
        lastVerdict = verdict;
        counts();
    }

    private void counts() {
        if (rx != null) {
            var c = rx.counts();
            metrics.receiver(c.received(), c.duplicates(), c.reordered(), rx.negativeLatencies(), c.lost(), c.expected(),
                    rejected.get());
        }
        if (tx != null) metrics.sender(sent.getAsLong(), tx.lateWakeups(), tx.sendFailures());
        if (launchTimeDrops != null) metrics.launchTimeDrops(launchTimeDrops.get());
        metrics.clocks(lastVerdict, trust.twoWayOffsetNs(), trust.ptpOffsetsNs());
    }

    /** The final figures (call once the recorder has stopped): the endpoint then says the run ended. */
    @Override
    public void close() {
        counts();
        endpoint.ended();
    }
}
