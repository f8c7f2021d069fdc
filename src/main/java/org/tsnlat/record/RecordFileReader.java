package org.tsnlat.record;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads a record file sequentially, fast (one large direct buffer, no allocation per record).
 *
 * <h2>Record file format, version 1</h2>
 * A 64-byte header ({@code RecordHeaderCodec}), then records of one fixed size, all fields
 * little-endian: 64-byte TX records ({@code TxRecordCodec}) or 96-byte RX records
 * ({@code RxRecordCodec}). Absent timestamps are stored as {@code Long.MIN_VALUE}. The file is
 * append-only; after a crash it ends with a partial record, which is not read and is reported
 * by {@link #trailingBytes()}. Full specification: {@code docs/record-format.md}.
 *
 * <p>The reader takes the file size once, at {@link #open}: a file still being written can be
 * read up to what had been flushed then.
 *
 * <p>Versions: a reader rejects versions newer than it knows ({@link RecordFormatException});
 * later readers keep reading every earlier version.
 */
public final class RecordFileReader implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final RecordHeader header;
    private final boolean tx;
    private final int recordBytes;
    private final long wholeRecords;
    private final long trailingBytes;
    private final ByteBuffer buf;
    private long nextRecord;

    private RecordFileReader(Path file, FileChannel channel, RecordHeader header, long fileBytes) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.tx = header.kind() == RecordKind.TX;
        this.recordBytes = header.recordBytes();
        long bodyBytes = fileBytes - RecordHeaderCodec.HEADER_BYTES;
        this.wholeRecords = bodyBytes / recordBytes;
        this.trailingBytes = bodyBytes % recordBytes;
        this.buf = ByteBuffer.allocateDirect(BUFFER_BYTES / recordBytes * recordBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.limit(0);
    }

    /**
     * Opens {@code file} and checks its header.
     *
     * @throws RecordFormatException if it is not a record file this code reads, with a one-line
     *     message naming the file and the problem
     */
    public static RecordFileReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, READ);
        try {
            long fileBytes = channel.size();
            ByteBuffer headerBuf = ByteBuffer.allocate(RecordHeaderCodec.HEADER_BYTES);
            long pos = 0;
            while (headerBuf.hasRemaining() && pos < fileBytes) {
                int n = channel.read(headerBuf, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
            RecordHeader header = RecordHeaderCodec.read(file, headerBuf, headerBuf.position());
            return new RecordFileReader(file, channel, header, Math.max(fileBytes, pos));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public RecordHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** Complete records in the file (as of {@link #open}). */
    public long wholeRecords() {
        return wholeRecords;
    }

    /** Bytes of a partial last record: 0 in a cleanly closed file, crash evidence otherwise. */
    public long trailingBytes() {
        return trailingBytes;
    }

    /** Reads the next record into {@code into}; false after the last whole record. */
    public boolean next(PacketRecord into) throws IOException {
        if (nextRecord >= wholeRecords) {
            return false;
        }
        if (buf.remaining() < recordBytes) {
            refill();
        }
        int index = buf.position();
        if (tx) {
            TxRecordCodec.read(buf, index, into);
        } else {
            RxRecordCodec.read(buf, index, into);
        }
        buf.position(index + recordBytes);
        nextRecord++;
        return true;
    }

    private void refill() throws IOException {
        buf.clear();
        long leftBytes = (wholeRecords - nextRecord) * recordBytes;
        if (leftBytes < buf.capacity()) {
            buf.limit((int) leftBytes);
        }
        long pos = RecordHeaderCodec.HEADER_BYTES + nextRecord * recordBytes;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new RecordFormatException(file, "file shrank while being read (ends at byte "
                        + pos + ", expected " + wholeRecords + " records)");
            }
            pos += n;
        }
        buf.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
