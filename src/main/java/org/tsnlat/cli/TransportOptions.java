package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import org.tsnlat.run.Layer2;
import org.tsnlat.wire.EthernetFraming;
import picocli.CommandLine.Option;

/**
 * How the probes travel (docs/tsn.md, docs/wire-format.md "Layer 2 framing"): UDP datagrams, or
 * Ethernet frames over a packet socket with an optional 802.1Q tag. Shared by send, recv and run.
 */
final class TransportOptions {
    enum Transport { udp, l2 }

    @Option(names = "--transport", paramLabel = "udp|l2", defaultValue = "udp",
            description = {"udp (default): probes in UDP datagrams. l2: probes in raw Ethernet frames (AF_PACKET, "
                    + "needs CAP_NET_RAW) on one interface, the same probe payload after an Ethernet header, "
                    + "an 802.1Q tag with --vlan/--pcp; the receiver takes only frames of --ether-type "
                    + "(a BPF socket filter) and reports the priority they arrived with."})
    Transport transport;

    @Option(names = "--ether-type", paramLabel = "TYPE",
            description = "With --transport l2: the probes' EtherType, hexadecimal or decimal (default: "
                    + EthernetFraming.DEFAULT_ETHER_TYPE_HEX + ", IEEE local experimental; not IPv4's, ARP's, "
                    + "IPv6's, PTP's or a tag's).")
    String etherType;

    @Option(names = "--vlan", paramLabel = "ID", description = "With --transport l2: tag the frames (802.1Q) with "
            + "this VLAN id, 0-4094 (0: a priority tag). A receiver tags its reflections so.")
    Integer vlan;

    @Option(names = "--pcp", paramLabel = "0-7", description = {"The probes' priority: their SO_PRIORITY (the egress "
            + "qdisc's traffic class), and with --transport l2 the 802.1Q tag's priority code point (a priority tag, "
            + "VLAN 0, when no --vlan is given)."})
    Integer pcp;

    boolean layer2() {
        return transport == Transport.l2;
    }

    /** The checks that need no network: a tag only over layer 2, its fields in range. */
    void check() {
        if (!layer2()) {
            if (vlan != null) throw new UsageException("--vlan needs --transport l2 (a UDP datagram carries no tag here)");
            if (etherType != null) throw new UsageException("--ether-type needs --transport l2 (a UDP datagram has none)");
        }
        EthernetFraming.checkTag(vlan != null ? vlan : 0, pcp != null ? pcp : 0);
        etherType();
    }

    private int etherType() {
        return etherType == null ? EthernetFraming.DEFAULT_ETHER_TYPE : EthernetFraming.parseEtherType(etherType);
    }

    /**
     * Over layer 2, the framing for these interfaces and destination MAC (null: the receiver's here);
     * null over UDP. After {@link #check}, which each command calls first.
     */
    Layer2 layer2(String rxInterface, String txInterface, byte[] destinationMac) {
        if (!layer2()) return null;
        int tagVlan = vlan != null ? vlan : pcp != null ? 0 : EthernetFraming.NO_TAG;
        return new Layer2(rxInterface, txInterface, destinationMac, etherType(), tagVlan,
                pcp != null ? pcp : 0);
    }

    /** Whether --pcp was given. */
    boolean pcpGiven() {
        return pcp != null;
    }

    /** The SO_PRIORITY --pcp asks for, or {@code otherwise}. */
    int soPriority(int otherwise) {
        return pcp != null ? pcp : otherwise;
    }
}
