package org.tsnlat.wire;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;
import org.tsnlat.exit.UsageException;

/**
 * The layer-2 framing of a probe (docs/wire-format.md, "Layer 2 framing", version 1): the one
 * owner of its layout, EtherType, tag fields and limits. A probe in an Ethernet frame is the
 * same payload as in a UDP datagram ({@link ProbeHeader}, version 1), after a 14-byte Ethernet
 * header or an 18-byte one with an IEEE 802.1Q tag:
 *
 * <pre>
 *  0      6      12              16       (untagged: 12, EtherType; payload at 14)
 *  | dst  | src  | 0x8100 | TCI  | EtherType | probe payload (ProbeHeader v1) ... | zero pad to 60
 *                  TPID     PCP(3) DEI(1) VID(12)
 * </pre>
 *
 * EtherType {@value #DEFAULT_ETHER_TYPE_HEX} (IEEE 802 local experimental EtherType 1) unless
 * another is chosen; the frame, without its FCS, is padded with zeros to {@value #MIN_FRAME_BYTES}
 * bytes as Ethernet requires (the probe's own header length says where the probe ends). The
 * receiving kernel usually strips the tag into the packet's metadata (PACKET_AUXDATA); a
 * decoder of a frame with the tag still in it reads it here.
 *
 * <p>Encoding and decoding work on a {@link ByteBuffer} at absolute positions from 0 and
 * allocate nothing: they run on the measuring threads.
 */
public final class EthernetFraming {
    /** IEEE 802 local experimental EtherType 1. */
    public static final int DEFAULT_ETHER_TYPE = 0x88B5;
    /** The default EtherType as text (an option's default value). */
    public static final String DEFAULT_ETHER_TYPE_HEX = "0x88B5";
    /** The 802.1Q tag protocol identifier. */
    public static final int TPID_8021Q = 0x8100;
    public static final int MAC_BYTES = 6;
    public static final int HEADER_BYTES = 14;
    public static final int TAG_BYTES = 4;
    /** The least Ethernet frame without its FCS: shorter ones are padded with zeros. */
    public static final int MIN_FRAME_BYTES = 60;
    /** The largest VLAN id a tag may carry (4095 is reserved). */
    public static final int MAX_VLAN = 4094;
    public static final int MAX_PCP = 7;
    /** Below 0x0600 the field is a length, not an EtherType (IEEE 802.3). */
    public static final int MIN_ETHER_TYPE = 0x0600;
    /** A tag's absence, in {@link Decoded#vlan}. */
    public static final int NO_TAG = -1;

    private EthernetFraming() {
    }

    /**
     * Writes the Ethernet header (tagged when {@code vlan} is not {@link #NO_TAG}) at 0 of {@code buf}
     * and returns the payload's offset (14 or 18). The MACs are 6 bytes each.
     */
    public static int writeHeader(ByteBuffer buf, byte[] dst, byte[] src, int vlan, int pcp, int etherType) {
        buf.put(0, dst, 0, MAC_BYTES);
        buf.put(MAC_BYTES, src, 0, MAC_BYTES);
        int at = 2 * MAC_BYTES;
        if (vlan != NO_TAG) {
            buf.putShort(at, (short) TPID_8021Q);
            buf.putShort(at + 2, (short) ((pcp << 13) | vlan));
            at += TAG_BYTES;
        }
        buf.putShort(at, (short) etherType);
        return at + 2;
    }

    /** The frame's length for a payload of {@code payloadBytes} after a header of {@code headerBytes}: padded to 60. */
    public static int frameBytes(int headerBytes, int payloadBytes) {
        return Math.max(MIN_FRAME_BYTES, headerBytes + payloadBytes);
    }

    /** What a frame's header says; reused from frame to frame (no allocation on the receiving thread). */
    public static final class Decoded {
        /** The EtherType after the tag, if any. */
        public int etherType;
        /** The tag's VLAN id, or {@link #NO_TAG}. */
        public int vlan = NO_TAG;
        /** The tag's priority code point, or {@link #NO_TAG}. */
        public int pcp = NO_TAG;
        /** Where the payload starts (14 or 18). */
        public int payloadOffset;
    }

    /**
     * Reads the header of a frame of {@code length} bytes at 0 of {@code buf} into {@code into};
     * false for a frame too short for its header (nothing else is judged here: the EtherType is the
     * caller's to compare, the payload the probe decoder's).
     */
    public static boolean readHeader(ByteBuffer buf, int length, Decoded into) {
        if (length < HEADER_BYTES) return false;
        int type = buf.getShort(2 * MAC_BYTES) & 0xFFFF;
        if (type == TPID_8021Q) {
            if (length < HEADER_BYTES + TAG_BYTES) return false;
            int tci = buf.getShort(2 * MAC_BYTES + 2) & 0xFFFF;
            into.pcp = tci >>> 13;
            into.vlan = tci & 0x0FFF;
            into.etherType = buf.getShort(2 * MAC_BYTES + TAG_BYTES) & 0xFFFF;
            into.payloadOffset = HEADER_BYTES + TAG_BYTES;
        } else {
            into.pcp = NO_TAG;
            into.vlan = NO_TAG;
            into.etherType = type;
            into.payloadOffset = HEADER_BYTES;
        }
        return true;
    }

    /** "02:00:5e:10:00:01" (or with '-') to 6 bytes; a usage error naming {@code what} otherwise. */
    public static byte[] parseMac(String text, String what) {
        if (text == null || !text.matches("(?i)[0-9a-f]{2}([:-][0-9a-f]{2}){5}")) {
            throw new UsageException(what + " '" + text + "' is not a MAC address (six hex bytes, e.g. 02:00:5e:10:00:01)");
        }
        return HexFormat.of().parseHex(text.replaceAll("[:-]", ""));
    }

    public static String formatMac(byte[] mac) {
        return HexFormat.ofDelimiter(":").formatHex(mac, 0, MAC_BYTES);
    }

    /**
     * EtherTypes a probe may not take, and why: the tag protocol identifiers (a receiving kernel
     * takes such a frame for a tagged one and strips its "tag", so the filter never matches) and
     * those the receiving kernel or a daemon owns (each probe would also be handed to IP, ARP,
     * ptp4l, LLDP...).
     */
    static final java.util.Map<Integer, String> OWNED = java.util.Map.ofEntries(
            java.util.Map.entry(TPID_8021Q, "the 802.1Q tag's"), java.util.Map.entry(0x88A8, "the 802.1ad (Q-in-Q) tag's"),
            java.util.Map.entry(0x9100, "an old Q-in-Q tag's"), java.util.Map.entry(0x0800, "IPv4's"),
            java.util.Map.entry(0x0806, "ARP's"), java.util.Map.entry(0x8035, "RARP's"), java.util.Map.entry(0x86DD, "IPv6's"),
            java.util.Map.entry(0x8847, "MPLS's"), java.util.Map.entry(0x8848, "MPLS's"), java.util.Map.entry(0x888E, "EAPOL's"),
            java.util.Map.entry(0x88CC, "LLDP's"), java.util.Map.entry(0x88E5, "MACsec's"), java.util.Map.entry(0x88F7, "PTP's"),
            java.util.Map.entry(0x8809, "slow protocols' (LACP)"), java.util.Map.entry(0x8808, "Ethernet flow control's"));

    /**
     * An EtherType as given ("0x88b5", "34997"): at least 0x0600 (below is a length), not a tag's
     * nor one the receiving host's kernel or daemons own ({@link #OWNED}).
     */
    public static int parseEtherType(String text) {
        int v;
        try {
            String t = text.trim().toLowerCase(Locale.ROOT);
            v = t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new UsageException("EtherType '" + text + "' is not a number (e.g. " + DEFAULT_ETHER_TYPE_HEX + ")");
        }
        if (v < MIN_ETHER_TYPE || v > 0xFFFF) {
            throw new UsageException("EtherType '" + text + "': 0x0600 to 0xffff (below 0x0600 the field is a length)");
        }
        String owner = OWNED.get(v);
        if (owner != null) {
            throw new UsageException(String.format("EtherType 0x%04X is %s: the receiving host would take every probe for "
                    + "one of its frames; use 0x88B5 or 0x88B6 (IEEE local experimental) or another of your own", v, owner));
        }
        return v;
    }

    /** Checks a tag's fields as given: VLAN id 0-4094 (0: priority only), PCP 0-7. */
    public static void checkTag(int vlan, int pcp) {
        if (vlan < 0 || vlan > MAX_VLAN) throw new UsageException("--vlan " + vlan + ": 0 to " + MAX_VLAN + " (0: a priority tag only)");
        if (pcp < 0 || pcp > MAX_PCP) throw new UsageException("--pcp " + pcp + ": 0 to " + MAX_PCP);
    }
}
