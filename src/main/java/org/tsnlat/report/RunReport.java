package org.tsnlat.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.RecordFormatException;
import org.tsnlat.record.RecordKind;
import org.tsnlat.record.Timestamps;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunDirectoryException;
import org.tsnlat.rundir.RunMeta;
import org.tsnlat.sync.SyncLog;

/** Re-derives a run's summary from its directory alone: meta.json and the record files. */
public final class RunReport {
    private RunReport() {}

    /**
     * A summary with the interval verdicts behind it.
     *
     * @param reverse with {@code run --bidir}: the opposite direction's own analysis (its summary is
     *                also {@code summary.reverse()}); null for a run in one direction
     */
    public record Analysis(Summary summary, Verdicts verdicts, RxAnalysis rx, TxAnalysis tx,
                           SyncLog.Contents sync, Analysis reverse) {}

    /**
     * Two passes over the receiver's records: the first tabulates the one-way latency per
     * interval, the verdicts are made from that and the sync log, the second computes the
     * figures with untrusted intervals kept out of the cross-host ones. A second thread reads
     * the sync log and then the sender's records, beside the receiver's passes.
     */
    public static Analysis analyse(RunDirectory dir, TrustThresholds thresholds) throws RunDirectoryException {
        return analyse(dir, thresholds, null);
    }

    /** As above, telling {@code observer} what the final pass derives from every received probe. */
    public static Analysis analyse(RunDirectory dir, TrustThresholds thresholds, RxAnalysis.Observer observer)
            throws RunDirectoryException {
        return analyse(dir, thresholds, observer, null);
    }

    /** As above, also telling {@code txObserver} of every sender record (from the second thread). */
    public static Analysis analyse(RunDirectory dir, TrustThresholds thresholds, RxAnalysis.Observer observer,
                                   TxAnalysis.Observer txObserver) throws RunDirectoryException {
        return analyse(dir, thresholds, observer, txObserver, null, null);
    }

    /**
     * As above; a run in both directions ({@code run --bidir}, meta.json's {@code reverse}) also
     * has its {@value RunDirectory#REVERSE} sub-directory analysed the same way, by the same
     * limits, its records told to the reverse observers (null: none). A reverse directory that
     * cannot be read is damage of the run's.
     */
    public static Analysis analyse(RunDirectory dir, TrustThresholds thresholds, RxAnalysis.Observer observer,
                                   TxAnalysis.Observer txObserver, RxAnalysis.Observer reverseObserver,
                                   TxAnalysis.Observer reverseTxObserver) throws RunDirectoryException {
        RunMeta meta = dir.readMeta();
        List<String> reverseDamage = new ArrayList<>();
        Analysis reverse = null;
        if (meta.reverse() != null) {
            try {
                RunDirectory r = RunDirectory.open(dir.file(meta.reverse()));
                reverse = analyseOne(r, r.readMeta(), thresholds, reverseObserver, reverseTxObserver, List.of());
            } catch (RunDirectoryException e) {
                reverseDamage.add("reverse direction: " + e.getMessage() + " (meta.json says the run measured both "
                        + "directions); its figures are left out");
            }
        }
        Analysis forward = analyseOne(dir, meta, thresholds, observer, txObserver, reverseDamage);
        if (reverse == null) return forward;
        return new Analysis(forward.summary().withReverse(reverse.summary()), forward.verdicts(), forward.rx(),
                forward.tx(), forward.sync(), reverse);
    }

    /** One direction's analysis, {@code moreDamage} (the reverse direction's) added to its own. */
    private static Analysis analyseOne(RunDirectory dir, RunMeta meta, TrustThresholds thresholds,
                                       RxAnalysis.Observer observer, TxAnalysis.Observer txObserver,
                                       List<String> moreDamage) throws RunDirectoryException {
        long warmupNs = meta.config().warmupNs();
        Path rxFile = dir.file(RunDirectory.RX_RECORDS);
        Path txFile = dir.file(RunDirectory.TX_RECORDS);
        List<String> damage = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> syncNotes = new ArrayList<>();
        List<String> rxNotes = new ArrayList<>();
        List<String> txNotes = new ArrayList<>();
        boolean readRx = RecordFiles.usable(dir, RunDirectory.RX_RECORDS, RecordKind.RX, meta,
                !"send".equals(meta.role()), damage, rxNotes);
        boolean readTx = RecordFiles.usable(dir, RunDirectory.TX_RECORDS, RecordKind.TX, meta,
                !"recv".equals(meta.role()), damage, txNotes);
        List<String> txDamage = new ArrayList<>();
        FutureTask<SyncLog.Contents> syncRead = new FutureTask<>(() -> readSync(dir, syncNotes));
        FutureTask<TxAnalysis> txPass = new FutureTask<>(() -> {
            if (!readTx) return null;
            TxAnalysis a = new TxAnalysis(warmupNs, meta.config().periodNs()).observe(txObserver);
            if (meta.config().txtime() != null) a.launchTime(meta.config().txtime().offsetNs());
            readAll(txFile, a, meta, txDamage, txNotes);
            return a;
        });
        Thread beside = Thread.ofPlatform().name("tsnlat-report-sync-tx").daemon().start(() -> {
            syncRead.run();
            txPass.run();
        });
        RxAnalysis rx = null;
        TrustSummary trust = null;
        Verdicts verdicts = Verdicts.none();
        TxAnalysis tx;
        SyncLog.Contents sync;
        try {
            IntervalPass first = null;
            if (readRx) {
                first = new IntervalPass(thresholds.intervalNs());
                readAll(rxFile, first, meta, null, new ArrayList<>());
            }
            sync = result(syncRead, SyncLog.FILE);
            if (first != null) {
                verdicts = TrustJudge.judge(first.table(), sync, thresholds);
                rx = new RxAnalysis(warmupNs, thresholds.intervalNs(), verdicts).observe(observer);
                readAll(rxFile, rx, meta, damage, rxNotes);
                trust = TrustSummary.of(evidence(sync), thresholds, verdicts, rx.excludedPackets(), warmupNs);
            }
            tx = result(txPass, RunDirectory.TX_RECORDS);
        } finally {
            if (!txPass.isDone()) { // the receiver's side failed: stop the second thread too
                syncRead.cancel(true);
                txPass.cancel(true);
                beside.interrupt();
            }
        }
        ReflectionAnalysis reflected = readReflections(dir, meta, rx, tx, damage, txNotes);
        damage.addAll(txDamage);
        damage.addAll(sync.damage());
        damage.addAll(moreDamage);
        if (meta.end() != null && !Files.exists(dir.file(SyncLog.FILE), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            damage.add(SyncLog.FILE + ": missing (every run writes one); the clock evidence in it is left out");
        }
        List<String> notes = new ArrayList<>(syncNotes);
        notes.addAll(rxNotes);
        notes.addAll(txNotes);
        org.tsnlat.explain.Outliers outliers = explained(dir, meta.config().warmupNs(), startNs(rx, tx), rx, notes);
        Summary s = SummaryBuilder.build(meta, rx, tx, reflected, trust, startNs(rx, tx), notes, List.copyOf(damage));
        if (outliers != null) s = s.withOutliers(outliers);
        return new Analysis(s, verdicts, rx, tx, sync, null);
    }

    /** The outliers taken apart from the kernel trace (--explain); null without one, or when that fails (then a note says why). */
    private static org.tsnlat.explain.Outliers explained(RunDirectory dir, long warmupNs, long startNs, RxAnalysis rx,
            List<String> notes) {
        if (!Files.isDirectory(dir.file(org.tsnlat.explain.TraceSession.DIRECTORY))) return null;
        try {
            return org.tsnlat.explain.Explainer.explain(dir.path(), warmupNs, startNs,
                    rx == null ? null : t -> rx.trustAt(t) == Trust.UNTRUSTED);
        } catch (java.io.IOException | RuntimeException e) {
            notes.add("kernel trace: the outliers could not be explained (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * The reverse direction, from the sender's reflection records when the directory has them (a
     * run without reflections, or made before they were recorded, has none: no figure, no damage),
     * judged by the receiver's intervals when there are any.
     */
    private static ReflectionAnalysis readReflections(RunDirectory dir, RunMeta meta, RxAnalysis rx, TxAnalysis tx,
                                                      List<String> damage, List<String> notes)
            throws RunDirectoryException {
        Path file = dir.file(RunDirectory.REFLECTION_RECORDS);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || !RecordFiles.usable(dir, RunDirectory.REFLECTION_RECORDS, RecordKind.REFLECT, meta,
                        !"recv".equals(meta.role()), damage, notes)) {
            return null;
        }
        ReflectionAnalysis a = new ReflectionAnalysis(meta.config().warmupNs(), startNs(rx, tx),
                rx != null ? rx::trustAt : null);
        readAll(file, a, meta, damage, notes);
        return a;
    }

    /** What a task of the second thread gave, once done; its failure as the report's. */
    private static <T> T result(FutureTask<T> task, String what) throws RunDirectoryException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunDirectoryException("interrupted while reading " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RunDirectoryException r) throw r;
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static SyncLog.Contents readSync(RunDirectory dir, List<String> notes) throws RunDirectoryException {
        try {
            SyncLog.Contents c = SyncLog.read(dir.file(SyncLog.FILE));
            if (c.cutLastLine()) {
                notes.add(SyncLog.FILE + ": its last line was cut off (the run ended while writing it)");
            }
            return c;
        } catch (java.io.IOException e) {
            return new SyncLog.Contents(List.of(), List.of(), false, 0,
                    List.of(SyncLog.FILE + ": cannot read (" + org.tsnlat.exit.Reasons.of(e) + "); its clock evidence is left out"));
        }
    }

    private static String evidence(SyncLog.Contents sync) {
        List<String> e = new ArrayList<>();
        boolean tx = sync.ptp().stream().anyMatch(s -> "tx".equals(s.side()));
        boolean rx = sync.ptp().stream().anyMatch(s -> "rx".equals(s.side()));
        if (tx && rx) e.add("ptp4l on both sides");
        else if (tx) e.add("the sender's ptp4l");
        else if (rx) e.add("the receiver's ptp4l");
        String chrony = ChronyEvidence.describe(sync);
        if (chrony != null) e.add(chrony);
        String phc2sys = Phc2sysEvidence.describe(sync);
        if (phc2sys != null) e.add(phc2sys);
        if (!sync.twoWay().isEmpty()) e.add("two-way estimates");
        e.add("the latencies themselves");
        return String.join(", ", e);
    }

    /** The zero of report times: the first received probe's schedule, else the first sent one's. */
    public static long startNs(RxAnalysis rx, TxAnalysis tx) {
        if (rx != null && rx.firstScheduledNs() != Timestamps.ABSENT) return rx.firstScheduledNs();
        if (tx != null && tx.firstScheduledNs() != Timestamps.ABSENT) return tx.firstScheduledNs();
        return 0;
    }

    /**
     * One pass over a record file; with {@code damage} (the last pass over it) also what the
     * reading showed, as damage and notes.
     */
    private static void readAll(Path file, RecordPass pass, RunMeta meta, List<String> damage, List<String> notes)
            throws RunDirectoryException {
        try (RecordFileReader r = RecordFileReader.open(file)) {
            pass.readAll(r);
            if (damage != null) {
                RecordFiles.afterRead(file.getFileName().toString(), r, pass, meta, damage, notes);
            }
        } catch (RecordFormatException e) {
            throw new RunDirectoryException(e.getMessage());
        } catch (java.io.IOException e) {
            throw new RunDirectoryException(file + ": cannot read (" + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }
}
