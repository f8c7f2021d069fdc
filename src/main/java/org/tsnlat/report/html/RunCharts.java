package org.tsnlat.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.Timestamps;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.report.Trust;
import org.tsnlat.report.TxAnalysis;
import org.tsnlat.stats.UsecFormat;

/**
 * The over-time charts of one run, gathered in one pass: told every received probe by the
 * report's final pass (an {@link RxAnalysis.Observer}) and every sender record by its pass over
 * {@code tx.records} (a {@link TxAnalysis.Observer}).
 * Receiver: one-way latency per trust interval (min, p50, p99, max), the largest latencies as
 * individual points, and lost probes (gaps in the sequence numbers) per interval. Sender:
 * wake-up lateness per interval and late wake-ups (woken after the next period began). Bounded
 * whatever the run's length: {@value #MAX_COLUMNS} columns and {@value #MAX_POINTS} points.
 */
public final class RunCharts implements RxAnalysis.Observer, TxAnalysis.Observer {
    static final int MAX_COLUMNS = 2000;
    static final int MAX_POINTS = 2000;

    private final long intervalNs;
    private final Bands latency = new Bands(MAX_COLUMNS);
    private final TopValues outliers = new TopValues(MAX_POINTS);
    private Bands wake;
    private long originRxNs = Timestamps.ABSENT;
    private long highestSeq = -1;
    private long gaps;
    private long lateWakeups;
    private long lateWakeupsAfterWarmup;

    /** @param intervalNs the trust intervals' length: one band column per interval when the run is short */
    public RunCharts(long intervalNs) {
        this.intervalNs = intervalNs;
    }

    @Override
    public void probe(RxAnalysis.Derived d) {
        if (d.duplicate) return;
        if (originRxNs == Timestamps.ABSENT) originRxNs = d.rxNs;
        long seq = d.record.seq;
        if (highestSeq >= 0 && seq > highestSeq + 1) {
            latency.event(d.interval, seq - highestSeq - 1);
            gaps += seq - highestSeq - 1;
        }
        highestSeq = Math.max(highestSeq, seq);
        if (d.latencyNs != Timestamps.ABSENT) {
            latency.add(d.interval, d.latencyNs);
            outliers.add(d.latencyNs, d.rxNs - originRxNs, !d.warmup && d.trust != Trust.UNTRUSTED);
        }
    }

    /** Told every sender record by the report's pass over them: wake-up lateness by scheduled time. */
    @Override
    public void sent(PacketRecord rec, long firstScheduledNs, boolean lateWakeup, boolean warmup) {
        if (!Timestamps.present(rec.wakeNs)) return;
        if (wake == null) wake = new Bands(MAX_COLUMNS);
        long lateNs = rec.wakeNs - rec.scheduledNs;
        int interval = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(0, (rec.scheduledNs - firstScheduledNs) / intervalNs));
        wake.add(interval, lateNs);
        if (lateWakeup) {
            wake.event(interval, 1);
            lateWakeups++;
            if (!warmup) lateWakeupsAfterWarmup++;
        }
    }

    /**
     * The latency-over-time chart. Points: the kept packets above {@code pointsAboveNs}, the
     * summary's latency p99.9 (ABSENT when the summary has no latency: then none, and the
     * caption says why, {@code noPointsWhy}). {@code lost}: the summary's count of lost probes.
     */
    ObjectNode latencyChart(long pointsAboveNs, String noPointsWhy, long lost) {
        latency.finish();
        ObjectNode c = bands("time", "one-way latency per " + span(latency), "latency (us)", latency);
        String lostNote = "lost probes: " + gaps + " (sequence numbers missing between those received)";
        if (lost != gaps) lostNote += " (the summary's count: " + lost + " lost)";
        c.put("eventsNote", lostNote);
        ArrayNode px = c.putArray("pointsX");
        ArrayNode py = c.putArray("pointsY");
        if (pointsAboveNs == Timestamps.ABSENT) {
            c.put("pointsNote", noPointsWhy);
            return c;
        }
        int drawn = 0;
        int counted = 0;
        for (int i = 0; i < outliers.size(); i++) {
            if (outliers.value(i) > pointsAboveNs) {
                px.add(Charts.seconds(outliers.time(i)));
                py.add(Charts.us(outliers.value(i)));
                drawn++;
                if (outliers.counted(i)) counted++;
            }
        }
        c.put("pointsCounted", counted);
        String above = " above the summary's latency p99.9 (" + UsecFormat.usec(pointsAboveNs) + " us)";
        boolean more = outliers.size() == outliers.capacity() && outliers.least() > pointsAboveNs;
        String note = more ? "red dots: the " + drawn + " largest latencies, all" + above + "; more lie above it"
                : "red dots: " + drawn + (drawn == 1 ? " packet" : " packets") + above;
        if (drawn > counted) {
            note += ", " + (drawn - counted) + " of them in the warm-up or in untrusted intervals (outside the summary)";
        }
        c.put("pointsNote", note);
        return c;
    }

    /**
     * The RX time the time axis starts from (that of the first probe received), ABSENT when none
     * was: a probe's place on the latency chart is its RX time minus this.
     */
    long originRxNs() {
        return originRxNs;
    }

    /** The wake-up lateness chart, or null without sender records. */
    ObjectNode wakeChart() {
        if (wake == null) return null;
        wake.finish();
        if (wake.columns() == 0) return null;
        ObjectNode c = bands("time", "sender wake-up lateness per " + span(wake), "woken - scheduled (us)", wake);
        c.put("eventsNote", "late wake-ups (woken after the next period began): " + lateWakeups
                + (lateWakeups == lateWakeupsAfterWarmup ? "" : ", " + lateWakeupsAfterWarmup + " of them after the warm-up"
                + " (the summary's count)"));
        c.put("lateWakeupsAfterWarmup", lateWakeupsAfterWarmup);
        return c;
    }

    /** How long one column is, for the title. */
    private String span(Bands b) {
        double s = b.intervalsPerColumn() * (intervalNs / 1e9);
        if (s == 1) return "second";
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }

    private ObjectNode bands(String kind, String title, String yLabel, Bands b) {
        ObjectNode c = Charts.chart(kind, title, "time from start", yLabel);
        double columnSeconds = b.intervalsPerColumn() * (intervalNs / 1e9);
        c.put("columnSeconds", columnSeconds);
        ArrayNode x = c.putArray("x");
        ArrayNode series = c.putArray("series");
        ArrayNode min = Charts.series(series, "min");
        ArrayNode p50 = Charts.series(series, "p50");
        ArrayNode p99 = Charts.series(series, "p99");
        ArrayNode max = Charts.series(series, "max");
        ArrayNode eventsX = c.putArray("eventsX");
        ArrayNode eventsN = c.putArray("eventsN");
        int last = -1;
        for (int col = 0; col < b.columns(); col++) {
            x.add(Math.round(col * columnSeconds * 1e6) / 1e6);
            boolean none = b.empty(col);
            min.add(none ? null : Charts.us(b.min(col)));
            p50.add(none ? null : Charts.us(b.p50(col)));
            p99.add(none ? null : Charts.us(b.p99(col)));
            max.add(none ? null : Charts.us(b.max(col)));
            if (!none) last = col;
            if (b.events(col) > 0) {
                eventsX.add(Math.round(col * columnSeconds * 1e6) / 1e6);
                eventsN.add(b.events(col));
            }
        }
        if (last >= 0 && last == b.columns() - 1) { // the end of the last column, so that its step is drawn
            x.add(Math.round(b.columns() * columnSeconds * 1e6) / 1e6);
            min.add(Charts.us(b.min(last)));
            p50.add(Charts.us(b.p50(last)));
            p99.add(Charts.us(b.p99(last)));
            max.add(Charts.us(b.max(last)));
        }
        return c;
    }
}
