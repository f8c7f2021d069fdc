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

    private final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.ArrayBlockingQueue<>(4);

    LiveLine(PrintStream out, RxAnalysis rx) {
        this.out = out;
        this.rx = rx;
        // printing happens on a thread of its own, so a blocked terminal never stalls the recorder
        Thread.ofPlatform().name("tsnlat-live").daemon(true).start(() -> {
            try {
                while (true) {
                    out.print(lines.take());
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void run() {
        MetricSummary[] last = rx.takeInterval();
        MetricSummary lat = last[0];
        MetricSummary delta = last[1];
        var counts = rx.counts();
        String latency = lat.count() == 0 ? "-" : UsecFormat.minAvgMax(lat);
        String deltaAvg = delta.count() == 0 ? "-" : UsecFormat.usec(delta.meanNs());
        String line = String.format("%7.1f s %10d packets %8d lost  latency min/avg/max %s us  delta avg %s us%n",
                (System.currentTimeMillis() - startMs) / 1000.0, counts.received(), counts.lost(), latency, deltaAvg);
        lines.offer(line); // false when the terminal is not keeping up (Ctrl-S, a full pipe): the line is skipped
    }
}
