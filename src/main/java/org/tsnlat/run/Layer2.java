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

    /** Whether the frames carry an 802.1Q tag. */
    public boolean tagged() {
        return vlan != EthernetFraming.NO_TAG;
    }
}
