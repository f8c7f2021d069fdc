package org.tsnlat.sync;

import java.util.Locale;

/** IEEE 1588 managementErrorId values, carried by a MANAGEMENT_ERROR_STATUS TLV. */
public final class ManagementErrorId {
    public static final int RESPONSE_TOO_BIG = 0x0001;
    public static final int NO_SUCH_ID = 0x0002;
    public static final int WRONG_LENGTH = 0x0003;
    public static final int WRONG_VALUE = 0x0004;
    public static final int NOT_SETABLE = 0x0005;
    public static final int NOT_SUPPORTED = 0x0006;
    public static final int GENERAL_ERROR = 0xFFFE;

    private ManagementErrorId() {
    }

    /** The standard's name, such as "NOT_SUPPORTED", or "0x0007" for a value it does not name. */
    public static String name(int managementErrorId) {
        return switch (managementErrorId) {
            case RESPONSE_TOO_BIG -> "RESPONSE_TOO_BIG";
            case NO_SUCH_ID -> "NO_SUCH_ID";
            case WRONG_LENGTH -> "WRONG_LENGTH";
            case WRONG_VALUE -> "WRONG_VALUE";
            case NOT_SETABLE -> "NOT_SETABLE";
            case NOT_SUPPORTED -> "NOT_SUPPORTED";
            case GENERAL_ERROR -> "GENERAL_ERROR";
            default -> String.format(Locale.ROOT, "0x%04x", managementErrorId);
        };
    }
}
