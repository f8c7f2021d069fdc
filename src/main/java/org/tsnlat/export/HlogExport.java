package org.tsnlat.export;

import java.io.PrintStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.tsnlat.record.Timestamps;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.report.Trust;

/**
 * An HdrHistogram interval log ({@code .hlog}): one histogram per verdict interval and metric,
 * tagged {@code latency} (one-way, ns, probes of intervals not untrusted, after the warm-up: the
 * same values as the summary's latency) and {@code delta} (inter-arrival, ns, after the
 * warm-up). Readable by HistogramLogReader and HistogramLogAnalyzer; start times are the
 * receive times in seconds of the run's clock.
 */
public final class HlogExport implements RxAnalysis.Observer, AutoCloseable {
    private static final long HIGHEST_NS = 3_600_000_000_000L;

    private final HistogramLogWriter writer;
    private final Histogram latency = new Histogram(HIGHEST_NS, 3);
    private final Histogram delta = new Histogram(HIGHEST_NS, 3);
    private final long intervalNs;
    private int current = -1;
    private long currentStartNs;

    public HlogExport(PrintStream out, long intervalNs, String comment) {
        this.intervalNs = intervalNs;
        this.writer = new HistogramLogWriter(out);
        latency.setTag("latency");
        delta.setTag("delta");
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputLegend();
    }

    @Override
    public void probe(RxAnalysis.Derived d) {
        if (d.duplicate || d.warmup) return;
        if (d.interval != current) {
            flush();
            current = d.interval;
            currentStartNs = d.rxNs;
        }
        // an HdrHistogram holds no negative value; they occur only in untrusted stretches
        if (Timestamps.present(d.latencyNs) && d.trust != Trust.UNTRUSTED && d.latencyNs >= 0) {
            latency.recordValue(Math.min(d.latencyNs, HIGHEST_NS));
        }
        if (Timestamps.present(d.deltaNs) && d.deltaNs >= 0) {
            delta.recordValue(Math.min(d.deltaNs, HIGHEST_NS));
        }
    }

    private void flush() {
        if (current < 0) return;
        double start = currentStartNs / 1e9;
        for (Histogram h : new Histogram[] {latency, delta}) {
            h.setStartTimeStamp((long) (start * 1000));
            h.setEndTimeStamp((long) ((start + intervalNs / 1e9) * 1000));
            if (h.getTotalCount() > 0) {
                writer.outputIntervalHistogram(start, start + intervalNs / 1e9, h, 1.0);
            }
            String tag = h.getTag();
            h.reset();
            h.setTag(tag); // reset() forgets the tag
        }
    }

    @Override
    public void close() {
        flush();
        current = -1;
    }
}
