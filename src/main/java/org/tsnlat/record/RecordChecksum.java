package org.tsnlat.record;

import java.nio.ByteBuffer;
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

    /** True if the u32 at {@code index + length} is the checksum of the {@code length} bytes before it. */
    static boolean matches(CRC32C crc, ByteBuffer buf, int index, int length) {
        return buf.getInt(index + length) == of(crc, buf, index, length);
    }
}
