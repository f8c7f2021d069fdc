package org.tsnlat.record;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Reads a record file sequentially, fast (one large direct buffer, no allocation per record).
 *
 * <h2>Record file format, versions 1 and 2</h2>
 * A 64-byte header ({@code RecordHeaderCodec}), then records of one fixed size, all fields
 * little-endian: 64-byte TX records ({@code TxRecordCodec}), 96-byte RX records
 * ({@code RxRecordCodec}) or 64-byte reflection records ({@code ReflectionRecordCodec}). Absent timestamps are stored as {@code Long.MIN_VALUE}. The file is
 * append-only; after a crash it ends with a partial record, which is not read and is reported
 * by {@link #trailingBytes()}. Full specification: {@code docs/record-format.md}.
 *
 * <p>Version 2 is version 1 with a CRC-32C in reserved space: of header bytes 0 to 55 in bytes
 * 56 to 59, of TX record bytes 0 to 59 in bytes 60 to 63, of RX record bytes 0 to 79 in bytes 80
 * to 83. A version-2 header whose checksum fails is refused at {@link #open}; a record whose
 * checksum fails is left out: {@link #next} skips it and counts it ({@link #damagedRecords()},
 * {@link #firstDamagedRecord()}). Each buffer of records read (up to 1 MiB) is first checked
 * with one CRC-32C over all of it, against the value a buffer of intact records has whatever
 * they hold; its records are checked one by one only when that fails, so that checking costs
 * little. Version-1 files have no checksums and are read as they always were
 * ({@link #checksummed()} is false).
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
    private final RecordKind kind;
    private final boolean checksummed;
    private final int recordBytes;
    private final long wholeRecords;
    private final long trailingBytes;
    private final ByteBuffer buf;
    private final CRC32C crc = new CRC32C();
    /** The buffer holds only intact records: its whole was checked with one checksum call. */
    private boolean bufferIntact;
    /** Version 2: an intact record, to compute {@link #intactBufferCrc} from. */
    private final byte[] intactRecord;
    /** The records of a buffer for which {@link #intactBufferCrc} was computed; -1 none yet. */
    private int intactBufferRecords = -1;
    /** The CRC-32C of a buffer of {@link #intactBufferRecords} intact records. */
    private int intactBufferCrc;
    private long nextRecord;
    private long recordsCheckedSingly;
    private long damagedRecords;
    private long firstDamagedRecord = -1;

    private RecordFileReader(Path file, FileChannel channel, RecordHeader header, long fileBytes) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.kind = header.kind();
        this.checksummed = header.checksummed();
        this.recordBytes = header.recordBytes();
        this.intactRecord = checksummed ? RecordChecksum.intactRecord(recordBytes,
                switch (kind) {
                    case TX -> TxRecordCodec.CHECKSUMMED_BYTES;
                    case RX -> RxRecordCodec.CHECKSUMMED_BYTES;
                    case REFLECT -> ReflectionRecordCodec.CHECKSUMMED_BYTES;
                }) : null;
        long bodyBytes = fileBytes - RecordHeaderCodec.HEADER_BYTES;
        this.wholeRecords = bodyBytes / recordBytes;
        this.trailingBytes = bodyBytes % recordBytes;
        this.buf = ByteBuffer.allocateDirect(BUFFER_BYTES / recordBytes * recordBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.limit(0);
    }

    /**
     * Opens {@code file} and checks its header. Refuses, without opening it, anything that is not
     * a regular file (symbolic links are followed): opening a named pipe would block until a
     * writer came.
     *
     * @throws RecordFormatException if it cannot be read as a record file this code reads, with a
     *     one-line message naming the file and the problem: not a regular file, cannot be opened or
     *     read (and why), not a record file, an unsupported version, a damaged header...
     */
    public static RecordFileReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw notRegular(file);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, READ);
        } catch (IOException e) {
            throw new RecordFormatException(file, "cannot open (" + reason(e) + ")", e);
        }
        try {
            long fileBytes;
            ByteBuffer headerBuf = ByteBuffer.allocate(RecordHeaderCodec.HEADER_BYTES);
            long pos = 0;
            try {
                fileBytes = channel.size();
                while (headerBuf.hasRemaining() && pos < fileBytes) {
                    int n = channel.read(headerBuf, pos);
                    if (n < 0) {
                        break;
                    }
                    pos += n;
                }
            } catch (IOException e) {
                throw new RecordFormatException(file, "cannot read (" + reason(e) + ")", e);
            }
            RecordHeader header = RecordHeaderCodec.read(file, headerBuf, headerBuf.position());
            return new RecordFileReader(file, channel, header, Math.max(fileBytes, pos));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Why {@code file}, which is not a regular file, is refused. */
    private static RecordFormatException notRegular(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new RecordFormatException(file, Files.isSymbolicLink(file)
                    ? "no such file (a symbolic link to nothing)" : "no such file", e);
        } catch (IOException e) {
            return new RecordFormatException(file, "cannot open (" + reason(e) + ")", e);
        }
        return new RecordFormatException(file, "not a regular file (" + kindOf(file, a) + ")");
    }

    /** "a directory", "a named pipe", "a character device"... */
    private static String kindOf(Path file, BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        int mode;
        try {
            mode = (Integer) Files.getAttribute(file, "unix:mode");
        } catch (IOException | RuntimeException e) { // no unix view, or the file changed
            return "a special file";
        }
        return switch (mode & 0170000) { // S_IFMT
            case 0010000 -> "a named pipe";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            case 0040000 -> "a directory";
            default -> "a special file";
        };
    }

    /** A short reason: "permission denied", "no such file", the system's own words. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        String m = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        m = m.lines().findFirst().orElse(m);
        return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }

    public RecordHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /**
     * True if the header and every record carry a checksum (version 2): the header was checked at
     * {@link #open} and each record is checked before {@link #next} hands it over. False for
     * version 1, whose records are handed over unchecked.
     */
    public boolean checksummed() {
        return checksummed;
    }

    /**
     * Complete records in the file (as of {@link #open}), damaged ones included: {@link #next}
     * hands over {@code wholeRecords() - damagedRecords()} of them.
     */
    public long wholeRecords() {
        return wholeRecords;
    }

    /** Bytes of a partial last record: 0 in a cleanly closed file, crash evidence otherwise. */
    public long trailingBytes() {
        return trailingBytes;
    }

    /**
     * Records whose checksum failed, skipped by {@link #next} so far: the file's total once
     * {@link #next} has returned false. Always 0 for version 1 ({@link #checksummed()} false).
     */
    public long damagedRecords() {
        return damagedRecords;
    }

    /**
     * The index of the first damaged record met by {@link #next}, counting from 0 (record
     * {@code i} starts at byte {@code 64 + i * recordBytes}); -1 if there was none.
     */
    public long firstDamagedRecord() {
        return firstDamagedRecord;
    }

    /**
     * What the caller can tell its reader about damaged records, one line, e.g.
     * {@code rx.records: 3 of 15000 records damaged (checksum), the first at record 812; left out};
     * null if {@link #next} has met none. Call it after the last {@link #next}.
     */
    public String damageNote() {
        if (damagedRecords == 0) {
            return null;
        }
        return file.getFileName() + ": " + damagedRecords + " of " + wholeRecords
                + " records damaged (checksum), the first at record " + firstDamagedRecord + "; left out";
    }

    /**
     * Records whose checksum was checked on its own, because the one check of the whole buffer
     * they were read in failed (for tests: a file without damage has none).
     */
    long recordsCheckedSingly() {
        return recordsCheckedSingly;
    }

    /**
     * Reads the next intact record into {@code into}; false after the last whole record. In a
     * version-2 file, a record whose checksum fails is skipped and counted, never handed over.
     */
    public boolean next(PacketRecord into) throws IOException {
        while (nextRecord < wholeRecords) {
            if (buf.remaining() < recordBytes) {
                refill();
            }
            int index = buf.position();
            buf.position(index + recordBytes);
            long record = nextRecord++;
            if (checksummed && !bufferIntact && !intact(index)) {
                if (damagedRecords++ == 0) {
                    firstDamagedRecord = record;
                }
                continue;
            }
            switch (kind) {
                case TX -> TxRecordCodec.read(buf, index, into);
                case RX -> RxRecordCodec.read(buf, index, into);
                case REFLECT -> ReflectionRecordCodec.read(buf, index, into);
            }
            return true;
        }
        return false;
    }

    /** Version 2: true if the record at {@code index} of the buffer holds its checksum. */
    private boolean intact(int index) {
        recordsCheckedSingly++;
        return switch (kind) {
            case TX -> TxRecordCodec.intact(buf, index, crc);
            case RX -> RxRecordCodec.intact(buf, index, crc);
            case REFLECT -> ReflectionRecordCodec.intact(buf, index, crc);
        };
    }

    /**
     * Version 2: true if every record in the buffer is intact, with zero reserved bytes, as one
     * CRC-32C over all of them shows ({@link RecordChecksum#ofIntactRecords}); false if some
     * record must be checked on its own.
     */
    private boolean bufferIntact() {
        int records = buf.limit() / recordBytes;
        if (records != intactBufferRecords) {
            intactBufferCrc = RecordChecksum.ofIntactRecords(crc, intactRecord, records);
            intactBufferRecords = records;
        }
        return RecordChecksum.of(crc, buf, 0, buf.limit()) == intactBufferCrc;
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
        bufferIntact = checksummed && bufferIntact();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
