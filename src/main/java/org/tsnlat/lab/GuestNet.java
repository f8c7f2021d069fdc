package org.tsnlat.lab;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the VM lab's guest NIC (virtio-net) reaches the talker, both in the switch ("hypervisor") namespace. */
public enum GuestNet {
    /** A tap device in bridge br0, with the talker's veth port: QEMU opens the tap by name. */
    TAP_BRIDGE("tap-bridge", "tap0", "br0"),
    /**
     * A macvtap (mode bridge) on the switch's end of the talker's veth pair, with the guest NIC's
     * MAC: QEMU is handed its character device {@code /dev/tap<ifindex>} as a file descriptor. No
     * bridge: the macvtap's lower device switches between the guest and the talker.
     */
    MACVTAP("macvtap", "mvtap0", null);

    private final String cliName;
    private final String device;
    private final String bridge;

    GuestNet(String cliName, String device, String bridge) {
        this.cliName = cliName;
        this.device = device;
        this.bridge = bridge;
    }

    /** The name on the command line and in the state file. */
    @JsonValue
    public String cliName() {
        return cliName;
    }

    /** The link the guest's NIC is attached to, in the switch namespace. */
    public String device() {
        return device;
    }

    /** The bridge that device is in, null when there is none. */
    public String bridge() {
        return bridge;
    }

    /** {@code tap-bridge} or {@code macvtap} (any case). */
    @JsonCreator
    public static GuestNet parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (GuestNet n : values()) {
            if (n.cliName.equals(t)) return n;
        }
        throw new org.tsnlat.exit.UsageException("unknown guest network '" + text + "'; expected one of "
                + Arrays.stream(values()).map(GuestNet::cliName).collect(Collectors.joining(", ")));
    }
}
