package org.tsnlat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileWriter;
import org.tsnlat.record.RecordHeader;
import org.tsnlat.record.RecordKind;

/**
 * JMH: what the recorder thread pays to write one receiver record to its file, the buffered
 * write(2) included (RecordFileWriter.append). The file is on /dev/shm when there is one, so
 * that the figure is tsnlat's and not the disk's; each iteration starts a new file and deletes
 * it after, and iterations are short (200 ms) to keep the files small. Not a test: run with
 * bench/jmh.sh; figures in docs/BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class RecordWriteBenchmark {
    private final PacketRecord record = new PacketRecord();
    private Path dir;
    private RecordFileWriter writer;
    private int iteration;

    @Setup(Level.Trial)
    public void makeDirectory() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "tsnlat-jmh") : Files.createTempDirectory("tsnlat-jmh");
        record.clear();
        record.appTxNs = 1_000;
        record.swRxNs = 5_000;
        record.appRxNs = 20_000;
    }

    @Setup(Level.Iteration)
    public void openFile() throws IOException {
        writer = RecordFileWriter.create(dir.resolve("rx-" + iteration++ + ".records"),
                new RecordHeader(RecordHeader.CURRENT_VERSION, RecordKind.RX, 0x1234L, 11, 1_000_000L, 0, 0));
    }

    @TearDown(Level.Iteration)
    public void deleteFile() throws IOException {
        writer.close();
        Files.delete(writer.file());
    }

    @TearDown(Level.Trial)
    public void removeDirectory() throws IOException {
        Files.delete(dir);
    }

    @Benchmark
    public void appendRxRecord() throws IOException {
        record.seq++;
        writer.append(record);
    }
}
