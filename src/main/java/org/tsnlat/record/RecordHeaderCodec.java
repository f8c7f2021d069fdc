package org.tsnlat.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The 64-byte file header, little-endian, version 2 drawn; version 1 is the same with zero in
 * bytes 56 to 59 (no checksum). In version 2 the checksum is the CRC-32C of bytes 0 to 55;
 * bytes 60 to 63 are reserved (written 0, not covered, ignored). Readers of later versions keep
 * reading every earlier one.
 *
 * <pre>
 *    0       1       2       3       4       5       6       7     byte
 *  +-------+-------+-------+-------+-------+-------+-------+-------+
 *  |  'T'  |  'S'  |  'N'  |  'L'  |  'R'  |  'E'  |  'C'  |  \0   |   0  magic
 *  +-------+-------+-------+-------+-------+-------+-------+-------+
 *  |  version = 2  | kind (1,2,3)  | header len 64 |  record len   |   8  u16 each
 *  +---------------+---------------+---------------+---------------+
 *  |                        session id (u64)                       |  16
 *  +-------------------------------+-------------------------------+
 *  | clock id (i32) 0 RT 1 MONO 11 |     flags (u32, reserved 0)   |  24
 *  +-------------------------------+-------------------------------+
 *  |                          period (i64 ns)                      |  32
 *  +---------------------------------------------------------------+
 *  |                 start time (i64 ns, the run's clock)          |  40
 *  +---------------------------------------------------------------+
 *  |        kernel software timestamp offset applied (i64 ns)      |  48
 *  +---------------------------------------------------------------+
 *  |   CRC-32C of bytes 0..55 (u32)  |     zero (reserved, u32)    |  56
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
final class RecordHeaderCodec {
    static final int HEADER_BYTES = 64;
    /** "TSNLREC\0" read as a little-endian long. */
    static final long MAGIC = 0x004345524C4E5354L;
    static final byte[] MAGIC_BYTES = {'T', 'S', 'N', 'L', 'R', 'E', 'C', 0};

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int KIND_OFFSET = 10;
    static final int HEADER_LENGTH_OFFSET = 12;
    static final int RECORD_LENGTH_OFFSET = 14;
    static final int SESSION_ID_OFFSET = 16;
    static final int CLOCK_ID_OFFSET = 24;
    static final int FLAGS_OFFSET = 28;
    static final int PERIOD_OFFSET = 32;
    static final int START_OFFSET = 40;
    static final int SW_OFFSET_OFFSET = 48;
    /** Version 2: the CRC-32C of the bytes before it; version 1: reserved, zero. */
    static final int CHECKSUM_OFFSET = 56;
    /** The bytes the version-2 checksum covers: 0 to 55. */
    static final int CHECKSUMMED_BYTES = CHECKSUM_OFFSET;
    static final int RESERVED_OFFSET = 60;

    private RecordHeaderCodec() {
    }

    /**
     * Writes {@code h} at index 0 of a little-endian buffer of at least 64 bytes, with its
     * checksum when its version has one.
     */
    static void write(ByteBuffer buf, RecordHeader h, CRC32C crc) {
        buf.put(MAGIC_OFFSET, MAGIC_BYTES);
        buf.putShort(VERSION_OFFSET, (short) h.version());
        buf.putShort(KIND_OFFSET, (short) h.kind().code());
        buf.putShort(HEADER_LENGTH_OFFSET, (short) HEADER_BYTES);
        buf.putShort(RECORD_LENGTH_OFFSET, (short) h.recordBytes());
        buf.putLong(SESSION_ID_OFFSET, h.sessionId());
        buf.putInt(CLOCK_ID_OFFSET, h.clockId());
        buf.putInt(FLAGS_OFFSET, 0);
        buf.putLong(PERIOD_OFFSET, h.periodNs());
        buf.putLong(START_OFFSET, h.startNs());
        buf.putLong(SW_OFFSET_OFFSET, h.swOffsetNs());
        buf.putInt(CHECKSUM_OFFSET, 0);
        buf.putInt(RESERVED_OFFSET, 0);
        if (h.checksummed()) {
            RecordChecksum.put(crc, buf, 0, CHECKSUMMED_BYTES);
        }
    }

    /**
     * Reads and checks the header from the first {@code available} bytes of {@code buf}
     * (index 0 on; {@code available} may be short, then the file is reported truncated). The
     * checks, in this order: magic, length, version, then (version 2) the checksum, so that no
     * field of a damaged header is believed, then kind, header length and record length.
     */
    static RecordHeader read(Path file, ByteBuffer buf, long available) throws RecordFormatException {
        buf.order(ByteOrder.LITTLE_ENDIAN);
        int magicBytes = (int) Math.min(available, MAGIC_BYTES.length);
        for (int i = 0; i < magicBytes; i++) {
            if (buf.get(MAGIC_OFFSET + i) != MAGIC_BYTES[i]) {
                throw new RecordFormatException(file, "not a tsnlat record file (bad magic)");
            }
        }
        if (available < HEADER_BYTES) {
            throw RecordFormatException.headerCutShort(file, available, HEADER_BYTES);
        }
        int version = Short.toUnsignedInt(buf.getShort(VERSION_OFFSET));
        if (version < RecordHeader.OLDEST_VERSION || version > RecordHeader.CURRENT_VERSION) {
            throw new RecordFormatException(file, "unsupported record version " + version
                    + " (this tsnlat reads versions " + RecordHeader.OLDEST_VERSION
                    + (RecordHeader.CURRENT_VERSION == RecordHeader.OLDEST_VERSION + 1 ? " and " : " to ")
                    + RecordHeader.CURRENT_VERSION + ")");
        }
        if (version >= RecordHeader.FIRST_CHECKSUMMED_VERSION
                && !RecordChecksum.matches(new CRC32C(), buf, 0, CHECKSUMMED_BYTES)) {
            throw new RecordFormatException(file, "header damaged (checksum mismatch)");
        }
        if (version < RecordHeader.FIRST_CHECKSUMMED_VERSION && buf.getInt(CHECKSUMMED_BYTES) != 0) {
            // version 1 wrote zero where version 2 keeps its checksum: a "version 1" header with one is a
            // version 2 header whose version field was damaged, and must not be read unchecked
            throw new RecordFormatException(file, "header damaged (version " + version
                    + " with a checksum: its version field is not what was written)");
        }
        int kindCode = Short.toUnsignedInt(buf.getShort(KIND_OFFSET));
        RecordKind kind = RecordKind.ofCode(kindCode);
        if (kind == null) {
            throw new RecordFormatException(file, "unknown record kind " + kindCode);
        }
        int headerBytes = Short.toUnsignedInt(buf.getShort(HEADER_LENGTH_OFFSET));
        if (headerBytes != HEADER_BYTES) {
            throw new RecordFormatException(file, "header length " + headerBytes + ", expected "
                    + HEADER_BYTES + " in version " + version);
        }
        int recordBytes = Short.toUnsignedInt(buf.getShort(RECORD_LENGTH_OFFSET));
        if (recordBytes != kind.recordBytes()) {
            throw new RecordFormatException(file, "record length " + recordBytes + ", expected "
                    + kind.recordBytes() + " for " + kind + " records in version " + version);
        }
        return new RecordHeader(version, kind, buf.getLong(SESSION_ID_OFFSET),
                buf.getInt(CLOCK_ID_OFFSET), buf.getLong(PERIOD_OFFSET), buf.getLong(START_OFFSET),
                buf.getLong(SW_OFFSET_OFFSET));
    }
}
