package org.tsnlat.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.sync.TwoWayEstimate;

/**
 * Clock offset over the run, from the sync log: ptp4l's master offset on each side and the
 * in-band two-way estimate (receiver minus sender). Each series is cut into at most
 * {@value #MAX_COLUMNS} time columns keeping the samples of least and largest offset of each,
 * in time order, so a day of once-a-second samples stays small and no excursion is lost.
 */
final class ClockChart {
    static final int MAX_COLUMNS = 2000;

    private ClockChart() {}

    /** The chart, or null when the run recorded no sync samples. */
    static ObjectNode of(SyncLog.Contents sync, long startNs) {
        List<String> labels = new ArrayList<>();
        List<long[][]> data = new ArrayList<>();
        for (String side : List.of("tx", "rx")) {
            List<PtpSample> s = sync.ptp().stream().filter(p -> side.equals(p.side()) && p.ok()).toList();
            if (!s.isEmpty()) {
                labels.add("ptp4l master offset, " + (side.equals("tx") ? "sender" : "receiver"));
                data.add(new long[][] {s.stream().mapToLong(PtpSample::timeNs).toArray(),
                        s.stream().mapToLong(PtpSample::masterOffsetNs).toArray()});
            }
        }
        if (!sync.twoWay().isEmpty()) {
            labels.add("two-way offset (receiver - sender)");
            data.add(new long[][] {sync.twoWay().stream().mapToLong(TwoWayEstimate::timeNs).toArray(),
                    sync.twoWay().stream().mapToLong(TwoWayEstimate::offsetNs).toArray()});
        }
        if (labels.isEmpty()) return null;
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (long[][] d : data) {
            from = Math.min(from, d[0][0]);
            to = Math.max(to, d[0][d[0].length - 1]);
        }
        long columnNs = Math.max(1, (to - from) / MAX_COLUMNS + 1);
        TreeMap<Long, Double[]> rows = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            for (int k : decimate(data.get(i)[0], data.get(i)[1], from, columnNs)) {
                rows.computeIfAbsent(data.get(i)[0][k], t -> new Double[labels.size()])[i] = Charts.us(data.get(i)[1][k]);
            }
        }
        ObjectNode c = Charts.chart("lines", "clock offset", "time from start", "offset (us)");
        ArrayNode x = c.putArray("x");
        rows.keySet().forEach(t -> x.add(Charts.seconds(t - startNs)));
        ArrayNode series = c.putArray("series");
        for (int i = 0; i < labels.size(); i++) {
            ArrayNode v = Charts.series(series, labels.get(i));
            for (Double[] row : rows.values()) {
                v.add(row[i]);
            }
        }
        return c;
    }

    /** Why {@link #of} has no chart: what the sync log holds instead of offsets. */
    static String whyNone(SyncLog.Contents sync) {
        long ptp = sync.ptp().size();
        StringBuilder b = new StringBuilder("no clock offset to draw: ");
        b.append(ptp == 0 ? "no ptp4l samples (a run without --ptp)"
                : ptp + " ptp4l samples, none with an offset (" + firstError(sync) + ")");
        b.append(" and no two-way estimates (no reflected probe came back; --reflect-every 0 turns reflection off)");
        if (!sync.chrony().isEmpty()) b.append("; the chrony samples are judged in the summary, not drawn here");
        return b.toString();
    }

    private static String firstError(SyncLog.Contents sync) {
        return sync.ptp().stream().map(PtpSample::error).filter(e -> e != null && !e.isBlank()).findFirst()
                .orElse("no reason given");
    }

    /** Indexes of the samples kept: per column of {@code columnNs}, the least and the largest value, in time order. */
    static List<Integer> decimate(long[] times, long[] values, long fromNs, long columnNs) {
        List<Integer> kept = new ArrayList<>();
        int i = 0;
        while (i < times.length) {
            long column = (times[i] - fromNs) / columnNs;
            int lo = i;
            int hi = i;
            int j = i;
            while (j < times.length && (times[j] - fromNs) / columnNs == column) {
                if (values[j] < values[lo]) lo = j;
                if (values[j] > values[hi]) hi = j;
                j++;
            }
            kept.add(Math.min(lo, hi));
            if (lo != hi) kept.add(Math.max(lo, hi));
            i = j;
        }
        return kept;
    }
}
