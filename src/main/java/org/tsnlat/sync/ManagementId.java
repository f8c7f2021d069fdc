package org.tsnlat.sync;

import java.util.Locale;

/**
 * The managementId values tsnlat asks for (IEEE 1588 and linuxptp's _NP extensions), with the
 * size of the data ptp4l answers with.
 */
public enum ManagementId {
    CURRENT_DATA_SET(0x2001, CurrentDataSet.DATA_BYTES),
    PARENT_DATA_SET(0x2002, ParentDataSet.DATA_BYTES),
    TIME_PROPERTIES_DATA_SET(0x2003, TimePropertiesDataSet.DATA_BYTES),
    PORT_DATA_SET(0x2004, PortDataSet.DATA_BYTES),
    TIME_STATUS_NP(0xC000, TimeStatusNp.DATA_BYTES);

    private final int value;
    private final int dataBytes;

    ManagementId(int value, int dataBytes) {
        this.value = value;
        this.dataBytes = dataBytes;
    }

    /** The wire value, such as 0x2004 for PORT_DATA_SET. */
    public int value() {
        return value;
    }

    /** How many data bytes a RESPONSE carries (at least). */
    public int dataBytes() {
        return dataBytes;
    }

    /** The name for a wire value, or "0x2005" style hex for one not listed here. */
    public static String name(int value) {
        for (ManagementId id : values()) {
            if (id.value == value) {
                return id.name();
            }
        }
        return String.format(Locale.ROOT, "0x%04x", value);
    }
}
