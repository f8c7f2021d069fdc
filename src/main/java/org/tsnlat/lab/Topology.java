package org.tsnlat.lab;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the talker's and the listener's eth0 are joined (drawings in docs/lab.md). */
public enum Topology {
    /** A veth pair: talker:eth0 &lt;-&gt; listener:eth0. */
    VETH,
    /** Two veth pairs into a Linux bridge br0 in the switch namespace. */
    BRIDGE,
    /** Two macvlan interfaces (mode bridge) on one parent link in the switch namespace. */
    MACVLAN,
    /**
     * A QEMU guest as the listener: its virtio-net NIC on a tap in bridge br0 of the switch
     * ("hypervisor") namespace, where QEMU runs; the talker's eth0 in the same bridge.
     */
    VM;

    /** The lower-case name used on the command line and in the state file. */
    @JsonValue
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code veth}, {@code bridge}, {@code macvlan} or {@code vm} (any case). */
    @JsonCreator
    public static Topology parse(String text) {
        for (Topology t : values()) {
            if (t.cliName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return t;
            }
        }
        throw new org.tsnlat.exit.UsageException("unknown topology '" + text + "'; expected one of "
                + Arrays.stream(values()).map(Topology::cliName).collect(Collectors.joining(", ")));
    }

    /** True when the topology has a switch namespace between the hosts. */
    public boolean hasSwitch() {
        return this != VETH;
    }

    /** True when the listener is a VM guest, not a namespace. */
    public boolean hasGuest() {
        return this == VM;
    }
}
