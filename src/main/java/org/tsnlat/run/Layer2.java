package org.tsnlat.run;

import org.tsnlat.wire.EthernetFraming;

/**
 * Probes in Ethernet frames (--transport l2) instead of UDP datagrams: the interfaces each end
 * uses, where the frames go and how they are framed (docs/wire-format.md, "Layer 2 framing").
 *
 * @param rxInterface the receiving end's interface (in its namespace), null without a receiver
 * @param txInterface the sending end's interface, null without a sender
 * @param destinationMac the frames' destination; null when the receiver is here (its interface's MAC)
 * @param etherType   the probes' EtherType
 * @param vlan        the 802.1Q VLAN id of the sender's tag, {@link EthernetFraming#NO_TAG} for no tag
 * @param pcp         the tag's priority (0-7; 0 without a tag); also the sender's SO_PRIORITY
 */
public record Layer2(String rxInterface, String txInterface, byte[] destinationMac, int etherType, int vlan, int pcp) {
    public Layer2 {
        if (vlan != EthernetFraming.NO_TAG) EthernetFraming.checkTag(vlan, pcp);
        if (destinationMac != null) destinationMac = destinationMac.clone();
    }

    /**
     * What a receiving interface whose NIC filters VLANs ({@code rx-vlan-filter} on among its
     * ethtool {@code features}) does to tagged probes: drops those of a VLAN nothing registered on
     * it, before any socket sees them (QEMU's virtio-net does so by default). Null when it does not
     * filter. {@code vlan}: the probes' VLAN when known (above 0), for the command said.
     */
    public static String vlanFilterNote(String interfaceName, java.util.Map<String, String> features, int vlan) {
        String state = features.get("rx-vlan-filter");
        if (state == null || !state.startsWith("on")) return null;
        String id = vlan > 0 ? Integer.toString(vlan) : "ID";
        return interfaceName + " filters VLANs (rx-vlan-filter " + state + "): frames tagged with a VLAN that no 802.1Q "
                + "interface registered on it are dropped before any socket sees them, so tagged probes may never arrive "
                + "(register the VLAN: ip link add link " + interfaceName + " name " + interfaceName + "." + id
                + " type vlan id " + id + "; or turn the filter off: ethtool -K " + interfaceName
                + " rx-vlan-filter off, in a QEMU guest virtio-net-pci's ctrl_vlan=off)";
    }

    /** Whether the frames carry an 802.1Q tag. */
    public boolean tagged() {
        return vlan != EthernetFraming.NO_TAG;
    }
}
