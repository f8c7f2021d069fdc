package org.tsnlat.linux;

/**
 * Decides whether a socket gets NIC hardware timestamps, switches the NIC on when it can, and
 * says in plain words why not when it cannot. Never degrades silently.
 */
final class HardwareTimestamping {
    /** Outcome for one socket: which directions are on and the note to show the user. */
    record Decision(boolean rx, boolean tx, String note) {
    }

    private HardwareTimestamping() {
    }

    static Decision decide(String interfaceName, boolean wantRx, boolean wantTx) {
        if (!wantRx && !wantTx) {
            return new Decision(false, false, "no timestamps requested");
        }
        if (interfaceName == null) {
            return new Decision(false, false, "no interface given");
        }
        TimestampingCapabilities caps = Ethtool.tsInfo(interfaceName);
        boolean rx = wantRx && caps.hardwareRx();
        boolean tx = wantTx && caps.hardwareTx();
        if (!rx && !tx) {
            return new Decision(false, false,
                    "interface " + interfaceName + " offers no hardware timestamping");
        }
        if (rx && !caps.hardwareRxAllPackets()) {
            rx = false;
        }
        int appliedFilter;
        try {
            appliedFilter = Ethtool.setHwTstamp(interfaceName,
                    tx ? Ethtool.HWTSTAMP_TX_ON : Ethtool.HWTSTAMP_TX_OFF,
                    rx ? Ethtool.HWTSTAMP_FILTER_ALL : Ethtool.HWTSTAMP_FILTER_NONE);
        } catch (LinuxException e) {
            String why = e.errno() == Errno.EPERM || e.errno() == Errno.EACCES
                    ? "switching it on needs root (CAP_NET_ADMIN): " : "the NIC refused: ";
            return new Decision(false, false, "interface " + interfaceName
                    + " offers hardware timestamping but " + why + e.getMessage());
        }
        rx = rx && appliedFilter == Ethtool.HWTSTAMP_FILTER_ALL;
        return new Decision(rx, tx, note(interfaceName, caps, wantRx, rx, wantTx, tx));
    }

    private static String note(String interfaceName, TimestampingCapabilities caps,
            boolean wantRx, boolean rx, boolean wantTx, boolean tx) {
        StringBuilder note = new StringBuilder("hardware timestamps on ").append(interfaceName);
        if (caps.phcIndex() >= 0) {
            note.append(" (PHC /dev/ptp").append(caps.phcIndex()).append(')');
        }
        note.append(": rx ").append(rx ? "on" : wantRx ? "off (the NIC stamps only PTP packets, not all UDP)" : "not requested");
        note.append(", tx ").append(tx ? "on" : wantTx ? "off (the NIC offers no HWTSTAMP_TX_ON)" : "not requested");
        return note.toString();
    }
}
