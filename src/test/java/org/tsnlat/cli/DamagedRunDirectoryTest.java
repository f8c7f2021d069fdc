package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.Timestamps;
import org.tsnlat.rundir.RunDirectory;

/**
 * report on a damaged run directory names each damaged file and why, exits 4, and still shows
 * what the intact records give, marked damaged; it never hangs, never dies with a stack trace,
 * and never exits 0 with figures the damage changed.
 */
class DamagedRunDirectoryTest {
    static final long PROBES = 3000;
    static final int RX_BYTES = RunCopies.RX_RECORD_BYTES;
    static final int HEADER = RunCopies.HEADER_BYTES;
    @TempDir static Path runs;
    static Path original;
    static String originalReport;
    @TempDir Path tmp;

    @BeforeAll
    static void aWholeRun() {
        Cli c = Cli.run("run", "-n", Long.toString(PROBES), "-i", "1ms", "--warmup", "0", "--runs-dir", runs.toString(),
                "--no-live");
        assertThat(c.exitCode()).as(c.out() + c.err()).isZero();
        original = c.runDirectory();
        originalReport = Cli.run("report", original.toString()).out();
    }

    private Path copy() throws IOException {
        return RunCopies.copy(original, tmp.resolve("run"));
    }

    /** report on a damaged directory: exit 4, the damage named on stderr, no stack trace; the summary still on stdout. */
    private static Cli damaged(Path dir, String... fragments) {
        Cli r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run("report", dir.toString()));
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.RUN_DIRECTORY);
        assertThat(r.err()).contains(fragments).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("internal error");
        return r;
    }

    private static void rewriteRx(Path dir, Consumer<PacketRecord> change) throws IOException {
        Path rx = dir.resolve("rx.records");
        Path out = dir.resolve("rx.records.new");
        try (RecordFileReader r = RecordFileReader.open(rx); RecordFileWriter w = RecordFileWriter.create(out, r.header())) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) {
                change.accept(rec);
                w.append(rec);
            }
        }
        Files.move(out, rx, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aRecordFileCutShortAtARecordBoundaryIsNotNetworkLoss() throws Exception {
        Path d = copy();
        try (FileChannel ch = FileChannel.open(d.resolve("rx.records"), StandardOpenOption.WRITE)) {
            ch.truncate(HEADER + 1000L * RX_BYTES);
        }
        Cli r = damaged(d, "rx.records: 1000 of the 3000 records the run wrote; cut short");
        assertThat(r.out()).startsWith("DAMAGED: rx.records: 1000 of the 3000").contains("Total: 1000 packets")
                .contains("exit 4: damaged run directory");
    }

    @Test
    void aRecordFileCutInsideARecordIsNamedToo() throws Exception {
        Path d = copy();
        try (FileChannel ch = FileChannel.open(d.resolve("rx.records"), StandardOpenOption.WRITE)) {
            ch.truncate(HEADER + 1000L * RX_BYTES + 40);
        }
        damaged(d, "rx.records: 1000 whole records, then 40 bytes of a partial record, in a file the run closed whole",
                "1000 of the 3000 records");
    }

    @Test
    void aMissingReceiverFileLeavesTheSenderSummaryMarkedDamaged() throws Exception {
        Path d = copy();
        Files.delete(d.resolve("rx.records"));
        Cli r = damaged(d, "rx.records: missing");
        assertThat(r.out()).contains("sender: 3000 sent").doesNotContain("Total:");
    }

    @Test
    void senderRecordsInPlaceOfTheReceiversAreNotTakenForThem() throws Exception {
        Path d = copy();
        Files.copy(d.resolve("tx.records"), d.resolve("rx.records"), StandardCopyOption.REPLACE_EXISTING);
        Cli r = damaged(d, "rx.records: holds sender records");
        assertThat(r.out()).doesNotContain("Total:").doesNotContainPattern("[0-9]{9,}\\.[0-9]{3}");
    }

    @Test
    void recordsOfAnotherRunAreNotTakenForThisOnes() throws Exception {
        Path d = copy();
        Cli other = Cli.run("run", "-n", "100", "--warmup", "0", "--runs-dir", tmp.resolve("other").toString(), "--no-live");
        Files.copy(other.runDirectory().resolve("rx.records"), d.resolve("rx.records"), StandardCopyOption.REPLACE_EXISTING);
        damaged(d, "rx.records: records of a run that started at", "not of this one");
    }

    @Test
    void aReceiversRecordsOfAnotherReceiverRunAreNotTakenForThisOnes() throws Exception {
        // a receiver alone writes session 0 into its files (it learns the session later): the start time tells them apart
        int port = ReadinessTest.freePort();
        Path[] dirs = new Path[2];
        for (int i = 0; i < 2; i++) {
            CliInBackground recv = CliInBackground.start("recv", "--bind", "127.0.0.1:" + port, "--runs-dir",
                    tmp.resolve("recv" + i).toString(), "--warmup", "0", "--no-live", "--no-reflect");
            recv.awaitLine("^tsnlat recv: listening on ", 60_000);
            RawProbes.send(port, 0x777L + i, 50 + i * 10, 1_000_000, 3);
            assertThat(recv.exitCode(20_000)).as(recv.err()).isZero();
            dirs[i] = Path.of(recv.out().lines().filter(l -> l.startsWith("run directory: ")).findFirst().orElseThrow()
                    .substring(15));
        }
        Files.copy(dirs[1].resolve("rx.records"), dirs[0].resolve("rx.records"), StandardCopyOption.REPLACE_EXISTING);
        damaged(dirs[0], "rx.records: records of a run that started at");
    }

    @Test
    void recordsWithoutAnyReceiveTimeAreLeftOutNotTakenForLatenciesOfCenturies() throws Exception {
        Path d = copy();
        rewriteRx(d, r -> {
            r.hwRxNs = Timestamps.ABSENT;
            r.swRxNs = Timestamps.ABSENT;
            r.appRxNs = Timestamps.ABSENT;
        });
        Cli r = damaged(d, "rx.records: 3000 records no run can have written");
        assertThat(r.out()).contains("Total: 0 packets").doesNotContainPattern("[0-9]{9,}\\.[0-9]{3}");
    }

    @Test
    void aFlippedBitInARecordIsFoundAndThatRecordLeftOut() throws Exception {
        Path d = copy();
        try (FileChannel ch = FileChannel.open(d.resolve("rx.records"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            var b = java.nio.ByteBuffer.allocate(1);
            long at = HEADER + 1500L * RX_BYTES + 58; // the kernel RX timestamp's high byte
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x40)).position(0);
            ch.write(b, at);
        }
        Cli r = damaged(d, "rx.records: 1 of 3000 records damaged (checksum), the first at record 1500");
        assertThat(r.out()).contains("Total: 2999 packets");
    }

    @Test
    void aReceiveTimeThirtyDaysOffIsJudgedNotFatal() throws Exception {
        Path d = copy();
        long[] n = {0};
        rewriteRx(d, r -> {
            if (n[0]++ >= 2000) r.swRxNs += 30L * 86_400_000_000_000L; // the receiver's clock stepped 30 days
        });
        Cli r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run("report", d.toString()));
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.UNTRUSTED);
        assertThat(r.out()).contains("Total: 2000 packets").contains("1000 packets in untrusted intervals are excluded");
    }

    @Test
    void nullsAndWrongTypesInMetaJsonAreNamedInOneLine() throws Exception {
        String meta = Files.readString(original.resolve("meta.json"));
        String[][] cases = {
                {"null", "holds no object"},
                {meta.replaceFirst("\"config\" : \\{", "\"config\" : null, \"was\" : {"), "field config: missing"},
                {meta.replaceFirst("\"role\" : \"run\"", "\"role\" : 7"), "field role"},
                {meta.replaceFirst("\"notes\" : \\[", "\"notes\" : null, \"was\" : ["), null},
                {meta.replaceFirst("\"periodNs\" : [0-9]+", "\"periodNs\" : \"soon\""), "config.periodNs"},
                {meta.replaceFirst("\"reason\" : \"complete\"", "\"reason\" : null"), "field end.reason: missing"},
                {"[1, 2, 3]", "meta.json: unreadable"},
                {"", "meta.json: unreadable"}};
        for (String[] c : cases) {
            Path d = copy();
            Files.writeString(d.resolve("meta.json"), c[0]);
            Cli r = Cli.run("report", d.toString());
            if (c[1] == null) { // a list that may be absent reads as empty
                assertThat(r.exitCode()).as(r.err()).isZero();
                continue;
            }
            assertThat(r.exitCode()).as(c[1] + ": " + r.err()).isEqualTo(ExitCodes.RUN_DIRECTORY);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("meta.json").contains(c[1]).doesNotContain("internal error")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void fieldsOfLaterVersionsAreAcceptedAsTheDocsPromise() throws Exception {
        Path d = copy();
        Files.writeString(d.resolve("meta.json"),
                Files.readString(d.resolve("meta.json")).replaceFirst("\\{", "{ \"addedLater\" : {\"x\": 1},"));
        Files.writeString(d.resolve("sync.jsonl"), Files.readString(d.resolve("sync.jsonl"))
                .replace("\"kind\":\"twoway\",", "\"kind\":\"twoway\",\"addedLater\":[1],"));
        Cli r = Cli.run("report", d.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(originalReport);
    }

    @Test
    void aBrokenSyncLineIsSkippedCountedAndTheSummaryKept() throws Exception {
        Path d = copy();
        var lines = new java.util.ArrayList<>(Files.readAllLines(d.resolve("sync.jsonl")));
        lines.add(2, "{\"kind\":\"twoway\"}");
        lines.add(3, "garbage");
        Files.write(d.resolve("sync.jsonl"), lines);
        Cli r = damaged(d, "sync.jsonl: 2 lines skipped (not a sync record), the first at line 3");
        assertThat(r.out()).contains("Total: 3000 packets");
    }

    @Test
    void namedPipesAndDirectoriesInPlaceOfRunFilesAreRefusedWithoutHanging() throws Exception {
        for (String name : new String[] {"rx.records", "tx.records", "sync.jsonl", "meta.json"}) {
            for (boolean fifo : new boolean[] {true, false}) {
                Path d = copy();
                Files.delete(d.resolve(name));
                if (fifo) {
                    assertThat(new ProcessBuilder("mkfifo", d.resolve(name).toString()).start().waitFor()).isZero();
                } else {
                    Files.createDirectory(d.resolve(name));
                }
                Cli r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run("report", d.toString()));
                assertThat(r.exitCode()).as(name + " " + r.err()).isEqualTo(ExitCodes.RUN_DIRECTORY);
                assertThat(r.err()).as(name).contains(name).contains("not a regular file").doesNotContain("Exception");
            }
        }
    }

    @Test
    void theDirectoryOfARunKilledAtItsStartIsRecognised() throws Exception {
        Path d = tmp.resolve("killed");
        Files.createDirectories(d);
        var meta = RunDirectory.json().readTree(original.resolve("meta.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) meta).putNull("end");
        Files.writeString(d.resolve("meta.json"), meta.toString());
        Cli r = Cli.run("report", d.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.NOTHING_MEASURED);
        assertThat(r.out()).contains("run: abrupt").contains("neither side's records were found")
                .contains("the run was killed or crashed").doesNotContain("not a tsnlat run directory");
    }

    /**
     * The writer creates a record file, then writes its header: a run killed between the two
     * leaves a file shorter than a header. In a run with no end that is the kill, noted, not
     * damage; in a run that recorded its end it is damage.
     */
    @Test
    void aRecordFileShorterThanItsHeaderIsTheKillInARunWithoutAnEnd() throws Exception {
        for (int bytes : new int[] {0, 20}) {
            Path d = copy();
            Files.delete(d.resolve("tx.records"));
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(d.resolve("rx.records")), bytes);
            Files.write(d.resolve("rx.records"), head);
            var meta = RunDirectory.json().readTree(d.resolve("meta.json").toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) meta).putNull("end");
            Files.writeString(d.resolve("meta.json"), meta.toString());
            Cli r = Cli.run("report", d.toString());
            assertThat(r.exitCode()).as(bytes + " bytes: " + r.out() + r.err()).isEqualTo(ExitCodes.NOTHING_MEASURED);
            assertThat(r.out()).contains("run: abrupt").contains("header truncated (" + bytes + " of " + HEADER)
                    .contains("killed as it created the file");
            assertThat(r.out() + r.err()).doesNotContain("damaged").doesNotContain("Exception");
            Files.delete(d.resolve("meta.json"));
            Files.copy(original.resolve("meta.json"), d.resolve("meta.json"));
            damaged(d, "rx.records: header truncated (" + bytes + " of " + HEADER + " bytes); not read");
        }
    }
}
