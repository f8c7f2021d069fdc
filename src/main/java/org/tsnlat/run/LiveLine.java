package org.tsnlat.run;

import java.io.PrintStream;
import org.tsnlat.report.RxAnalysis;
import org.tsnlat.stats.MetricSummary;
import org.tsnlat.stats.UsecFormat;

/**
 * One line a second while a receiver runs: elapsed time, probes so far, lost so far, the last
 * second's latency min/avg/max and delta average. Runs on the recorder thread.
 */
final class LiveLine implements Runnable {
    private final PrintStream out;
    private final RxAnalysis rx;
    private final long startMs = System.currentTimeMillis();

    LiveLine(PrintStream out, RxAnalysis rx) {
        this.out = out;
        this.rx = rx;
    }

    @Override
    public void run() {
        MetricSummary[] last = rx.takeInterval();
        MetricSummary lat = last[0];
        MetricSummary delta = last[1];
        var counts = rx.counts();
        String latency = lat.count() == 0 ? "-" : UsecFormat.minAvgMax(lat);
        String deltaAvg = delta.count() == 0 ? "-" : UsecFormat.usec(delta.meanNs());
        out.printf("%7.1f s %10d packets %8d lost  latency min/avg/max %s us  delta avg %s us%n",
                (System.currentTimeMillis() - startMs) / 1000.0, counts.received(), counts.lost(), latency, deltaAvg);
        out.flush();
    }
}
