package org.tsnlat.record;

/** Which side of a run a record file holds, with its code in the header and its record size. */
public enum RecordKind {
    /** Written by the sender: one record per probe sent. */
    TX(1, 64),
    /** Written by the receiver: one record per probe received. */
    RX(2, 96),
    /**
     * Written by the sender: one record per reflection answered (its four two-way times),
     * {@code reflections.records}; added within version 2 ({@link ReflectionRecordCodec}).
     */
    REFLECT(3, 64);

    private final int code;
    private final int recordBytes;

    RecordKind(int code, int recordBytes) {
        this.code = code;
        this.recordBytes = recordBytes;
    }

    /** The u16 kind code in the file header. */
    public int code() {
        return code;
    }

    /** The size of one record of this kind (the same in versions 1 and 2). */
    public int recordBytes() {
        return recordBytes;
    }

    /** The kind with header code {@code code}, or null when there is none. */
    public static RecordKind ofCode(int code) {
        for (RecordKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
