package org.tsnlat.record;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Appends records to a new record file (format in {@link RecordFileReader}); one thread at a time.
 * It writes version 2 only: the header and every record carry their CRC-32C, computed here, on
 * the thread that appends (the recorder thread, never a packet loop).
 *
 * <p>{@link #append} copies into an internal direct buffer and {@link #flush} hands the buffered
 * bytes to the kernel with write(2): once flushed, records survive a kill -9 of the process (the
 * page cache keeps them), though not a power loss; there is no fsync per flush, only on
 * {@link #close}. A crash can leave a partial last record, which readers report and skip.
 * Appending and flushing allocate nothing.
 */
public final class RecordFileWriter implements RecordSink, AutoCloseable {
    private static final int BUFFER_BYTES = 256 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final RecordHeader header;
    private final RecordKind kind;
    private final int recordBytes;
    private final ByteBuffer buf;
    private final CRC32C crc = new CRC32C();
    private long recordsAppended;
    private long recordsWritten;
    private boolean closed;

    private RecordFileWriter(Path file, FileChannel channel, RecordHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.kind = header.kind();
        this.recordBytes = header.recordBytes();
        this.buf = ByteBuffer.allocateDirect(BUFFER_BYTES / recordBytes * recordBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates {@code file} and writes its header. Fails if the file exists: a run never
     * overwrites a record file.
     *
     * @throws IllegalArgumentException if the header is not of the version this code writes
     */
    public static RecordFileWriter create(Path file, RecordHeader header) throws IOException {
        if (header.version() != RecordHeader.CURRENT_VERSION) {
            throw new IllegalArgumentException("this tsnlat writes record version "
                    + RecordHeader.CURRENT_VERSION + " only, not " + header.version());
        }
        // the header is made before the file: a kill between creating it and writing its header
        // (the window a report must take for a kill, not for damage) is two system calls long
        ByteBuffer head = ByteBuffer.allocate(RecordHeaderCodec.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        RecordHeaderCodec.write(head, header, new CRC32C());
        FileChannel channel;
        try {
            channel = FileChannel.open(file, CREATE_NEW, WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null,
                    "record file exists already; a run never overwrites one");
        }
        RecordFileWriter writer;
        try {
            while (head.hasRemaining()) {
                channel.write(head);
            }
            writer = new RecordFileWriter(file, channel, header);
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
        return writer;
    }

    /**
     * Copies {@code r} into the buffer with its checksum, flushing first when the buffer is full.
     */
    @Override
    public void append(PacketRecord r) throws IOException {
        if (buf.remaining() < recordBytes) {
            flush();
        }
        int index = buf.position();
        switch (kind) {
            case TX -> TxRecordCodec.write(buf, index, r, crc);
            case RX -> RxRecordCodec.write(buf, index, r, crc);
            case REFLECT -> ReflectionRecordCodec.write(buf, index, r, crc);
        }
        buf.position(index + recordBytes);
        recordsAppended++;
    }

    /**
     * Hands every buffered record to the kernel (write(2), no fsync). After a write fails (a full
     * disk) nothing more is written: the file keeps its whole records and at most one partial
     * one at the end, never a part written twice; the failure is thrown again.
     */
    public void flush() throws IOException {
        if (closed) {
            throw new IOException(file + ": record file is closed");
        }
        if (failed != null) {
            throw failed;
        }
        writeBuffered();
        recordsWritten = recordsAppended;
    }

    private IOException failed;

    private void writeBuffered() throws IOException {
        if (buf.position() == 0) {
            return;
        }
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            failed = e; // the buffer is half written: writing it again would repeat what is in the file
            throw e;
        }
        buf.clear();
    }

    /** Records handed to the kernel so far (appended and flushed). */
    public long recordsWritten() {
        return recordsWritten;
    }

    /** Records appended so far, including those still buffered. */
    public long recordsAppended() {
        return recordsAppended;
    }

    public RecordHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** Flushes, forces the file to storage (fsync) and closes it; a second call does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try (channel) {
            try {
                flush();
            } finally {
                channel.force(true); // what was written reaches the disk, also when the last flush failed
            }
        } finally {
            closed = true;
        }
    }
}
