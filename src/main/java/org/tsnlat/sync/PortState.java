package org.tsnlat.sync;

/** IEEE 1588 portState, as PORT_DATA_SET reports it. Only SLAVE means the port is locked. */
public enum PortState {
    INITIALIZING(1), FAULTY(2), DISABLED(3), LISTENING(4), PRE_MASTER(5), MASTER(6), PASSIVE(7),
    /** A master is chosen, but ptp4l's servo has not locked to it (or runs free_running). */
    UNCALIBRATED(8),
    SLAVE(9);

    private final int value;

    PortState(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** The state for a wire value; PtpException for one IEEE 1588 does not define. */
    public static PortState of(int value) {
        for (PortState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        throw new PtpException("portState " + value + " is not one IEEE 1588 defines (1-9)");
    }
}
