package org.tsnlat.sync;

/** IEEE 1588 management actionField (low nibble of byte 46): what a message asks or answers. */
public enum ActionField {
    GET(0), SET(1), RESPONSE(2), COMMAND(3), ACKNOWLEDGE(4);

    private final int value;

    ActionField(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** The action for a wire value; PtpException for the reserved values 5-15. */
    static ActionField of(int value) {
        for (ActionField a : values()) {
            if (a.value == value) {
                return a;
            }
        }
        throw new PtpException("actionField " + value + " is reserved in IEEE 1588");
    }
}
