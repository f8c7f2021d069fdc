package org.tsnlat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.RecordHeader;
import org.tsnlat.record.RecordKind;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunMeta;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.SyncLog;

/**
 * Writes a run directory of made-up but plausible probes, fast, for measuring the reports on
 * runs too long to make for real (a day at 1 kHz is 86.4 million probes): 1 ms period, wake-up
 * lateness 10-30 us with a rare tail and one late wake-up in a million, one-way latency 5-50 us
 * with a tail (1 in 10^4 up to 500 us, 1 in 10^6 up to 5 ms), 2 lost probes in a million,
 * ptp4l samples once a second per side with a 30 s stretch of 25 us master offset at 40 % of the
 * run (untrusted clocks). Same seed, same directory.
 */
final class SyntheticRun {
    static final long DEFAULT_PERIOD_NS = 1_000_000;
    static final long BASE_NS = 1_790_000_000_000_000_000L;
    private static final long SESSION = 0x5e55_1011L;

    private SyntheticRun() {}

    /** Writes meta.json, tx.records, rx.records and sync.jsonl of {@code packets} probes into the empty or new {@code dir}. */
    static void write(Path dir, long packets, long seed) throws IOException {
        write(dir, packets, seed, DEFAULT_PERIOD_NS, true);
    }

    /** As above, one probe every {@code periodNs}; {@code ptp}: with ptp4l samples (once a second per side). */
    static void write(Path dir, long packets, long seed, long periodNs, boolean ptp) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(seed);
        PacketRecord tx = new PacketRecord();
        PacketRecord rx = new PacketRecord();
        long received = 0;
        try (RecordFileWriter txOut = RecordFileWriter.create(dir.resolve(RunDirectory.TX_RECORDS),
                RecordHeader.of(RecordKind.TX, SESSION, RecordHeader.CLOCK_TAI, periodNs, BASE_NS, 0));
             RecordFileWriter rxOut = RecordFileWriter.create(dir.resolve(RunDirectory.RX_RECORDS),
                RecordHeader.of(RecordKind.RX, SESSION, RecordHeader.CLOCK_TAI, periodNs, BASE_NS, 0))) {
            for (long seq = 0; seq < packets; seq++) {
                long scheduled = BASE_NS + seq * periodNs;
                tx.clear();
                tx.seq = seq;
                tx.scheduledNs = scheduled;
                tx.wakeNs = scheduled + wake(rnd, periodNs);
                tx.appTxNs = tx.wakeNs + 1_000 + rnd.nextInt(2_000);
                tx.schedTxNs = tx.appTxNs + 1_500 + rnd.nextInt(1_000);
                tx.swTxNs = tx.schedTxNs + 800 + rnd.nextInt(500);
                txOut.append(tx);
                if (rnd.nextInt(1_000_000) < 2 && seq > 0) continue; // lost
                rx.clear();
                rx.seq = seq;
                rx.scheduledNs = scheduled;
                rx.appTxNs = tx.appTxNs;
                rx.swRxNs = tx.appTxNs + latency(rnd);
                rx.appRxNs = rx.swRxNs + 4_000 + rnd.nextInt(12_000);
                rx.payloadBytes = 64;
                rxOut.append(rx);
                received++;
            }
        }
        writeSync(dir, packets, rnd, periodNs, ptp);
        writeMeta(dir, packets, received, periodNs);
    }

    private static long wake(SplittableRandom rnd, long periodNs) {
        int r = rnd.nextInt(1_000_000);
        if (r == 0) return periodNs + rnd.nextInt(500_000); // woken after the next period began
        if (r < 100) return 100_000 + rnd.nextInt(400_000);
        return 10_000 + rnd.nextInt(20_000);
    }

    private static long latency(SplittableRandom rnd) {
        int r = rnd.nextInt(1_000_000);
        if (r == 0) return 1_000_000 + rnd.nextLong(4_000_000);
        if (r < 100) return 50_000 + rnd.nextInt(450_000);
        // 5 us floor plus an exponential body of mean 6 us, cut at 50 us
        return 5_000 + Math.min(45_000, (long) (-6_000 * Math.log(1 - rnd.nextDouble())));
    }

    private static void writeSync(Path dir, long packets, SplittableRandom rnd, long periodNs, boolean ptp) throws IOException {
        long seconds = packets * periodNs / 1_000_000_000L;
        long badFrom = seconds * 4 / 10;
        try (SyncLog log = SyncLog.create(dir.resolve(SyncLog.FILE), "CLOCK_TAI")) {
            for (long s = 0; ptp && s <= seconds; s++) {
                boolean bad = seconds >= 100 && s >= badFrom && s < badFrom + 30;
                for (String side : List.of("tx", "rx")) {
                    long offset = bad && side.equals("rx") ? 25_000 + rnd.nextInt(2_000) : rnd.nextInt(200) - 100;
                    log.append(new PtpSample(side, BASE_NS + s * 1_000_000_000L + 500_000_000L, true, null, "SLAVE",
                            true, "aaaaaa.fffe.000001", offset, 1_200, 1));
                }
            }
        }
    }

    private static void writeMeta(Path dir, long packets, long received, long periodNs) {
        RunDirectory d = runDirectory(dir);
        var config = new RunMeta.Config("CLOCK_TAI", periodNs, packets, packets * periodNs, 64, 2_000_000_000L,
                "192.0.2.10:7788", "0.0.0.0:7788", BASE_NS, List.of());
        var meta = new RunMeta(RunMeta.FORMAT, RunMeta.VERSION, new RunMeta.Tool("tsnlat", "synthetic"), "run",
                List.of("synth", dir.toString(), "--packets", Long.toString(packets)),
                new RunMeta.Host("synthetic", "synthetic", 2), config, Long.toHexString(SESSION),
                new RunMeta.Tuning(List.of(), "synthetic: no threads ran", List.of()),
                Map.of("receiver", "software", "sender", "software"), null, null, null, null,
                new RunMeta.Start("2026-11-26T00:00:00Z", BASE_NS),
                new RunMeta.End("2026-11-27T00:00:00Z", "complete", packets, Map.of(), 0, packets,
                        List.of("synthetic run made by 'tsnlat synth' (" + received + " of " + packets + " received)"), null,
                        null, Map.of(RunDirectory.RX_RECORDS, received, RunDirectory.TX_RECORDS, packets), false, 0L, -1L), null, null, null);
        d.writeMeta(meta);
    }

    private static RunDirectory runDirectory(Path dir) {
        try {
            Files.writeString(dir.resolve(RunDirectory.META), "{}");
            return RunDirectory.open(dir);
        } catch (IOException | org.tsnlat.rundir.RunDirectoryException e) {
            throw new IllegalStateException(e);
        }
    }
}
