package org.tsnlat.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The checksum of version-2 record files: CRC-32C (Castagnoli, {@link CRC32C}) of a byte range,
 * stored as a little-endian u32 right after the range it covers. Allocates nothing: the caller
 * keeps one {@link CRC32C} per file and this reads the bytes in place.
 */
final class RecordChecksum {
    private RecordChecksum() {
    }

    /**
     * The CRC-32C of {@code length} bytes of {@code buf} from {@code index}. Leaves the buffer's
     * position and limit as they were.
     */
    static int of(CRC32C crc, ByteBuffer buf, int index, int length) {
        int position = buf.position();
        int limit = buf.limit();
        buf.limit(index + length).position(index);
        crc.reset();
        crc.update(buf);
        buf.limit(limit).position(position);
        return (int) crc.getValue();
    }

    /** Writes the checksum of bytes {@code index .. index + length - 1} at {@code index + length}. */
    static void put(CRC32C crc, ByteBuffer buf, int index, int length) {
        buf.putInt(index + length, of(crc, buf, index, length));
    }

    /**
     * An intact record of {@code recordBytes} bytes, checksummed over its first
     * {@code checksummedBytes}: zero but for its checksum. For {@link #ofIntactRecords}.
     */
    static byte[] intactRecord(int recordBytes, int checksummedBytes) {
        ByteBuffer record = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
        put(new CRC32C(), record, 0, checksummedBytes);
        return record.array();
    }

    /**
     * The CRC-32C of {@code records} intact records one after the other, each checksummed over
     * its bytes before the checksum and zero after it, given one of them ({@link #intactRecord}).
     * Whatever the records hold, it is this one value: a CRC-32C register that has taken some
     * bytes and then their own CRC-32C holds a constant, so each intact record takes the register
     * from one known state to the next. A reader can thus check a buffer of records with one call
     * over all of them, much faster than one call per record ({@link CRC32C} is vectorised for long
     * inputs only), and check them one by one only when that fails. A damage confined to one
     * record changes the CRC of the buffer whenever it changes the record's own (and also when it
     * is in the reserved bytes after the checksum, which the record's own leaves out). Costs one
     * call per record and allocates nothing; callers compute it once per length.
     */
    static int ofIntactRecords(CRC32C crc, byte[] intactRecord, int records) {
        crc.reset();
        for (int i = 0; i < records; i++) {
            crc.update(intactRecord, 0, intactRecord.length);
        }
        return (int) crc.getValue();
    }

    /** True if the u32 at {@code index + length} is the checksum of the {@code length} bytes before it. */
    static boolean matches(CRC32C crc, ByteBuffer buf, int index, int length) {
        return buf.getInt(index + length) == of(crc, buf, index, length);
    }
}
